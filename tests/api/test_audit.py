"""The audit trail through the API: one entry per mutation, read by the auditor only,
filters and paging, no secrets, verification."""

import json
import os
from urllib.parse import urlencode

from harness import DEMO_PASSWORD, Client, ServerTestCase, audit_all, unique, unit_body


class AuditTest(ServerTestCase):
    """setUpClass performs one of every mutation and remembers what it expects."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expect = []  # (response, action, object_type, object_id, actor)
        cls.secrets = [DEMO_PASSWORD, cls.server.admin_password]
        s = cls.server

        def want(r, status, action, otype, oid, actor):
            if r.status != status:
                raise AssertionError("set-up step %s failed: %r" % (action, r))
            cls.expect.append((r, action, otype, str(oid), actor))
            return r

        adm = Client(s)
        r = want(adm.login("sysadmin"), 200, "session.login", "user", None, "sysadmin")
        sys_id = r.json["user"]["id"]
        cls.expect[-1] = (r, "session.login", "user", str(sys_id), "sysadmin")
        cls.secrets += [adm.session, adm.csrf]
        sec = Client(s)
        sec.login("secadmin")
        cls.secrets += [sec.session, sec.csrf]

        login = unique("aud.")
        pw1, pw2, pw3 = "First-Secret-Pw-2026", "Second-Secret-Pw-2026", "Third-Secret-Pw-2026"
        cls.secrets += [pw1, pw2, pw3]
        u = adm.post("/api/v1/users", {"login": login, "display_name": "审计对象",
                                       "password": pw1})
        uid = u.json["id"]
        want(u, 201, "user.create", "user", uid, "sysadmin")
        r = want(adm.patch_if("/api/v1/users/%d" % uid, {"display_name": "改名"}, u.etag), 200,
                 "user.update", "user", uid, "sysadmin")
        r = want(adm.post("/api/v1/users/%d/password" % uid, {"password": pw2}), 200,
                 "user.password_reset", "user", uid, "sysadmin")
        cur = sec.get("/api/v1/users/%d" % uid)
        auths = {a["region"]: a["id"] for a in adm.get("/api/v1/authorities").json["items"]}
        r = want(sec.put_if("/api/v1/users/%d/access" % uid,
                            {"roles": ["reviewer"],
                             "membership": {"authority_id": auths["320000"], "unit_id": None},
                             "clearance": {"level": "confidential", "compartments": []}},
                            cur.etag), 200, "user.set_access", "user", uid, "secadmin")
        # the user changes the reset password, then logs out
        me = Client(s)
        r = want(me.login(login, pw2), 200, "session.login", "user", uid, login)
        cls.secrets += [me.session, me.csrf]
        want(me.post("/api/v1/me/password", {"current_password": pw2, "new_password": pw3}), 204,
             "user.password_change", "user", uid, login)
        want(me.logout(), 204, "session.logout", "user", uid, login)
        r = adm.get("/api/v1/users/%d" % uid)
        want(adm.patch_if("/api/v1/users/%d" % uid, {"disabled": True}, r.etag), 200,
             "user.disable", "user", uid, "sysadmin")
        # units
        un = adm.post("/api/v1/units", unit_body())
        want(un, 201, "unit.create", "unit", un.json["id"], "sysadmin")
        r = want(adm.patch_if("/api/v1/units/%d" % un.json["id"], {"address": "新地址 2 号"},
                              un.etag), 200, "unit.update", "unit", un.json["id"], "sysadmin")
        want(sec.put_if("/api/v1/units/%d/label" % un.json["id"],
                        {"level": "confidential", "compartments": []}, r.etag), 200,
             "unit.set_label", "unit", un.json["id"], "secadmin")
        cls.unit_id = un.json["id"]
        # authorities and regions
        a = adm.post("/api/v1/authorities", {"name_zh": "无锡市国家保密局",
                                             "name_en": "Wuxi Municipal Secrecy Bureau",
                                             "region": "320200"})
        want(a, 201, "authority.create", "authority", a.json["id"], "sysadmin")
        want(adm.patch_if("/api/v1/authorities/%d" % a.json["id"], {"name_en": "Wuxi Bureau"},
                          a.etag), 200, "authority.update", "authority", a.json["id"], "sysadmin")
        want(adm.post("/api/v1/regions", {"code": "320102", "name_zh": "玄武区",
                                          "name_en": "Xuanwu"}), 201,
             "region.create", "region", "320102", "sysadmin")
        # tokens
        t = adm.post("/api/v1/me/tokens", {"name": "audit-test", "expires_in_days": 3})
        want(t, 201, "api_token.create", "api_token", t.json["id"], "sysadmin")
        cls.secrets.append(t.json["token"])
        bot = Client(s, token=t.json["token"])
        bu = bot.post("/api/v1/units", unit_body())
        want(bu, 201, "unit.create", "unit", bu.json["id"], "sysadmin")
        want(adm.delete("/api/v1/me/tokens/%d" % t.json["id"]), 204, "api_token.revoke",
             "api_token", t.json["id"], "sysadmin")
        # failures and refusals
        cls.ghost = unique("ghost.")
        cls.failed_unknown = Client(s).login(cls.ghost, "Ghost-Password-2026")
        cls.secrets.append("Ghost-Password-2026")
        cls.failed_wrong = Client(s).login("reviewer.js", "Wrong-Password-2026x")
        cls.secrets.append("Wrong-Password-2026x")
        cls.auditor = Client(s)
        cls.auditor.login("auditor")
        cls.secrets += [cls.auditor.session, cls.auditor.csrf]
        cls.entries = audit_all(cls.auditor)

    def find(self, r):
        hits = [e for e in self.entries if e["request_id"] == r.rid]
        self.assertTrue(hits, "no audit entry with request_id %s for %r" % (r.rid, r))
        return hits

    def test_every_mutation_audited(self):
        self.assertGreaterEqual(len(self.expect), 18)
        for r, action, otype, oid, actor in self.expect:
            with self.subTest(action=action, rid=r.rid):
                self.assertIsNotNone(r.rid)
                hits = [e for e in self.find(r) if e["action"] == action]
                self.assertEqual(len(hits), 1, "%s: %r" % (action, self.find(r)))
                e = hits[0]
                self.assertEqual(e["outcome"], "ok")
                self.assertEqual(e["actor"], actor)
                self.assertEqual(e["object_type"], otype)
                self.assertEqual(e["object_id"], oid)
                self.assertEqual(e["client_addr"], "127.0.0.1")
                self.assertTrue(e["ts"].endswith("Z"))

    def test_entry_details(self):
        by_action = {}
        for r, action, otype, oid, actor in self.expect:
            for e in self.find(r):
                by_action.setdefault(action, e)
        d = by_action["user.set_access"]["details"]
        self.assertEqual(d["new"]["roles"], ["reviewer"])
        self.assertEqual(d["old"]["roles"], [])
        self.assertEqual(by_action["user.update"]["details"]["changes"]["display_name"]["new"],
                         "改名")
        self.assertEqual(by_action["unit.set_label"]["details"]["new"]["level"], "confidential")
        self.assertIn("uscc", by_action["unit.create"]["details"])
        self.assertEqual(by_action["user.disable"]["details"]["changes"]["disabled"],
                         {"old": False, "new": True})
        self.assertEqual(by_action["session.login"]["actor_roles"], "system_admin")

    def test_failed_logins_audited(self):
        self.assertEqual(self.failed_unknown.status, 401)
        e = self.find(self.failed_unknown)[0]
        self.assertEqual((e["action"], e["outcome"]), ("session.login", "failure"))
        self.assertEqual(e["details"]["reason"], "unknown_login")
        self.assertEqual(e["actor"], "anonymous")
        # the unknown login is not kept in clear
        self.assertNotIn(self.ghost, json.dumps(self.entries, ensure_ascii=False))
        e = self.find(self.failed_wrong)[0]
        self.assertEqual((e["action"], e["outcome"]), ("session.login", "failure"))
        self.assertEqual(e["details"]["reason"], "wrong_password")

    def test_no_secrets_in_audit(self):
        text = json.dumps(self.entries, ensure_ascii=False)
        for s in self.secrets:
            self.assertTrue(s)
            self.assertNotIn(s, text, "a secret appears in the audit trail")
        # the raw rows as stored, too
        db = self.server.db()
        rows = db.execute("SELECT * FROM audit_log").fetchall()
        db.close()
        raw = "\n".join(" ".join(str(v) for v in tuple(r)) for r in rows)
        for s in self.secrets:
            self.assertNotIn(s, raw)
        def keys(o):
            if isinstance(o, dict):
                for k, v in o.items():
                    yield k
                    yield from keys(v)
            elif isinstance(o, list):
                for v in o:
                    yield from keys(v)

        for e in self.entries:
            for k in keys(e["details"]):
                for bad in ("password", "hash", "secret", "csrf", "token"):
                    self.assertNotIn(bad, k.lower(), "details key %r in %r" % (k, e))

    def test_no_secrets_in_access_log(self):
        with open(self.server.access_log, encoding="utf-8") as f:
            text = f.read()
        for s in self.secrets:
            self.assertNotIn(s, text)

    def test_only_auditor(self):
        for login in ("sysadmin", "secadmin"):
            r = self.server.login(login).get("/api/v1/audit")
            self.assertJsonError(r, 403, "forbidden")
        t = self.server.login("sysadmin").post("/api/v1/me/tokens",
                                               {"name": "x", "expires_in_days": 1})
        r = Client(self.server, token=t.json["token"]).get("/api/v1/audit")
        self.assertJsonError(r, 403)

    def test_filters(self):
        a = self.auditor
        items = audit_all(a, actor="sysadmin")
        self.assertTrue(items)
        self.assertTrue(all(e["actor"] == "sysadmin" for e in items))
        items = audit_all(a, action="user.create")
        self.assertTrue(items)
        self.assertTrue(all(e["action"] == "user.create" for e in items))
        items = audit_all(a, action="user.")
        self.assertEqual({e["action"] for e in items} >= {"user.create", "user.update",
                                                           "user.disable", "user.set_access",
                                                           "user.password_reset",
                                                           "user.password_change"}, True, items)
        self.assertTrue(all(e["action"].startswith("user.") for e in items))
        items = audit_all(a, object_type="unit", object_id=str(self.unit_id))
        self.assertEqual([e["action"] for e in items], ["unit.set_label", "unit.update",
                                                        "unit.create"])
        items = audit_all(a, actor="secadmin", action="unit.set_label",
                          object_id=str(self.unit_id))
        self.assertEqual(len(items), 1)
        self.assertEqual(audit_all(a, actor="no-such-actor"), [])
        # time window: between two known entries, inclusive
        ordered = sorted(self.entries, key=lambda e: e["seq"])
        lo, hi = ordered[len(ordered) // 3], ordered[2 * len(ordered) // 3]
        items = audit_all(a, **{"from": lo["ts"], "to": hi["ts"]})
        seqs = {e["seq"] for e in items}
        want = {e["seq"] for e in ordered if lo["ts"] <= e["ts"] <= hi["ts"]}
        self.assertEqual(seqs & want, want)
        self.assertTrue(all(lo["ts"] <= e["ts"] <= hi["ts"] for e in items))
        # a bare date is a civil day in China Standard Time (UTC+8)
        import datetime
        last = datetime.datetime.strptime(ordered[-1]["ts"], "%Y-%m-%dT%H:%M:%S.%fZ")
        today = (last + datetime.timedelta(hours=8)).strftime("%Y-%m-%d")
        items = audit_all(a, **{"from": today, "to": today})
        self.assertIn(ordered[-1]["seq"], {e["seq"] for e in items})
        self.assertEqual(audit_all(a, to="2000-01-01"), [])
        r = a.get("/api/v1/audit?from=yesterday")
        self.assertJsonError(r, 400, None, "from")
        r = a.get("/api/v1/audit?limit=501")
        self.assertJsonError(r, 400, None, "limit")
        r = a.get("/api/v1/audit?cursor=abc")
        self.assertJsonError(r, 400, None, "cursor")
        r = a.get("/api/v1/audit?password=1")
        self.assertJsonError(r, 400, "unknown_field", "password")

    def test_cursor_paging(self):
        a = self.auditor
        full = a.get("/api/v1/audit?" + urlencode({"actor": "sysadmin", "limit": 500}))
        self.assertStatus(full, 200)
        self.assertIsNone(full.json["next_cursor"])
        want = [e["seq"] for e in full.json["items"]]
        self.assertGreater(len(want), 7)
        self.assertEqual(want, sorted(want, reverse=True))
        got, cursor, pages = [], None, 0
        while True:
            q = {"actor": "sysadmin", "limit": 3}
            if cursor:
                q["cursor"] = cursor
            r = a.get("/api/v1/audit?" + urlencode(q))
            self.assertStatus(r, 200)
            self.assertLessEqual(len(r.json["items"]), 3)
            got += [e["seq"] for e in r.json["items"]]
            pages += 1
            cursor = r.json["next_cursor"]
            if cursor is None:
                break
            self.assertIsInstance(cursor, str)
            self.assertLess(pages, 100)
        self.assertEqual(got, want)
        # exactly one full page: no next cursor pointing at an empty page
        r = a.get("/api/v1/audit?" + urlencode({"actor": "sysadmin", "limit": len(want)}))
        self.assertIsNone(r.json["next_cursor"])

    def test_seq_and_entries_consistent(self):
        seqs = sorted(e["seq"] for e in self.entries)
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))

    def test_verify_ok(self):
        r = self.auditor.get("/api/v1/audit/verify")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["ok"], r)
        self.assertEqual(r.json["first_bad_seq"], 0)
        self.assertGreaterEqual(r.json["entries"], len(self.entries))
        self.assertGreaterEqual(r.json["signed_heads"], 1)
        # verifying is itself recorded
        hits = [e for e in audit_all(self.auditor, action="audit.verify")
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0]["outcome"], "ok")
