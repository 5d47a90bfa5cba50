"""Who may see and do what on an application: 404 outside one's jurisdiction (another
province, another unit), 403 not_your_step for a bureau of the right place but the wrong step,
separation of duties at the decision (403 for an approver who reviewed or scored the case),
the team leader alone signing the on-site opinion, and independent scoring sheets."""

from harness import audit_all
from test_apps_base import AppsTestCase, etag_of


class AccessTest(AppsTestCase):
    def denied(self, r, actor):
        hits = [e for e in audit_all(self.client("auditor"), actor=actor)
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1, "no single audit entry for denied %r: %r" % (r, hits))
        self.assertEqual(hits[0]["outcome"], "denied")
        return hits[0]

    def test_outside_jurisdiction_is_404(self):
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), now="2026-03-02", tag="vis")
        aid = app["id"]
        files = self.client(offl).get("/api/v1/applications/%d/materials" % aid).json["files"]
        other_unit, other_off = self.new_unit(eligible=False)
        for login in ("reviewer.gd", "member.jindun", "officer.jindun", other_off):
            c = self.client(login, "2026-03-03")
            missing = c.get("/api/v1/applications/987654")
            for path in ("", "/timeline", "/notes", "/materials", "/submission", "/onsite",
                         "/files/%d" % files[0]["file_id"]):
                r = c.get("/api/v1/applications/%d%s" % (aid, path))
                self.assertJsonError(r, 404, "not_found")
                self.assertEqual(r.json["error"], missing.json["error"], (login, path))
            self.assertNotIn(aid, [a["id"] for a in self.list_apps(c)], login)
            r = c.post("/api/v1/applications/%d/events/accept" % aid, {},
                       headers={"If-Match": etag_of(app)})
            self.assertJsonError(r, 404, "not_found")
            r = self.upload(c, aid, "contracts_3y", b"%PDF-1.4 x", status=404)
        r = self.client("reviewer.gd").get("/api/v1/applications/%d" % aid)
        e = self.denied(r, "reviewer.gd")
        self.assertEqual(e["object_type"], "application")
        self.assertEqual(e["object_id"], str(aid))
        # nothing happened to the case
        self.assertEqual(self.get(self.client(offl), aid)["version"], app["version"])
        # the national reviewer sees every province's cases
        self.assertStatus(self.client("reviewer.nation").get("/api/v1/applications/%d" % aid),
                          200)

    def test_drafts_are_the_units_own(self):
        """Until it is first submitted a case is the unit's business: the bureau does not
        see the draft or its files (404, as for anything outside one's jurisdiction), nor
        a draft withdrawn unsubmitted; from submission on it does."""
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        draft = self.create(off)
        self.upload_all(off, draft["id"], "private")
        dropped = self.create(self.client(offl, "2026-03-02"))
        self.event(off, dropped, "withdraw")
        files = off.get("/api/v1/applications/%d/materials" % draft["id"]).json["files"]
        for login in ("reviewer.js", "reviewer.nation", "approver.js"):
            c = self.client(login, "2026-03-02")
            for aid in (draft["id"], dropped["id"]):
                self.assertJsonError(c.get("/api/v1/applications/%d" % aid), 404, "not_found")
                self.assertNotIn(aid, [a["id"] for a in self.list_apps(c)], login)
            self.assertJsonError(c.get("/api/v1/applications/%d/files/%d" %
                                       (draft["id"], files[0]["file_id"])), 404, "not_found")
        self.assertEqual(self.event(off, draft, "submit").json["state"], "submitted")
        rv = self.client("reviewer.js", "2026-03-02")
        self.assertEqual(self.get(rv, draft["id"])["state"], "submitted")
        self.assertIn(draft["id"], [a["id"] for a in self.list_apps(rv)])
        # withdrawn after submission: still the bureau's record
        self.event(off, draft, "withdraw")
        self.assertEqual(self.get(rv, draft["id"])["state"], "withdrawn")

    def test_wrong_step_is_403(self):
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), now="2026-03-02", tag="step")
        aid = app["id"]
        # a reviewer of the Nanjing municipal bureau sees the Nanjing case, but acceptance is
        # the provincial bureau's
        nj, _ = self.new_user(["reviewer"], region="320100", prefix="rv.nj.")
        c = self.client(nj, "2026-03-03")
        self.assertEqual(self.get(c, aid)["actions"], [])
        r = self.event(c, aid, "accept", status=403, code="not_your_step")
        e = self.denied(r, nj)
        self.assertEqual(e["object_id"], str(aid))
        self.event(c, aid, "request_supplement", {"items": ["x"]}, status=403,
                   code="not_your_step")
        # roles: a unit member is not the officer, an inspector and an approver do not review
        self.event(self.client("inspector.nj", "2026-03-03"), aid, "accept", status=403)
        self.event(self.client("approver.js", "2026-03-03"), aid, "accept", status=403)
        mem, _ = self.new_user(["unit_member"], unit_id=unit["id"], level="internal",
                               prefix="mem.")
        m = self.client(mem, "2026-03-03")
        self.assertStatus(m.get("/api/v1/applications/%d" % aid), 200)
        self.event(m, aid, "withdraw", status=403)
        self.assertStatus(m.post("/api/v1/applications", {"scheme": "integration",
                                                          "grade": "B",
                                                          "categories": ["consulting"]}), 403)
        # the applicant does not review its own case
        self.event(self.client(offl, "2026-03-03"), aid, "accept", status=403)
        self.assertEqual(self.get(c, aid)["state"], "submitted")

    def test_separation_of_duties(self):
        dual, _ = self.new_user(["reviewer", "approver"], region="320000", level="secret",
                                prefix="rv.appr.")
        exp_appr, _ = self.new_user(["expert", "approver"], region="320000", level="secret",
                                    prefix="exp.appr.")
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), now="2026-03-02", tag="sod")
        aid = app["id"]
        # the dual-role user reviews (accepts) ...
        self.event(self.client(dual, "2026-03-03"), aid, "accept")
        rv = self.client("reviewer.js", "2026-03-04")
        self.event(rv, aid, "list_onsite", {"opinion": "列入"})
        # ... the expert-approver scores
        team = [("reviewer.js", "leader"), ("inspector.nj", "staff"), (exp_appr, "expert")]
        self.schedule(rv, aid, "2026-03-10", team)
        for login, _ in team:
            self.sheet(self.client(login, "2026-03-10"), aid, "integration", 1)
        rv.now = "2026-03-10"
        self.event(rv, aid, "onsite_pass", {"opinion": "合格", "representative": "王建国"})
        rv.now = "2026-03-11"
        app = self.event(rv, aid, "open_publicity").json
        rv.now = "2026-03-19"
        self.assertEqual(self.event(rv, aid, "close_publicity").json["state"], "decision")
        for login in (dual, exp_appr):
            c = self.client(login, "2026-03-19")
            self.assertNotIn("approve", self.get(c, aid)["actions"], login)
            r = self.event(c, aid, "approve", {"reason": "准予"}, status=403,
                           code="separation_of_duties")
            self.denied(r, login)
            self.event(c, aid, "reject", {"reason": "不予"}, status=403,
                       code="separation_of_duties")
        # an approver who took no part decides
        ap = self.client("approver.js", "2026-03-19")
        self.assertEqual(sorted(self.get(ap, aid)["actions"]), ["approve", "reject"])
        self.assertEqual(self.event(ap, aid, "approve", {"reason": "准予"}).json["state"],
                         "approved")

    def test_reading_the_file_is_not_reviewing(self):
        """An approver who read the materials (or the notes) has not reviewed or scored the
        case: the decision stays theirs."""
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "decision", "2026-04-13")
        ap = self.client("approver.js", d["close"])
        files = ap.get("/api/v1/applications/%d/materials" % app["id"]).json["files"]
        r = ap.get("/api/v1/applications/%d/files/%d" % (app["id"], files[0]["file_id"]))
        self.assertStatus(r, 200)
        self.assertStatus(ap.get("/api/v1/applications/%d/notes" % app["id"]), 200)
        self.assertIn("approve", self.get(ap, app["id"])["actions"])
        self.assertEqual(self.event(ap, app["id"], "approve", {"reason": "准予"}).json["state"],
                         "approved")

    def test_sheets_are_independent(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "onsite", "2026-05-11")
        aid = app["id"]
        day = d["onsite"]
        insp, exp, lead = (self.client(l, day) for l in ("inspector.nj", "expert.js",
                                                          "reviewer.js"))
        path = "/api/v1/applications/%d/onsite" % aid
        # outsiders may not score
        other, _ = self.new_user(["reviewer"], region="320000", prefix="rv.js2.")
        self.sheet(self.client(other, day), aid, "integration", 0, status=403,
                   code="not_on_team")
        self.sheet(self.client(offl, day), aid, "integration", 0, status=403)
        # a draft is one's own; the others' are not visible before one submits
        self.sheet(insp, aid, "integration", 2, submit=False)
        self.sheet(exp, aid, "integration", 1)
        seen = insp.get(path).json
        self.assertEqual([s["user_id"] for s in seen["sheets"]], [self.uid("inspector.nj")])
        self.assertIsNone(seen["sheets"][0]["submitted_at"])
        self.assertIsNone(seen["aggregate"])
        seen = lead.get(path).json
        self.assertEqual(seen["sheets"], [])
        seen = exp.get(path).json  # submitted: sees the submitted sheets, not drafts
        self.assertEqual([s["user_id"] for s in seen["sheets"]], [self.uid("expert.js")])
        # the unit and other bureau staff see no sheet before the opinion is signed
        self.assertEqual(self.client(offl, day).get(path).json["sheets"], [])
        self.assertEqual(self.client(other, day).get(path).json["sheets"], [])
        # a sheet is checked: every item, within its points, vetoes only on veto items
        r = insp.put(path + "/sheet", {"scores": [{"item": "rules_complete", "points": 8}],
                                       "submit": True})
        self.assertJsonError(r, 400, "incomplete_sheet", "scores")
        r = insp.put(path + "/sheet", {"scores": [{"item": "rules_complete", "points": 9}]})
        self.assertJsonError(r, 400, "invalid_score", "scores")
        r = insp.put(path + "/sheet", {"scores": [{"item": "no_such_item", "points": 1}]})
        self.assertJsonError(r, 400, "invalid_value", "scores")
        r = insp.put(path + "/sheet", {"scores": [], "vetoes": ["rules_complete"]})
        self.assertJsonError(r, 400, "invalid_value", "vetoes")
        self.sheet(insp, aid, "integration", 3)
        seen = insp.get(path).json
        self.assertEqual(sorted(s["user_id"] for s in seen["sheets"]),
                         sorted([self.uid("inspector.nj"), self.uid("expert.js")]))
        # a submitted sheet is final
        self.sheet(insp, aid, "integration", 0, status=409, code="sheet_submitted")
        self.sheet(exp, aid, "integration", 0, submit=False, status=409, code="sheet_submitted")
        mine = [s for s in insp.get(path).json["sheets"]
                if s["user_id"] == self.uid("inspector.nj")][0]
        self.assertEqual(mine["total"], 82)
        # only the leader signs, and only what the sheets say
        self.sheet(lead, aid, "integration", 1)
        agg = lead.get(path).json["aggregate"]
        self.assertEqual(agg["total"], round((82 + 94 + 94) / 3, 2))
        self.assertEqual(agg["outcome"], "pass")
        for c in (insp, exp):
            self.event(c, aid, "onsite_pass", {"opinion": "x", "representative": "王建国"},
                       status=403, code="not_team_leader")
        self.event(lead, aid, "onsite_fail", {"opinion": "x", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        self.event(lead, aid, "onsite_pass", {"opinion": "x"}, status=400,
                   code="missing_field", field="representative")
        self.event(lead, aid, "onsite_pass", {"opinion": "合格", "representative": "王建国"})
        after = self.client(offl, day).get(path).json
        self.assertEqual(len(after["sheets"]), 3)
        self.assertEqual(after["aggregate"]["outcome"], "pass")

    def test_team_rules(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "superior_review", "2026-06-01")
        rv = self.client("reviewer.js", d["list"])
        app = self.event(rv, app, "list_onsite", {"opinion": "列入"}).json
        date = d["onsite"]
        # who may sit on the team, for the on-site authority to pick from
        path = "/api/v1/applications/%d/onsite/candidates" % app["id"]
        r = rv.get(path)
        self.assertStatus(r, 200)
        seats = {c["login"]: c["seats"] for c in r.json["items"]}
        self.assertEqual(seats["reviewer.js"], ["leader", "staff"])
        self.assertEqual(seats["inspector.nj"], ["leader", "staff"])
        self.assertEqual(seats["expert.js"], ["expert"])
        for login in ("reviewer.gd", offl, "approver.js", "sysadmin"):
            self.assertNotIn(login, seats)
        js = [c for c in r.json["items"] if c["login"] == "reviewer.js"][0]
        self.assertEqual(js["authority_id"], self.auths["320000"]["id"])
        self.assertTrue(js["membership_name"])
        self.assertJsonError(self.client("reviewer.gd").get(path), 404)
        self.assertJsonError(self.client(offl).get(path), 403)
        # at least two bureau staff, exactly one leader, experts must be experts
        self.schedule(rv, app["id"], date, [("reviewer.js", "leader"), ("expert.js", "expert")],
                      status=422, code="invalid_team")
        self.schedule(rv, app["id"], date, [("reviewer.js", "leader"),
                                            ("inspector.nj", "leader")],
                      status=422, code="invalid_team")
        self.schedule(rv, app["id"], date, [("reviewer.js", "leader"),
                                            ("inspector.nj", "expert")],
                      status=422, code="invalid_team")
        # staff of another province have no jurisdiction here
        self.schedule(rv, app["id"], date, [("reviewer.js", "leader"),
                                            ("reviewer.gd", "staff")],
                      status=422, code="invalid_team")
        self.schedule(rv, app["id"], date, [("reviewer.js", "leader"), (offl, "staff")],
                      status=422, code="invalid_team")
        r = self.schedule(rv, app["id"], date, self.TEAM)
        self.assertEqual(len(rv.get("/api/v1/applications/%d/onsite" % app["id"]).json["team"]),
                         3)
