"""A certificate's life after issuance through the API: suspension and reinstatement,
revocation (with the 3-year bar the eligibility check reads), cancellation (the unit may only
ask), each legal and illegal move with If-Match, roles and jurisdiction, the history, the
signed status list and the public register following on the same commit; a new version when
the unit's name changes; renewal applications inside and outside their window."""

import json
import os
import tempfile

from harness import Client, audit_all, cli
from test_apps_base import AppsTestCase, plus_days, plus_months


def period_last(first, months):
    """certlife_period_last: the last day of a period of months beginning on first."""
    same = plus_months(first, months)
    return plus_days(same, -1) if same[8:] == first[8:] else same


class LifeCase(AppsTestCase):
    """Issues certificates and raises their events."""

    config = {"register_rate_per_minute": 1000000}

    def issue(self, start="2026-07-06", region="320100"):
        """A fresh unit with an issued certificate: (unit, officer login, cert, day)."""
        unit, offl = self.new_unit(region=region)
        app, d = self.drive(offl, "approved", start)
        day = d["close"]
        r = self.client("inspector.js", day).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201, msg="confirm: %r" % r)
        return unit, offl, r.json, day

    def cert(self, login, cid, now=None):
        r = self.client(login, now).get("/api/v1/certificates/%d" % cid)
        self.assertStatus(r, 200)
        return r

    def cev(self, login, cert, event, body=None, now=None, status=200, code=None, field=None,
            etag=None):
        """Raise event on cert (a dict or id) as login with the current ETag unless given."""
        cid = cert if isinstance(cert, int) else cert["id"]
        c = self.client(login, now)
        if etag is None:
            etag = self.cert("inspector.js", cid).etag
        r = c.post("/api/v1/certificates/%d/events/%s" % (cid, event), body or {},
                   headers={"If-Match": etag})
        self.assertStatus(r, status, code, field, msg="%s on %d by %s: %r" % (event, cid,
                                                                          login, r))
        if status == 200:
            self.assertEqual(r.etag, '"v%d"' % r.json["version"])
        return r

    def unit_certs(self, login, unit_id):
        r = self.client(login).get("/api/v1/certificates?unit_id=%d&limit=200" % unit_id)
        self.assertStatus(r, 200)
        return r.json["items"]

    def history(self, login, cid):
        r = self.client(login).get("/api/v1/certificates/%d/history" % cid)
        self.assertStatus(r, 200)
        return r.json["items"]

    def public(self, number, now=None):
        anon = Client(self.server)
        anon.now = now
        r = anon.get("/api/v1/public/certificates/%s" % number)
        self.assertStatus(r, 200)
        return r.json

    def lists(self, now):
        anon = Client(self.server)
        anon.now = now
        trust, status = anon.get("/api/v1/public/keys"), anon.get("/api/v1/public/status-list")
        self.assertStatus(trust, 200)
        self.assertStatus(status, 200)
        return trust.json, status.json

    def _write(self, body):
        fd, path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
        self.addCleanup(os.unlink, path)
        return path

    def verify(self, payload, now, trust=None, status=None):
        """`baomi cert verify` against the lists as published now (or those given)."""
        t, s = self.lists(now)
        args = ["cert", "verify", payload, "--trust", self._write(trust or t), "--now", now]
        if status is not False:
            args += ["--status", self._write(status or s)]
        return cli(*args)


class LifeTest(LifeCase):
    def test_suspend_and_reinstate(self):
        unit, offl, cert, day = self.issue("2026-07-06")
        cid = cert["id"]

        # who is offered what
        a = self.cert("approver.js", cid, day).json
        self.assertEqual(sorted(a["actions"]), ["cancel", "revoke", "suspend"])
        self.assertIn("history", a["can"])
        o = self.cert(offl, cid, day).json
        self.assertEqual(o["actions"], [])
        self.assertIn("request_cancellation", o["can"])
        self.assertEqual(self.cert("reviewer.js", cid, day).json["actions"], [])

        start, end = plus_days(day, 1), period_last(plus_days(day, 1), 6)
        body = {"reason": "rectification_overdue", "start": start, "end": end}
        path = "/api/v1/certificates/%d/events/suspend" % cid
        ap = self.client("approver.js", day)
        # If-Match: required, and must be current
        self.assertJsonError(ap.post(path, body), 428)
        self.assertJsonError(ap.post(path, body, headers={"If-Match": '"v7"'}), 412)
        # roles and jurisdiction
        self.cev("reviewer.js", cert, "suspend", body, day, 403, "not_your_step")
        self.cev(offl, cert, "suspend", body, day, 403, "not_your_step")
        nat, _ = self.new_user(["approver"], region="000000", level="secret", prefix="ap.")
        self.cev(nat, cert, "suspend", body, day, 403, "not_your_step")
        self.cev("reviewer.gd", cert, "suspend", body, day, 404, "not_found")
        _, other_off = self.new_unit()
        self.cev(other_off, cert, "suspend", body, day, 404, "not_found")
        r = ap.post("/api/v1/certificates/999999/events/suspend", body,
                    headers={"If-Match": '"v1"'})
        self.assertJsonError(r, 404, "not_found")
        # events the API does not raise, and unknown ones
        for ev in ("expire", "supersede", "explode"):
            self.cev("approver.js", cert, ev, {}, day, 404, "not_found")
        # reasons: not this event's, unknown, none
        self.cev("approver.js", cert, "suspend", dict(body, reason="forged"), day, 400,
                 "invalid_reason", "reason")
        self.cev("approver.js", cert, "suspend", dict(body, reason="bored"), day, 400,
                 "invalid_reason", "reason")
        self.cev("approver.js", cert, "suspend", {"start": start, "end": end}, day, 400,
                 "invalid_reason", "reason")
        self.cev("approver.js", cert, "suspend", {"reason": "rectification_overdue",
                                                  "start": start}, day, 400, "missing_field",
                 "end")
        # the term: 6 to 12 months
        self.cev("approver.js", cert, "suspend", dict(body, end=plus_days(end, -1)), day, 422,
                 "guard_failed", "suspension_length")
        self.cev("approver.js", cert, "suspend",
                 dict(body, end=plus_days(period_last(start, 12), 1)), day, 422,
                 "guard_failed", "suspension_length")
        # nothing of the refused attempts changed the certificate
        self.assertEqual(self.cert("approver.js", cid).etag, '"v1"')

        r = self.cev("approver.js", cert, "suspend", dict(body, note="整改逾期"), day)
        c = r.json
        self.assertEqual((c["state"], c["state_since"]), ("suspended", day))
        self.assertEqual((c["suspension_start"], c["suspension_end"]), (start, end))
        self.assertTrue(c["no_new_classified_work"])
        self.assertEqual(c["version"], 2)
        self.assertEqual(sorted(c["actions"]), ["cancel", "reinstate", "revoke"])
        self.assertNotIn("request_cancellation", self.cert(offl, cid, day).json["can"])

        # the public register and the status list follow on the same commit
        p = self.public(cert["number"], day)
        self.assertEqual(p["state"], "suspended")
        self.assertTrue(p["no_new_classified_work"])
        res = self.verify(cert["payload"], day)
        self.assertNotEqual(res.code, 0, res)
        self.assertTrue(res.out.startswith("suspended"), res)

        # a second suspension is illegal, and says in which state
        r = self.cev("approver.js", cert, "suspend", body, day, 409, "illegal_transition",
                     "state")
        self.assertIn("suspended", r.error["message"])
        # the unit may not leave its sanction by asking
        self.cev(offl, cert, "cancel", {"reason": "unit_request"}, day, 409,
                 "illegal_transition")

        # reinstatement: the term served and no finding on the certificate unverified
        # (test_inspections shows the refusal while one is open)
        self.cev("approver.js", cert, "reinstate", {}, end, 422, "guard_failed",
                 "suspension_served")
        after = plus_days(end, 1)
        self.cev("approver.js", cert, "reinstate", {"reason": "forged"}, after, 400,
                 "invalid_reason", "reason")
        c = self.cev("approver.js", cert, "reinstate", {}, after).json
        self.assertEqual((c["state"], c["state_since"]), ("valid", after))
        self.assertEqual((c["suspension_start"], c["suspension_end"]), (None, None))
        self.assertFalse(c["no_new_classified_work"])
        self.assertEqual(self.public(cert["number"], after)["state"], "valid")
        res = self.verify(cert["payload"], after)
        self.assertEqual(res.code, 0, res)
        self.assertTrue(res.out.startswith("valid"), res)

        # the history, oldest first
        h = self.history("reviewer.js", cid)
        self.assertEqual([(e["event"], e["from"], e["to"]) for e in h],
                         [("suspend", "valid", "suspended"), ("reinstate", "suspended", "valid")])
        self.assertEqual(h[0]["reason"], "rectification_overdue")
        self.assertEqual((h[0]["start"], h[0]["end"], h[0]["day"]), (start, end, day))
        self.assertEqual(h[0]["note"], "整改逾期")
        self.assertEqual((h[0]["by"], h[0]["by_login"]),
                         (self.uid("approver.js"), "approver.js"))
        self.assertIsNone(h[1]["reason"])
        self.assertEqual(h[1]["day"], after)
        self.assertEqual([e["event"] for e in self.history(offl, cid)], ["suspend", "reinstate"])
        self.assertJsonError(self.client("reviewer.gd").get(
            "/api/v1/certificates/%d/history" % cid), 404, "not_found")
        self.assertJsonError(self.client("reviewer.js").get(
            "/api/v1/certificates/999999/history"), 404, "not_found")

        # audited, and the unit told
        acts = [e["action"] for e in audit_all(self.client("auditor"), object_type="certificate",
                                               object_id=str(cid))]
        self.assertIn("certificate.suspend", acts)
        self.assertIn("certificate.reinstate", acts)
        texts = [n["text_en"] for n in self.notifications(self.client(offl, after))]
        self.assertTrue(any(cert["number"] in t and "Suspended" in t for t in texts), texts)

    def test_revoke_bars_new_applications(self):
        unit, offl, cert, day = self.issue("2026-07-13")
        cid = cert["id"]
        c = self.cev("approver.js", cert, "revoke", {"reason": "forged"}, day).json
        self.assertEqual((c["state"], c["state_since"]), ("revoked", day))
        self.assertEqual(c["actions"], [])
        self.assertEqual(self.public(cert["number"], day)["state"], "revoked")
        res = self.verify(cert["payload"], day)
        self.assertNotEqual(res.code, 0, res)
        self.assertTrue(res.out.startswith("revoked"), res)
        # final: nothing moves it
        for ev, body in (("revoke", {"reason": "sold"}), ("suspend", {
                "reason": "rectification_overdue", "start": day,
                "end": period_last(day, 6)}), ("reinstate", {}),
                ("cancel", {"reason": "legal_person_ended"})):
            r = self.cev("approver.js", cert, ev, body, day, 409, "illegal_transition", "state")
            self.assertIn("revoked", r.error["message"])

        # the bar: a qualification_revoked event in the unit's history, dated the day
        prof = self.client(offl, day).get("/api/v1/units/%d/profile" % unit["id"])
        self.assertStatus(prof, 200)
        evs = [e for e in prof.json["events"] if e["kind"] == "qualification_revoked"]
        self.assertEqual(len(evs), 1, prof.json["events"])
        self.assertEqual(evs[0]["occurred_on"], day)
        self.assertIn(cert["number"], evs[0]["description"])
        self.assertTrue(evs[0]["locked"])
        # recorded from the bureau's decision: the unit cannot delete its own bar, while an
        # event it recorded itself stays its to remove
        r = self.client(offl, day).delete("/api/v1/units/%d/events/%d"
                                          % (unit["id"], evs[0]["id"]))
        self.assertStatus(r, 409, "locked")
        own = self.client(offl, day).post("/api/v1/units/%d/events" % unit["id"],
                                          {"kind": "violation", "occurred_on": day,
                                           "description": "自查发现的违规"})
        self.assertStatus(own, 201)
        self.assertFalse(own.json["locked"])
        r = self.client(offl, day).delete("/api/v1/units/%d/events/%d"
                                          % (unit["id"], own.json["id"]))
        self.assertStatus(r, 204)

        # which the eligibility check reads: barred through the day before the 3rd anniversary
        def line(now):
            r = self.client(offl, now).post("/api/v1/eligibility",
                                            {"scheme": "integration", "grade": "B"})
            self.assertStatus(r, 200)
            return {l["condition"]: l for l in r.json["lines"]}["no_revocation_3y"]["result"]
        self.assertEqual(line(day), "fail")
        self.assertEqual(line(period_last(day, 36)), "fail")
        self.assertEqual(line(plus_days(period_last(day, 36), 1)), "pass")
        # and a new application is refused at submission
        off = self.client(offl, plus_days(day, 3))
        app = self.create(off)
        self.upload_all(off, app["id"])
        self.event(off, app, "submit", status=422, code="eligibility_failed")

    def test_cancel_and_the_units_request(self):
        unit, offl, cert, day = self.issue("2026-08-03")
        cid = cert["id"]
        # the unit officer may only ask, and only for unit_request
        self.cev(offl, cert, "cancel", {"reason": "legal_person_ended"}, day, 403,
                 "not_your_step")
        self.cev(offl, cert, "revoke", {"reason": "forged"}, day, 403, "not_your_step")
        c = self.cev(offl, cert, "cancel", {"reason": "unit_request", "note": "停业"}, day).json
        self.assertEqual((c["state"], c["version"]), ("valid", 1))
        h = self.history("approver.js", cid)
        self.assertEqual([(e["event"], e["from"], e["to"], e["reason"]) for e in h],
                         [("request_cancel", "valid", "valid", "unit_request")])
        self.assertEqual(h[0]["by_login"], offl)
        texts = [n["text_en"] for n in self.notifications(self.client("approver.js", day))]
        self.assertTrue(any(cert["number"] in t for t in texts), texts)
        # a request stands 30 days: asked again sooner, refused; later, a reminder
        r = self.cev(offl, cert, "cancel", {"reason": "unit_request"}, plus_days(day, 29), 409,
                     "cancel_requested")
        self.assertIn(day, r.error["message"])
        self.assertEqual(len(self.history("approver.js", cid)), 1)
        self.cev(offl, cert, "cancel", {"reason": "unit_request"}, plus_days(day, 30))
        self.assertEqual([e["event"] for e in self.history("approver.js", cid)],
                         ["request_cancel", "request_cancel"])
        # the annual examination's reasons need its facts: not through this route
        self.cev("approver.js", cert, "cancel", {"reason": "annual_exam_missing"}, day, 422,
                 "guard_failed", "report_overdue")
        self.cev("approver.js", cert, "cancel", {"reason": "expired_without_renewal"}, day, 409,
                 "illegal_transition")
        self.cev("approver.js", cert, "cancel", {"reason": "forged"}, day, 400,
                 "invalid_reason", "reason")
        signs = len(audit_all(self.client("auditor"), action="status_list.sign"))
        c = self.cev("approver.js", cert, "cancel", {"reason": "unit_request"}, day).json
        self.assertEqual(c["state"], "cancelled")
        self.assertEqual(c["actions"], [])
        self.assertEqual(self.public(cert["number"], day)["state"], "cancelled")
        # a cancelled certificate's entry stays 0: the list is not signed again
        self.assertEqual(len(audit_all(self.client("auditor"), action="status_list.sign")),
                         signs)
        self.cev(offl, cert, "cancel", {"reason": "unit_request"}, day, 409,
                 "illegal_transition")
        self.assertEqual([e["event"] for e in self.history(offl, cid)],
                         ["request_cancel", "request_cancel", "cancel"])


    def test_the_other_legal_moves(self):
        # suspended -> revoked; suspended -> cancelled (legal person ended); valid ->
        # cancelled (legal person ended)
        _, _, a, day = self.issue("2026-08-10")
        _, _, b, _ = self.issue("2026-08-10")
        _, _, c, _ = self.issue("2026-08-10")
        sus = {"reason": "rectification_rejected", "start": day, "end": period_last(day, 12)}
        for cert in (a, b):
            self.cev("approver.js", cert, "suspend", sus, day)
        r = self.cev("approver.js", a, "revoke", {"reason": "serious_violation"}, day).json
        self.assertEqual(r["state"], "revoked")
        self.assertEqual(r["suspension_end"], sus["end"])
        res = self.verify(a["payload"], day)
        self.assertTrue(res.out.startswith("revoked"), res)
        r = self.cev("approver.js", b, "cancel", {"reason": "legal_person_ended"}, day).json
        self.assertEqual(r["state"], "cancelled")
        # the list speaks only of sanctions: a cancelled certificate's entry is 0 again
        res = self.verify(b["payload"], day)
        self.assertTrue(res.out.startswith("valid"), res)
        r = self.cev("approver.js", c, "cancel", {"reason": "legal_person_ended"}, day).json
        self.assertEqual(r["state"], "cancelled")
        self.assertEqual([(e["from"], e["to"]) for e in self.history("reviewer.js", a["id"])],
                         [("valid", "suspended"), ("suspended", "revoked")])

class VersionTest(LifeCase):
    def unit_patch(self, login, unit_id, body, status=200, code=None, now=None):
        c = self.client(login, now)
        u = c.get("/api/v1/units/%d" % unit_id)
        self.assertStatus(u, 200)
        r = c.patch_if("/api/v1/units/%d" % unit_id, body, u.etag)
        self.assertStatus(r, status, code, msg="unit patch: %r" % r)
        return r

    def test_new_version_on_a_change_of_the_units_details(self):
        unit, offl, cert, day = self.issue("2026-07-20")
        later = plus_days(day, 30)
        # a change of something else (the phone) issues nothing
        self.unit_patch(offl, unit["id"], {"phone": "025-84210000"}, now=later)
        self.assertEqual(len(self.unit_certs(offl, unit["id"])), 1)

        self.unit_patch(offl, unit["id"], {"name": unit["name"] + "（更名）"}, now=later)
        certs = {c["id"]: c for c in self.unit_certs(offl, unit["id"])}
        self.assertEqual(len(certs), 2)
        old = certs[cert["id"]]
        new = [c for c in certs.values() if c["id"] != cert["id"]][0]
        self.assertEqual((old["state"], old["state_since"]), ("superseded", later))
        self.assertEqual(old["payload"], cert["payload"])
        self.assertEqual(new["number"], cert["number"] + "-2")
        self.assertEqual(new["predecessor_id"], cert["id"])
        self.assertEqual((new["state"], new["issued"]), ("valid", later))
        self.assertEqual(new["unit"], unit["name"] + "（更名）")
        for k in ("scheme", "grade", "categories", "valid_from", "valid_until", "uscc",
                  "authority_id", "application_id", "decided_by", "confirmed_by"):
            self.assertEqual(new[k], cert[k], k)
        self.assertNotEqual(new["status_index"], cert["status_index"])
        self.assertNotEqual(new["payload"], cert["payload"])
        h = self.history("reviewer.js", cert["id"])
        self.assertEqual([(e["event"], e["reason"], e["to"]) for e in h],
                         [("supersede", "name_changed", "superseded")])
        self.assertIn(new["number"], h[0]["note"])
        self.assertEqual([e["action"] for e in audit_all(
            self.client("auditor"), action="certificate.new_version",
            object_id=str(new["id"]))], ["certificate.new_version"])

        # the public register shows both, the old one superseded
        self.assertEqual(self.public(cert["number"], later)["state"], "superseded")
        self.assertEqual(self.public(new["number"], later)["state"], "valid")
        # both verify against the published trust list, saved once
        trust, status = self.lists(later)
        for p in (cert["payload"], new["payload"]):
            res = self.verify(p, later, trust, status)
            self.assertEqual(res.code, 0, res)
            self.assertTrue(res.out.startswith("valid"), res)
        # a superseded certificate does not move any more
        self.cev("approver.js", old, "suspend", {"reason": "rectification_overdue",
                                                 "start": later,
                                                 "end": period_last(later, 6)}, later, 409,
                 "illegal_transition")

        # a second change: the third version continues the numbering of the first
        self.unit_patch(offl, unit["id"], {"address": "南京市鼓楼区中山路 99 号",
                                           "legal_representative": "李新"},
                        now=plus_days(later, 1))
        third = [c for c in self.unit_certs(offl, unit["id"]) if c["predecessor_id"] == new["id"]]
        self.assertEqual(len(third), 1)
        self.assertEqual(third[0]["number"], cert["number"] + "-3")
        h = self.history("reviewer.js", new["id"])
        self.assertEqual([(e["event"], e["reason"]) for e in h],
                         [("supersede", "address_changed")])
        self.assertIn("legal_representative", h[0]["note"])

    def test_a_suspended_certificate_waits_for_reinstatement(self):
        unit, offl, cert, day = self.issue("2026-07-20")
        self.cev("approver.js", cert, "suspend", {"reason": "rectification_overdue",
                                                  "start": day, "end": period_last(day, 6)},
                 day)
        r = self.unit_patch(offl, unit["id"], {"name": unit["name"] + "（二）"}, 409,
                            "illegal_transition", now=plus_days(day, 1))
        self.assertIn("suspended", r.error["message"])
        # nothing changed: the unit keeps its name, the certificate its state
        u = self.client(offl).get("/api/v1/units/%d" % unit["id"])
        self.assertEqual(u.json["name"], unit["name"])
        self.assertEqual(len(self.unit_certs(offl, unit["id"])), 1)


class RegrantTest(LifeCase):
    """A new application of the same scheme (other categories or grade) replaces the
    unit's valid certificate when it is granted: one certificate of a scheme stands."""

    def test_new_grant_replaces_the_standing_certificate(self):
        unit, offl, cert, day = self.issue("2026-03-02")
        off = self.client(offl, "2026-04-06")
        app = self.create(off, categories=["software_development", "consulting"])
        self.upload_all(off, app["id"])
        app = self.event(off, app, "submit").json
        app, d = self.drive(offl, "approved", "2026-04-06", app=app)
        r = self.client("inspector.js", d["close"]).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201)
        new = r.json
        self.assertNotEqual(new["number"], cert["number"])
        old = self.cert("inspector.js", cert["id"]).json
        self.assertEqual(old["state"], "superseded")
        h = self.history("approver.js", cert["id"])
        self.assertEqual((h[-1]["event"], h[-1]["reason"]), ("supersede", "regranted"))
        self.assertIn(new["number"], h[-1]["note"])
        standing = [c for c in self.unit_certs("inspector.js", unit["id"])
                    if c["state"] in ("valid", "suspended")]
        self.assertEqual([c["id"] for c in standing], [new["id"]])
        self.assertEqual(self.public(cert["number"], d["close"])["state"], "superseded")
        texts = [n["text_en"] for n in self.notifications(self.client(offl))]
        self.assertTrue(any("replaced by the new grant" in t for t in texts), texts)


class RenewalTest(LifeCase):
    """Renewal inside its window. The window of a real certificate lies five years ahead,
    beyond the loaded calendars; so each test moves its certificate's valid_until (the row,
    which the renewal rules read) to 2026-12-31: the window opens 2026-06-30 and closes on
    2026-09-30, exactly 3 months before."""

    UNTIL, OPENS, DEADLINE = "2026-12-31", "2026-06-30", "2026-09-30"

    def expiring(self, start):
        unit, offl, cert, day = self.issue(start)
        con = self.sqlite()
        with con:
            con.execute("UPDATE certificates SET valid_until = ? WHERE id = ?",
                        (self.UNTIL, cert["id"]))
        con.close()
        return unit, offl, cert, day

    def renewal(self, offl, cert, now, status=201, code=None, field=None, **over):
        body = {"scheme": cert["scheme"], "grade": cert["grade"],
                "categories": cert["categories"], "renewal_of": cert["id"]}
        body.update(over)
        r = self.client(offl, now).post("/api/v1/applications", body)
        self.assertStatus(r, status, code, field, msg="renewal on %s: %r" % (now, r))
        return r

    def test_window_edges_and_the_granted_renewal(self):
        unit, offl, cert, day = self.expiring("2026-03-02")
        # before the window: refused; from its first day: a draft
        r = self.renewal(offl, cert, plus_days(self.OPENS, -1), 422, "renewal_not_open",
                         "filed_on")
        self.assertIn(self.OPENS, r.error["message"])
        app = self.renewal(offl, cert, self.OPENS).json
        self.assertEqual(app["renewal_of"], cert["id"])
        # a change of grade or categories is a new application, not a renewal
        self.renewal(offl, cert, self.OPENS, 422, "renewal_mismatch", "grade", grade="A")
        self.renewal(offl, cert, self.OPENS, 422, "renewal_mismatch", "categories",
                     categories=["software_development"])
        # another unit's certificate, or none
        _, other_off = self.new_unit()
        self.renewal(other_off, cert, self.OPENS, 400, "invalid_value", "renewal_of",
                     categories=cert["categories"])
        self.renewal(offl, cert, self.OPENS, 400, "invalid_value", "renewal_of",
                     renewal_of=999999)

        # filed (submitted) exactly on the last day: accepted as a renewal
        off = self.client(offl, self.DEADLINE)
        self.upload_all(off, app["id"])

        def deadlines():
            dash = self.client(offl, self.DEADLINE).get("/api/v1/dashboard").json
            return {x["kind"] for x in dash["deadlines"] if x["certificate_id"] == cert["id"]}
        self.assertIn("renewal_deadline", deadlines())  # a draft is not filed
        app = self.event(off, app, "submit").json
        self.assertEqual(app["state"], "submitted")
        # filed: the unit's dashboard no longer calls for it
        self.assertNotIn("renewal_deadline", deadlines())
        # a second renewal of the same certificate is not filed
        dup = self.renewal(offl, cert, self.DEADLINE).json
        self.upload_all(off, dup["id"])
        self.event(off, dup, "submit", status=409, code="renewal_exists")

        # granted: the new certificate continues from the old valid_until, and is linked
        app, d = self.drive(offl, "approved", self.DEADLINE, app=app)
        r = self.client("inspector.js", d["close"]).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201)
        new = r.json
        self.assertEqual((new["valid_from"], new["valid_until"]), ("2027-01-01", "2031-12-31"))
        self.assertEqual(new["issued"], d["close"])
        self.assertEqual(new["predecessor_id"], cert["id"])
        self.assertNotEqual(new["number"], cert["number"])
        # not valid before its first day; valid from it (checked without a status list,
        # which would be stale by then)
        res = self.verify(new["payload"], d["close"], status=False)
        self.assertNotEqual(res.code, 0, res)
        res = self.verify(new["payload"], "2027-01-01", status=False)
        self.assertEqual(res.code, 0, res)

        # the old one expires normally and is not cancelled for lack of renewal
        r = self.client("reviewer.js").get("/api/v1/certificates/%d" % cert["id"])
        self.assertEqual(r.json["state"], "valid")
        for _ in range(2):
            run = cli("jobs", "run", "--data", self.server.data, "--now", "2027-01-01")
            self.assertEqual(run.code, 0, run)
        self.assertEqual(self.cert("reviewer.js", cert["id"]).json["state"], "expired")
        self.assertEqual([e["event"] for e in self.history("reviewer.js", cert["id"])],
                         ["expire"])
        self.assertEqual(self.cert("reviewer.js", new["id"]).json["state"], "valid")

    def test_one_day_late_is_a_new_application(self):
        unit, offl, cert, day = self.expiring("2026-03-09")
        app = self.renewal(offl, cert, "2026-09-01").json
        off = self.client(offl, plus_days(self.DEADLINE, 1))
        self.upload_all(off, app["id"])
        r = self.event(off, app, "submit", status=422, code="renewal_too_late",
                       field="filed_on")
        self.assertIn(self.DEADLINE, r.error["message"])
        self.assertIn("new application", r.error["message"])
        self.assertEqual(self.get(off, app["id"])["state"], "draft")
        self.renewal(offl, cert, plus_days(self.DEADLINE, 1), 422, "renewal_too_late")
        # without a renewal the certificate is cancelled the day after it ends
        run = cli("jobs", "run", "--data", self.server.data, "--now", "2027-01-01")
        self.assertEqual(run.code, 0, run)
        self.assertEqual(self.cert("reviewer.js", cert["id"]).json["state"], "cancelled")
        # a revoked certificate is not renewable at all
        _, offl2, c2, day2 = self.expiring("2026-03-16")
        self.cev("approver.js", c2, "revoke", {"reason": "lent"}, self.OPENS)
        self.renewal(offl2, c2, self.OPENS, 409, "not_renewable", "state")
