"""Weapons R&D and production qualification (scheme `military`): level 2 (provincial, no
preliminary review) and level 1 (provincial acceptance and preliminary review, the national
committee for everything else) from draft to approval; level 3 is legacy and refused for new
applications; the waiting periods: 6 months before a unit that failed the on-site review may
apply again, 3 months before a halted on-site review (a veto item failed by at least half of
the team) may be held again."""

from test_apps_base import AppsTestCase, Cal, etag_of


TEAM_JS = [("reviewer.js", "leader"), ("inspector.nj", "staff"), ("expert.js", "expert")]


class MilitaryTest(AppsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nat_approver, _ = cls.new_user(["approver"], region="000000", level="secret",
                                           prefix="appr.nat.")
        cls.nat_inspector, _ = cls.new_user(["inspector"], region="000000", level="secret",
                                            prefix="insp.nat.")
        cls.nat_expert, _ = cls.new_user(["expert"], region="000000", level="secret",
                                         prefix="exp.nat.")
        cls.js_expert2, _ = cls.new_user(["expert"], region="320000", level="secret",
                                         prefix="exp.js.")

    def to_onsite(self, scheme_grade, submit_on, accept_on, list_on, onsite_on, team=TEAM_JS):
        """A level 2 case submitted, accepted, listed and scheduled; returns (app, officer)."""
        unit, offl = self.new_unit()
        off = self.client(offl)
        app = self.submitted(off, "military", scheme_grade, now=submit_on, tag="mil")
        rv = self.client("reviewer.js", accept_on)
        app = self.event(rv, app, "accept").json
        self.assertEqual(app["state"], "superior_review")
        rv.now = list_on
        app = self.event(rv, app, "list_onsite", {"opinion": "列入现场审查"}).json
        self.schedule(rv, app["id"], onsite_on, team)
        return self.get(rv, app["id"]), offl

    def test_level_3_is_legacy(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        r = off.post("/api/v1/applications", {"scheme": "military", "grade": "3",
                                              "categories": ["production"]})
        self.assertJsonError(r, 422, "legacy_grade", "grade")
        schemes = {s["id"]: s for s in off.get("/api/v1/schemes").json["items"]}
        grades = {g["code"]: g["legacy"] for g in schemes["military"]["grades"]}
        self.assertEqual(grades, {"1": False, "2": False, "3": True})
        # nor can a draft be changed to level 3
        app = self.create(off, "military", "2")
        r = off.patch_if("/api/v1/applications/%d" % app["id"], {"grade": "3"}, etag_of(app))
        self.assertJsonError(r, 422, "legacy_grade", "grade")
        self.assertEqual(self.get(off, app["id"])["grade"], "2")
        # an unknown level is a plain validation error
        r = off.post("/api/v1/applications", {"scheme": "military", "grade": "4",
                                              "categories": ["production"]})
        self.assertJsonError(r, 400, "invalid_value", "grade")
        r = off.post("/api/v1/applications", {"scheme": "military", "grade": "2",
                                              "categories": ["software_development"]})
        self.assertJsonError(r, 400, "invalid_value", "categories")

    def test_level_2_provincial_path(self):
        app, offl = self.to_onsite("2", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-10")
        aid = app["id"]
        js = self.auths["320000"]["id"]
        self.assertEqual(app["authorities"], {"accept": js, "preliminary": None, "review": js,
                                              "onsite": js, "decide": js})
        self.assertEqual(app["scheme"]["id"], "military")
        # 500 points, pass at 450; one member of three failing a veto item is not enough
        self.sheet(self.client("reviewer.js", "2026-03-10"), aid, "military", 2,
                   vetoes=["grading"])
        self.sheet(self.client("inspector.nj", "2026-03-10"), aid, "military", 2)
        self.sheet(self.client("expert.js", "2026-03-10"), aid, "military", 2)
        agg = self.client("reviewer.js").get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual(agg["aggregate"]["out_of"], 500)
        self.assertEqual(agg["aggregate"]["pass"], 450)
        self.assertEqual(agg["aggregate"]["total"], 462)
        self.assertEqual(agg["aggregate"]["vetoes_failed"], [])
        self.assertEqual(agg["aggregate"]["outcome"], "pass")
        rv = self.client("reviewer.js", "2026-03-10")
        self.event(rv, aid, "onsite_halt", {"opinion": "x", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        app = self.event(rv, aid, "onsite_pass",
                         {"opinion": "现场审查合格", "representative": "王建国"}).json
        self.assertEqual(app["state"], "onsite_passed")
        rv.now = "2026-03-11"
        app = self.event(rv, aid, "open_publicity").json
        self.assertEqual(app["dates"]["publicity_end"], Cal.add("2026-03-11", 5))
        rv.now = plus = Cal.add(app["dates"]["publicity_end"], 1)
        app = self.event(rv, aid, "close_publicity").json
        self.assertEqual(app["state"], "decision")
        app = self.event(self.client("approver.js", plus), aid, "approve",
                         {"reason": "准予二级保密资质"}).json
        self.assertEqual(app["state"], "approved")
        self.assertEqual(app["decision"]["granted_grade"], "2")
        self.assertEqual(app["decision"]["granted_categories"], ["research"])

    def test_level_1_national_committee(self):
        unit, offl = self.new_unit()
        off = self.client(offl)
        app = self.submitted(off, "military", "1", now="2026-07-01", tag="L1")
        aid = app["id"]
        js, nat = self.auths["320000"]["id"], self.auths["000000"]["id"]
        self.assertEqual(app["authorities"], {"accept": js, "preliminary": js, "review": nat,
                                              "onsite": nat, "decide": nat})
        rv = self.client("reviewer.js", "2026-07-02")
        self.assertEqual(self.event(rv, aid, "accept").json["state"], "preliminary_review")
        rv.now = "2026-07-03"
        self.assertEqual(self.event(rv, aid, "forward", {"opinion": "同意上报"}).json["state"],
                         "superior_review")
        nrv = self.client("reviewer.nation", "2026-07-06")
        self.event(nrv, aid, "list_onsite", {"opinion": "列入现场审查"})
        # on-site by the national committee: provincial staff may not form the team
        self.schedule(rv, aid, "2026-07-13", TEAM_JS, status=403, code="not_your_step")
        team = [("reviewer.nation", "leader"), (self.nat_inspector, "staff"),
                (self.nat_expert, "expert")]
        self.schedule(nrv, aid, "2026-07-13", team)
        for login, _ in team:
            self.sheet(self.client(login, "2026-07-13"), aid, "military", 1)
        nrv.now = "2026-07-13"
        app = self.event(nrv, aid, "onsite_pass",
                         {"opinion": "现场审查合格", "representative": "王建国"}).json
        self.assertEqual(app["onsite"]["total"], 481)
        nrv.now = "2026-07-14"
        app = self.event(nrv, aid, "open_publicity").json
        nrv.now = Cal.add(app["dates"]["publicity_end"], 1)
        self.event(nrv, aid, "close_publicity")
        self.event(self.client("approver.js", nrv.now), aid, "approve", {"reason": "x"},
                   status=403, code="not_your_step")
        app = self.event(self.client(self.nat_approver, nrv.now), aid, "approve",
                         {"reason": "准予一级保密资质"}).json
        self.assertEqual((app["state"], app["decision"]["granted_grade"]), ("approved", "1"))

    def test_fail_then_six_months_wait(self):
        app, offl = self.to_onsite("2", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-13")
        aid = app["id"]
        for login, _ in TEAM_JS:
            self.sheet(self.client(login, "2026-01-13"), aid, "military", 5)
        rv = self.client("reviewer.js", "2026-01-13")
        self.event(rv, aid, "onsite_pass", {"opinion": "x", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        app = self.event(rv, aid, "onsite_fail",
                         {"opinion": "现场审查得分 405，未达 450", "representative": "王建国"}).json
        self.assertEqual(app["state"], "rejected")
        self.assertEqual(app["onsite"]["outcome"], "fail")
        self.assertEqual(app["dates"]["decided_on"], "2026-01-13")
        self.assertEqual(app["actions"], [])
        off = self.client(offl)
        # a new application inside the six months is refused at submission ...
        for day in ("2026-01-14", "2026-07-12"):
            off.now = day
            new = self.create(off, "military", "2")
            self.upload_all(off, new["id"])
            r = self.event(off, new, "submit", status=422, code="waiting_period")
            self.assertIn("2026-07-13", r.error["message"])
            self.assertEqual(self.get(off, new["id"])["state"], "draft")
            self.event(off, new, "withdraw")
        # ... and allowed from the day the period ends
        off.now = "2026-07-13"
        new = self.create(off, "military", "2")
        self.upload_all(off, new["id"])
        r = self.event(off, new, "submit")
        self.assertEqual(r.json["state"], "submitted")
        # the bar is per scheme: an integration application was never barred
        off.now = "2026-02-02"
        other = self.create(off, "integration", "B")
        self.upload_all(off, other["id"])
        self.assertEqual(self.event(off, other, "submit").json["state"], "submitted")

    def test_halt_then_three_months_before_reschedule(self):
        team = TEAM_JS + [(self.js_expert2, "expert")]
        app, offl = self.to_onsite("2", "2026-02-02", "2026-02-03", "2026-02-04", "2026-02-10",
                                   team)
        aid = app["id"]
        # two of four (half the team) fail the veto item "committee": the review halts
        marks = {"reviewer.js": ["committee"], "inspector.nj": [],
                 "expert.js": ["committee", "vetting"], self.js_expert2: []}
        for login, _ in team:
            self.sheet(self.client(login, "2026-02-10"), aid, "military", 1,
                       vetoes=marks[login])
        onsite = self.client("reviewer.js").get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual(onsite["aggregate"]["vetoes_failed"], ["committee"])
        self.assertEqual(onsite["aggregate"]["outcome"], "halt")
        rv = self.client("reviewer.js", "2026-02-10")
        self.event(rv, aid, "onsite_pass", {"opinion": "x", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        # only the team leader signs
        self.event(self.client("inspector.nj", "2026-02-10"), aid, "onsite_halt",
                   {"opinion": "x", "representative": "王建国"}, status=403,
                   code="not_team_leader")
        app = self.event(rv, aid, "onsite_halt",
                         {"opinion": "保密委员会未建立，中止审查", "representative": "王建国"}).json
        self.assertEqual(app["state"], "halted")
        self.assertEqual(app["dates"]["halted_on"], "2026-02-10")
        self.assertEqual(app["onsite"]["outcome"], "halt")
        op = self.notes(rv, aid, "onsite_opinion")[0]["body"]
        self.assertEqual(op["vetoes_failed"], ["committee"])
        # no new on-site review for three months (until 2026-05-10)
        for day in ("2026-02-11", "2026-05-09"):
            rv.now = day
            self.assertNotIn("reschedule", self.get(rv, aid)["actions"])
            self.event(rv, aid, "reschedule", status=422, code="guard_failed",
                       field="wait_elapsed")
        rv.now = "2026-05-11"
        self.assertIn("reschedule", self.get(rv, aid)["actions"])
        self.event(self.client("reviewer.gd", "2026-05-11"), aid, "reschedule", status=404,
                   etag=etag_of(app))
        app = self.event(rv, aid, "reschedule").json
        self.assertEqual(app["state"], "onsite")
        self.assertIsNone(app["onsite"])
        self.assertIsNone(app["dates"]["onsite_date"])
        onsite = rv.get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual((onsite["team"], onsite["sheets"], onsite["aggregate"]), ([], [], None))
        # a new review with fresh sheets
        self.schedule(rv, aid, "2026-05-18", TEAM_JS)
        for login, _ in TEAM_JS:
            self.sheet(self.client(login, "2026-05-18"), aid, "military", 1)
        rv.now = "2026-05-18"
        app = self.event(rv, aid, "onsite_pass",
                         {"opinion": "整改后复查合格", "representative": "王建国"}).json
        self.assertEqual(app["state"], "onsite_passed")
        self.assertEqual(app["onsite"]["total"], 481)

    def test_halted_case_stops_the_clock(self):
        """While halted the case waits on the unit and on a new on-site review, so the
        authority's decision clock stands still ([law] Administrative Licensing Law Art. 45,
        clock.h)."""
        team = TEAM_JS + [(self.js_expert2, "expert")]
        app, offl = self.to_onsite("2", "2026-08-03", "2026-08-04", "2026-08-05", "2026-08-11",
                                   team)
        aid = app["id"]
        for login, _ in team:
            self.sheet(self.client(login, "2026-08-11"), aid, "military", 0,
                       vetoes=["network"] if login in ("reviewer.js", "inspector.nj") else [])
        rv = self.client("reviewer.js", "2026-08-11")
        app = self.event(rv, aid, "onsite_halt", {"opinion": "中止", "representative": "王建国"}).json
        self.assertEqual(app["state"], "halted")
        used = Cal.clock("2026-08-04", 20, "2026-08-11", [("2026-08-05", "2026-08-11")])[1]
        later = self.get(self.client(offl, "2026-10-30"), aid)
        self.assertEqual(later["clock"]["stage"], "decision")
        self.assertTrue(later["clock"]["paused"], later["clock"])
        self.assertFalse(later["clock"]["overdue"], later["clock"])
        self.assertEqual(later["clock"]["used"], used, later["clock"])
        # the pause runs on through the new review: rescheduled and held again, the
        # days between the halt and the new outcome still do not count
        rv.now = "2026-11-12"
        app = self.event(rv, aid, "reschedule").json
        self.assertEqual(app["state"], "onsite")
        self.assertTrue(app["clock"]["paused"], app["clock"])
        self.assertEqual(app["clock"]["used"], used, app["clock"])

    def test_halted_then_withdrawn_waits_before_refiling(self):
        """Withdrawing a halted case does not shorten the wait: a new application of the
        unit under the scheme is refused until the halt's waiting period ends."""
        team = TEAM_JS + [(self.js_expert2, "expert")]
        app, offl = self.to_onsite("2", "2026-09-01", "2026-09-02", "2026-09-03", "2026-09-09",
                                   team)
        aid = app["id"]
        for login, _ in team:
            self.sheet(self.client(login, "2026-09-09"), aid, "military", 0,
                       vetoes=["network"] if login in ("reviewer.js", "expert.js") else [])
        rv = self.client("reviewer.js", "2026-09-09")
        self.assertEqual(self.event(rv, aid, "onsite_halt",
                                    {"opinion": "中止", "representative": "王建国"})
                         .json["state"], "halted")
        off = self.client(offl, "2026-09-10")
        self.assertEqual(self.event(off, aid, "withdraw", {"reason": "撤回"}).json["state"],
                         "withdrawn")
        for day in ("2026-09-10", "2026-12-08"):
            off.now = day
            new = self.create(off, "military", "2")
            self.upload_all(off, new["id"])
            r = self.event(off, new, "submit", status=422, code="waiting_period",
                           field="scheme")
            self.assertIn("2026-12-09", r.error["message"])
            self.event(off, new, "withdraw")
        off.now = "2026-12-09"
        new = self.create(off, "military", "2")
        self.upload_all(off, new["id"])
        self.assertEqual(self.event(off, new, "submit").json["state"], "submitted")
