"""Editing rules of applications: If-Match on every change (412 when stale, 428 when absent) for
the draft, events, the on-site schedule and the decision extension; draft editing; the
extension of the decision limit (approver only, at most the scheme's 10 working days in all,
with a reason, moving the due date); withdrawal; unknown events and payload fields."""

from test_apps_base import AppsTestCase, Cal, etag_of


class IfMatchTest(AppsTestCase):
    def test_stale_and_missing_if_match(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        app = self.create(off)
        aid = app["id"]
        path = "/api/v1/applications/%d" % aid
        stale = etag_of(app)
        r = off.patch_if(path, {"categories": ["consulting"]}, stale)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["categories"], ["consulting"])
        self.assertEqual(r.json["version"], app["version"] + 1)
        self.assertEqual(r.etag, etag_of(r.json))
        fresh = r.etag
        # PATCH draft
        self.assertJsonError(off.patch_if(path, {"grade": "A"}, stale), 412, "version_mismatch")
        self.assertJsonError(off.patch(path, {"grade": "A"}), 428, "precondition_required",
                             "If-Match")
        self.assertJsonError(off.patch_if(path, {"grade": "A"}, "v1"), 400, "invalid_header")
        self.assertEqual(self.get(off, aid)["grade"], "B")
        # events
        self.upload_all(off, aid)
        self.assertJsonError(off.post(path + "/events/submit", {}, headers={"If-Match": stale}),
                             412, "version_mismatch")
        self.assertJsonError(off.post(path + "/events/submit", {}), 428,
                             "precondition_required")
        self.assertEqual(self.get(off, aid)["state"], "draft")
        app = self.event(off, aid, "submit", etag=fresh).json
        # the on-site schedule
        rv = self.client("reviewer.js", "2026-03-03")
        app = self.event(rv, aid, "accept", etag=etag_of(app)).json
        rv.now = "2026-03-04"
        before = etag_of(app)
        app = self.event(rv, aid, "list_onsite", {"opinion": "列入"}, etag=before).json
        self.schedule(rv, aid, "2026-03-10", self.TEAM, status=412, etag=before)
        r = rv.put(path + "/onsite", {"date": "2026-03-10", "team": [
            {"user_id": self.uid(l), "role": role} for l, role in self.TEAM]})
        self.assertJsonError(r, 428, "precondition_required")
        app = self.schedule(rv, aid, "2026-03-10", self.TEAM, etag=etag_of(app)).json
        # rescheduling moves the version on: the old ETag no longer fits
        self.schedule(rv, aid, "2026-03-11", self.TEAM, status=412, etag=before)
        self.assertEqual(self.get(rv, aid)["dates"]["onsite_date"], "2026-03-10")
        # the extension
        ap = self.client("approver.js", "2026-03-05")
        body = {"working_days": 2, "reason": "需补充专家论证"}
        self.assertJsonError(ap.post(path + "/extension", body, headers={"If-Match": before}),
                             412, "version_mismatch")
        self.assertJsonError(ap.post(path + "/extension", body), 428, "precondition_required")
        r = ap.post(path + "/extension", body, headers={"If-Match": etag_of(app)})
        self.assertStatus(r, 200)
        self.assertEqual(r.etag, etag_of(r.json))
        self.assertEqual(r.json["decision_extension"], 2)

    def test_draft_editing(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        app = self.create(off)
        path = "/api/v1/applications/%d" % app["id"]
        r = off.patch_if(path, {"grade": "A", "categories": ["supervision", "consulting"]},
                         etag_of(app))
        self.assertStatus(r, 200)
        self.assertEqual(r.json["grade"], "A")
        # kept in the scheme's order
        self.assertEqual(r.json["categories"], ["consulting", "supervision"])
        self.assertJsonError(off.patch_if(path, {"categories": []}, r.etag), 400, None,
                             "categories")
        self.assertJsonError(off.patch_if(path, {"categories": ["research"]}, r.etag), 400,
                             "invalid_value", "categories")
        self.assertJsonError(off.patch_if(path, {"scheme": "military"}, r.etag), 400,
                             "unknown_field", "scheme")
        self.assertJsonError(off.patch_if(path, {"grade": "C"}, r.etag), 400, "invalid_value",
                             "grade")
        changes = [e for e in self.audit_of(app["id"]) if e["action"] == "application.update"]
        self.assertEqual(len(changes), 1)
        self.assertEqual(changes[0]["details"]["changes"]["grade"], {"old": "B", "new": "A"})
        # a reviewer does not edit drafts; a submitted case is no draft
        self.assertStatus(self.client("reviewer.js").patch_if(path, {"grade": "B"}, r.etag),
                          (403, 404))
        self.upload_all(off, app["id"])
        sub = self.event(off, app["id"], "submit").json
        self.assertJsonError(off.patch_if(path, {"grade": "B"}, etag_of(sub)), 409,
                             "illegal_transition")
        # unknown scheme, unknown event, unused payload fields
        self.assertJsonError(off.post("/api/v1/applications", {
            "scheme": "nuclear", "grade": "A", "categories": ["x"]}), 400, "invalid_value",
            "scheme")
        self.assertJsonError(off.post(path + "/events/teleport", {},
                                      headers={"If-Match": etag_of(sub)}), 404)
        self.event(off, app["id"], "withdraw", {"opinion": "x"}, status=400,
                   code="unknown_field", field="opinion")
        # one open application per scheme and unit
        other = self.create(off)
        self.upload_all(off, other["id"])
        self.event(off, other, "submit", status=409, code="open_application_exists")
        # withdrawal, with or without a reason, before the decision
        w = self.event(off, app["id"], "withdraw", {"reason": "暂不申请"}).json
        self.assertEqual(w["state"], "withdrawn")
        self.assertEqual(self.notes(off, app["id"], "withdrawal")[0]["body"]["reason"], "暂不申请")
        self.assertEqual(self.event(off, other, "submit").json["state"], "submitted")


class ExtensionTest(AppsTestCase):
    def test_decision_extension(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "decision", "2026-03-02")
        aid = app["id"]
        path = "/api/v1/applications/%d/extension" % aid
        ap = self.client("approver.js", d["close"])
        base = self.get(ap, aid)
        self.assertEqual(base["decision_extension"], 0)
        due0 = base["clock"]["due"]
        rem0 = base["clock"]["remaining"]
        # approvers only, with a reason and a positive number of working days
        r = self.client("reviewer.js", d["close"]).post(
            path, {"working_days": 3, "reason": "x"}, headers={"If-Match": etag_of(base)})
        self.assertJsonError(r, 403)
        r = self.client(offl, d["close"]).post(path, {"working_days": 3, "reason": "x"},
                                               headers={"If-Match": etag_of(base)})
        self.assertJsonError(r, 403)
        for body, field in (({"working_days": 3}, "reason"),
                            ({"working_days": 3, "reason": ""}, "reason"),
                            ({"working_days": 0, "reason": "x"}, "working_days"),
                            ({"reason": "x"}, "working_days")):
            r = ap.post(path, body, headers={"If-Match": etag_of(base)})
            self.assertJsonError(r, 400, None, field)
        r = ap.post(path, {"working_days": 4, "reason": "案情复杂，经负责人批准延长"},
                    headers={"If-Match": etag_of(base)})
        self.assertStatus(r, 200)
        app = r.json
        self.assertEqual(app["decision_extension"], 4)
        self.assertEqual(app["clock"]["due"], Cal.add(due0, 4))
        self.assertEqual(app["clock"]["remaining"], rem0 + 4)
        self.assertEqual(self.get(ap, aid)["clock"]["due"], Cal.add(due0, 4))
        # at most 10 working days in all
        r = ap.post(path, {"working_days": 7, "reason": "再延长"}, headers={"If-Match": r.etag})
        self.assertJsonError(r, 422, "extension_exceeded", "working_days")
        r = ap.post(path, {"working_days": 6, "reason": "再延长六日"},
                    headers={"If-Match": etag_of(app)})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["decision_extension"], 10)
        self.assertEqual(r.json["clock"]["due"], Cal.add(due0, 10))
        r = ap.post(path, {"working_days": 1, "reason": "x"}, headers={"If-Match": r.etag})
        self.assertJsonError(r, 422, "extension_exceeded")
        # recorded, with the reason, on the timeline and in the audit trail
        ext = [t for t in self.timeline(ap, aid) if t["event"] == "application.extend"]
        self.assertEqual([(t["details"]["working_days"], t["details"]["reason"]) for t in ext],
                         [(4, "案情复杂，经负责人批准延长"), (6, "再延长六日")])
        self.assertEqual(ext[-1]["details"]["total_extension"], 10)
        audit = [e for e in self.audit_of(aid) if e["action"] == "application.extend"]
        self.assertEqual(len(audit), 2)
        self.assertEqual(audit[0]["actor"], "approver.js")
        # extending the limit is not reviewing: the approver still decides
        self.assertIn("approve", self.get(ap, aid)["actions"])
        app = self.event(ap, aid, "approve", {"reason": "准予"}).json
        self.assertEqual(app["state"], "approved")
        # a decided case has no limit left to extend
        r = ap.post(path, {"working_days": 1, "reason": "x"}, headers={"If-Match": etag_of(app)})
        self.assertJsonError(r, 409, "illegal_transition")

    def test_extension_needs_an_accepted_case_and_the_deciding_bureau(self):
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), now="2026-03-02", tag="ext")
        path = "/api/v1/applications/%d/extension" % app["id"]
        ap = self.client("approver.js", "2026-03-03")
        r = ap.post(path, {"working_days": 2, "reason": "x"}, headers={"If-Match": etag_of(app)})
        self.assertJsonError(r, 409, "illegal_transition")
        unit2, offl2 = self.new_unit()
        a = self.submitted(self.client(offl2), "integration", "A", now="2026-03-02", tag="extA")
        a = self.event(self.client("reviewer.js", "2026-03-03"), a, "accept").json
        # grade A is decided by the national bureau
        r = ap.post("/api/v1/applications/%d/extension" % a["id"],
                    {"working_days": 2, "reason": "x"}, headers={"If-Match": etag_of(a)})
        self.assertJsonError(r, 403, "not_your_step")
