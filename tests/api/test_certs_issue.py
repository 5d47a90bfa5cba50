"""Certificate issuance: the approval opens a pending issuance in the same commit; a second
member of the deciding authority confirms it (the approver who decided may not: separation of
duties), which numbers, signs and stores the certificate and re-signs the status list. The
private register obeys jurisdiction, and the signed payload verifies offline with
`baomi cert verify` against the published trust and status lists."""

import json
import os
import re
import shutil
import tempfile
import unittest

from harness import Client, audit_all, cli, free_port, new_data_dir, tmpdir
from test_apps_base import AppsTestCase, plus_days, q

NUMBER_RE = re.compile(r"^JCB32(\d{4})(\d{5})$")


class IssueTest(AppsTestCase):
    config = {"register_rate_per_minute": 1000000}

    def confirm(self, login, app_id, day, status=201, code=None):
        r = self.client(login, day).post("/api/v1/applications/%d/certificate" % app_id)
        self.assertStatus(r, status, code, msg="confirm by %s: %r" % (login, r))
        return r

    def save(self, path, body):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)

    def verify(self, payload, trust, status, now):
        with tempfile.TemporaryDirectory() as d:
            tp, sp = os.path.join(d, "trust.json"), os.path.join(d, "status.json")
            self.save(tp, trust)
            self.save(sp, status)
            return cli("cert", "verify", payload, "--trust", tp, "--status", sp, "--now", now)

    def test_two_person_issuance(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "approved", "2026-07-06")
        aid, day = app["id"], d["close"]

        # the approval opened a pending issuance, in its own commit, audited
        iss = app["issuance"]
        self.assertEqual(iss["state"], "pending")
        self.assertEqual(iss["decided_by"], self.uid("approver.js"))
        self.assertIsNone(iss["certificate_id"])
        acts = [e["action"] for e in self.audit_of(aid)]
        self.assertIn("certificate.issuance_open", acts)
        self.assertIn("approve", acts)

        # who is offered the confirmation
        self.assertNotIn("confirm_issuance", app["can"])  # the approver's own view
        self.assertIn("confirm_issuance", self.get(self.client("inspector.js", day), aid)["can"])
        self.assertIn("confirm_issuance", self.get(self.client("reviewer.js", day), aid)["can"])
        self.assertNotIn("confirm_issuance", self.get(self.client(offl, day), aid)["can"])

        # the approver who decided may not confirm (separation of duties)
        r = self.confirm("approver.js", aid, day, 403, "separation_of_duties")
        self.assertIn("approved", r.error["message"])
        # nor may an expert, the unit, or a bureau outside the jurisdiction
        self.confirm("expert.js", aid, day, 403, "not_your_step")
        self.confirm(offl, aid, day, 403, "not_your_step")
        self.confirm("reviewer.gd", aid, day, 404, "not_found")
        self.confirm("inspector.js", 999999, day, 404, "not_found")
        denied = audit_all(self.client("auditor"), action="application.decide",
                           object_id=str(aid))
        self.assertTrue(any(e["outcome"] == "denied" for e in denied), denied)

        # a second member of the authority confirms: 201 with the certificate
        r = self.confirm("inspector.js", aid, day)
        cert = r.json
        self.assertEqual(r.header("location"), "/api/v1/certificates/%d" % cert["id"])
        self.assertEqual(r.etag, '"v1"')
        m = NUMBER_RE.match(cert["number"])
        self.assertIsNotNone(m, cert["number"])
        self.assertEqual(m.group(1), day[:4])
        self.assertEqual(cert["state"], "valid")
        self.assertEqual(cert["state_label"], {"zh-CN": "有效", "en": "Valid"})
        self.assertFalse(cert["no_new_classified_work"])
        self.assertEqual((cert["issued"], cert["valid_from"]), (day, day))
        # 5 years, the last day the day before the fifth anniversary
        self.assertEqual(cert["valid_until"],
                         plus_days("%d%s" % (int(day[:4]) + 5, day[4:]), -1))
        self.assertEqual(cert["unit"], unit["name"])
        self.assertEqual(cert["uscc"], unit["uscc"])
        self.assertEqual((cert["scheme"], cert["grade"]), ("integration", "B"))
        self.assertEqual(cert["categories"], app["categories"])
        self.assertEqual(len(cert["category_names"]), len(cert["categories"]))
        self.assertEqual(cert["grade_name"]["zh-CN"], "乙级")
        self.assertEqual(cert["authority_id"], self.auths["320000"]["id"])
        self.assertEqual(cert["authority"]["zh-CN"], self.auths["320000"]["name_zh"])
        self.assertEqual((cert["decided_by"], cert["confirmed_by"]),
                         (self.uid("approver.js"), self.uid("inspector.js")))
        self.assertEqual(cert["application_id"], aid)
        self.assertTrue(cert["payload"].startswith("BM1:"))
        self.assertRegex(cert["kid"], r"^[0-9a-f]{16}$")

        # a second confirmation: 409
        self.confirm("reviewer.js", aid, day, 409, "already_issued")

        # the case shows the certificate, and nobody is offered the confirmation any more
        a = self.get(self.client("reviewer.js", day), aid)
        self.assertEqual(a["issuance"]["state"], "confirmed")
        self.assertEqual(a["issuance"]["certificate_id"], cert["id"])
        self.assertNotIn("confirm_issuance", a["can"])

        # audited: the issue with both people, and the key made on first use
        ents = audit_all(self.client("auditor"), object_type="certificate",
                         object_id=str(cert["id"]))
        issue = [e for e in ents if e["action"] == "certificate.issue"]
        self.assertEqual(len(issue), 1)
        self.assertEqual(issue[0]["actor"], "inspector.js")
        self.assertEqual(issue[0]["details"]["number"], cert["number"])
        self.assertEqual(issue[0]["details"]["decided_by"], self.uid("approver.js"))
        self.assertTrue(audit_all(self.client("auditor"), action="signing_key.create"))

        # the unit was told
        texts = [n["text_en"] for n in self.notifications(self.client(offl, day), aid)]
        self.assertTrue(any(cert["number"] in t for t in texts), texts)

        # the payload verifies offline against the published lists
        anon = Client(self.server)
        anon.now = day
        trust, status = anon.get("/api/v1/public/keys"), anon.get("/api/v1/public/status-list")
        self.assertStatus(trust, 200)
        self.assertStatus(status, 200)
        res = self.verify(cert["payload"], trust.json, status.json, day)
        self.assertEqual(res.code, 0, res)
        self.assertIn("valid", res.out)
        self.assertNotIn("invalid", res.out)
        # the day after its last day it has expired
        res = cli("cert", "verify", cert["payload"], "--trust", self._write(trust.json),
                  "--now", plus_days(cert["valid_until"], 1))
        self.assertNotEqual(res.code, 0, res)
        self.assertIn("expired", res.out + res.err)

    def _write(self, body):
        fd, path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
        self.addCleanup(os.unlink, path)
        return path

    def test_not_approved_and_jurisdiction(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "decision", "2026-08-03")
        aid, day = app["id"], d["close"]
        self.assertIsNone(app["issuance"])
        # nothing to confirm before the approval
        self.confirm("inspector.js", aid, day, 409, "no_issuance")
        app = self.event(self.client("approver.js", day), app, "approve",
                         {"reason": "准予许可"}).json
        cert = self.confirm("reviewer.js", aid, day).json
        cid = cert["id"]

        # the private register: the authority's staff, the unit's own users
        for login in ("reviewer.js", "inspector.nj", "reviewer.nation", offl):
            r = self.client(login, day).get("/api/v1/certificates/%d" % cid)
            self.assertStatus(r, 200, msg="%s: %r" % (login, r))
            self.assertEqual(r.json["number"], cert["number"])
            self.assertEqual(r.etag, '"v1"')
            self.assertEqual(r.json["payload"], cert["payload"])
        # invisible elsewhere: another province's reviewer, another unit's officer -> 404
        other, other_off = self.new_unit()
        for login in ("reviewer.gd", other_off, "officer.jindun"):
            r = self.client(login, day).get("/api/v1/certificates/%d" % cid)
            self.assertStatus(r, 404, "not_found", msg="%s: %r" % (login, r))
        self.assertStatus(self.client("reviewer.js", day).get("/api/v1/certificates/999999"),
                          404, "not_found")
        # an administrator holds no application.read
        self.assertStatus(self.adm.get("/api/v1/certificates/%d" % cid), 403)
        # no login
        self.assertStatus(Client(self.server).get("/api/v1/certificates/%d" % cid), 401)

        # lists follow the same rule, with filters
        def ids(login, **p):
            r = self.client(login, day).get(q("/api/v1/certificates", limit=200, **p))
            self.assertStatus(r, 200)
            return [c["id"] for c in r.json["items"]]
        self.assertIn(cid, ids("reviewer.js"))
        self.assertIn(cid, ids("reviewer.js", state="valid", scheme="integration", grade="B"))
        self.assertNotIn(cid, ids("reviewer.js", state="revoked"))
        self.assertNotIn(cid, ids("reviewer.js", grade="A"))
        self.assertIn(cid, ids("reviewer.js", unit_id=unit["id"]))
        self.assertNotIn(cid, ids("reviewer.js", unit_id=other["id"]))
        self.assertEqual(ids(offl), [cid])
        self.assertEqual(ids(other_off), [])
        self.assertNotIn(cid, ids("reviewer.gd"))
        # paging: one at a time reaches the same set
        seen, cursor = [], None
        for _ in range(50):
            p = {"limit": 1}
            if cursor:
                p["cursor"] = cursor
            r = self.client("reviewer.js", day).get(q("/api/v1/certificates", **p))
            self.assertStatus(r, 200)
            self.assertLessEqual(len(r.json["items"]), 1)
            seen += [c["id"] for c in r.json["items"]]
            cursor = r.json["next_cursor"]
            if not cursor:
                break
        self.assertEqual(seen, ids("reviewer.js"))
        # validation names the field
        c = self.client("reviewer.js", day)
        self.assertStatus(c.get("/api/v1/certificates?state=lost"), 400, field="state")
        self.assertStatus(c.get("/api/v1/certificates?limit=0"), 400, field="limit")
        self.assertStatus(c.get("/api/v1/certificates?colour=red"), 400, field="colour")
        self.assertStatus(c.post("/api/v1/applications/%d/certificate" % aid, {"x": 1}), 413)

    def test_numbers_count_per_scheme_and_year(self):
        numbers = []
        for start in ("2026-09-07", "2026-09-14"):
            _, offl = self.new_unit()
            app, d = self.drive(offl, "approved", start)
            numbers.append(self.confirm("inspector.js", app["id"], d["close"]).json["number"])
        seqs = [int(NUMBER_RE.match(n).group(2)) for n in numbers]
        self.assertEqual(seqs[1], seqs[0] + 1, numbers)
        # the status list indices are distinct and ascending
        idx = [self.client("reviewer.js").get(
            "/api/v1/public/certificates/%s" % n).json["status_index"] for n in numbers]
        self.assertEqual(idx[1], idx[0] + 1)


class NumberPatternTest(unittest.TestCase):
    def test_bad_pattern_stops_the_server(self):
        """A scheme file whose certificate.number_pattern is bad stops the server at start,
        naming the file, the JSON path and why."""
        root = os.environ.get("BAOMI_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
        data, _ = new_data_dir()
        for pattern, why in (("JC{grade}{seq:5}", "{year}"),
                             ("JC{city}{year}{seq:5}", "unknown token"),
                             ("{scheme}{scheme}{scheme}{region}{year}{seq:9}", "48")):
            copy = tmpdir("schemes-bad")
            for name in os.listdir(os.path.join(root, "data", "schemes")):
                shutil.copy(os.path.join(root, "data", "schemes", name), copy)
            path = os.path.join(copy, "integration.json")
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            doc["certificate"]["number_pattern"] = pattern
            doc["version"] += 1000
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            r = cli("serve", "--data", data, "--listen", "127.0.0.1:%d" % free_port(),
                    env={"BAOMI_SCHEMES": copy}, timeout=30)
            self.assertEqual(r.code, 1, (pattern, r))
            self.assertIn("integration.json", r.err)
            self.assertIn("$.certificate.number_pattern", r.err)
            self.assertIn(why, r.err)
