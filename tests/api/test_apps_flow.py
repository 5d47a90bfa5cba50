"""Qualification applications end to end through the real server: integration grade B (no
preliminary review, everything at the provincial bureau) and grade A (preliminary at the
provincial bureau, superior review and decision at the national bureau, on-site review by the
province), from the draft to the approval. Each step checks the state, the numbers and dates,
notes, timeline, notifications, the audit entry with the request id, the statutory clock on the
working-day calendar and the actions each role is offered."""

from harness import Client
from test_apps_base import ACCEPTANCE_NO_RE, APP_NUMBER_RE, AppsTestCase, Cal, pdf_bytes


class IntegrationPathTest(AppsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nat_approver, _ = cls.new_user(["approver"], region="000000", level="secret",
                                           prefix="appr.nat.")

    def actions(self, login, app_id, now):
        r = self.client(login, now).get("/api/v1/applications/%d" % app_id)
        self.assertStatus(r, 200)
        return sorted(r.json["actions"])

    def can(self, login, app_id, now):
        r = self.client(login, now).get("/api/v1/applications/%d" % app_id)
        self.assertStatus(r, 200)
        return sorted(r.json["can"])

    def check_audit(self, app_id, steps):
        """steps: [(response, action, from, to)]: one audit entry each, same request id."""
        entries = self.audit_of(app_id)
        by_rid = {}
        for e in entries:
            by_rid.setdefault(e["request_id"], []).append(e)
        for r, action, frm, to in steps:
            self.assertIsNotNone(r.rid)
            hits = [e for e in by_rid.get(r.rid, []) if e["action"] == action]
            self.assertEqual(len(hits), 1, "audit for %s (%s): %r" % (action, r.rid,
                                                                      by_rid.get(r.rid)))
            e = hits[0]
            self.assertEqual(e["outcome"], "ok")
            self.assertEqual(e["details"]["from"], frm, e)
            self.assertEqual(e["details"]["to"], to, e)

    def test_grade_b_draft_to_approval(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-04-27")
        rv = self.client("reviewer.js")
        steps = []

        # ---- draft
        app = self.create(off, "integration", "B")
        aid = app["id"]
        self.assertIsNone(app["number"])
        self.assertIsNone(app["clock"])
        self.assertEqual(app["unit"]["id"], unit["id"])
        self.assertEqual(app["scheme"]["id"], "integration")
        self.assertEqual(self.actions(offl, aid, "2026-04-27"), ["submit", "withdraw"])
        self.assertEqual(app["can"], ["upload"])
        self.upload_all(off, aid, "B")
        unread_rv = self.unread(rv)
        unread_off = self.unread(off)
        unread_ap = self.unread(self.client("approver.js"))

        # ---- submitted (Tuesday 2026-04-28): the acceptance clock runs 5 working days,
        # across the May Day holiday
        off.now = "2026-04-28"
        r = self.event(off, app, "submit")
        steps.append((r, "submit", "draft", "submitted"))
        app = r.json
        self.assertRegex(app["number"], APP_NUMBER_RE)
        self.assertIn("-2026-", app["number"])
        self.assertEqual(app["dates"]["received_on"], "2026-04-28")
        self.assertEqual(app["dates"]["acceptance_start"], "2026-04-28")
        self.assertIsNotNone(app["dates"]["submitted_at"])
        self.assertClock(app, "acceptance", Cal.add("2026-04-28", 5), 0, 5)
        self.assertEqual(app["clock"]["due"], "2026-05-08")
        self.assertEqual(sorted(app["actions"]), ["withdraw"])
        self.assertEqual(app["authorities"]["accept"], self.auths["320000"]["id"])
        self.assertIsNone(app["authorities"]["preliminary"])
        self.assertEqual(app["authorities"]["decide"], self.auths["320000"]["id"])
        self.assertEqual(self.actions("reviewer.js", aid, "2026-04-28"),
                         ["accept", "refuse", "request_supplement"])
        self.assertEqual(self.actions("approver.js", aid, "2026-04-28"), [])
        self.assertEqual(self.unread(rv), unread_rv + 1)
        self.assertEqual(self.unread(off), unread_off)  # one's own submission is no news
        to_accept = [n for n in self.notifications(rv, aid) if n["kind"] == "application.to_accept"]
        self.assertEqual(len(to_accept), 1, self.notifications(rv, aid))
        self.assertIn(app["number"], to_accept[0]["text_zh"])
        # the work queue of the provincial reviewer holds it; the Guangdong one cannot see it
        tasks = self.list_apps(self.client("reviewer.js", "2026-04-28"), tasks="true")
        self.assertIn(aid, [a["id"] for a in tasks])
        self.assertStatus(self.client("reviewer.gd").get("/api/v1/applications/%d" % aid), 404)
        # the clock on later days: 2026-05-06 is the 3rd working day (the 1st-5th are holidays)
        later = self.get(self.client(offl, "2026-05-06"), aid)
        self.assertClock(later, "acceptance", "2026-05-08", 3, 2)
        self.assertFalse(later["clock"]["overdue"])

        # ---- accepted (2026-04-30): the acceptance notice, then the superior review
        rv.now = "2026-04-30"
        r = self.event(rv, app, "accept")
        steps.append((r, "accept", "submitted", "superior_review"))
        app = r.json
        self.assertEqual(app["state"], "superior_review")
        self.assertRegex(app["acceptance_no"], ACCEPTANCE_NO_RE)
        self.assertTrue(app["acceptance_no"].startswith("SL-2026-"))
        self.assertEqual(app["dates"]["accepted_on"], "2026-04-30")
        self.assertEqual(app["dates"]["received_on"], "2026-04-28")
        self.assertFalse(app["deemed_accepted"])
        due, used, rem = Cal.clock("2026-04-30", 20, "2026-04-30")
        self.assertClock(app, "decision", due, used, rem)
        self.assertEqual(due, "2026-06-01")
        notice = self.notes(off, aid, "acceptance_notice")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice[0]["body"]["number"], app["acceptance_no"])
        self.assertEqual(notice[0]["body"]["accepted_on"], "2026-04-30")
        self.assertEqual(notice[0]["body"]["received_on"], "2026-04-28")
        self.assertEqual(notice[0]["body"]["signed_by"], "reviewer.js")
        self.assertEqual(self.unread(off), unread_off + 1)
        self.assertIn("application.update", [n["kind"] for n in self.notifications(off, aid)])
        # in words, both languages, not codes
        upd = [n for n in self.notifications(off, aid) if n["kind"] == "application.update"][0]
        self.assertEqual(upd["text_zh"], "您的申请 %s 状态已更新：书面审查" % app["number"])
        self.assertEqual(upd["text_en"], "Your application %s is now: Written review"
                         % app["number"])
        # the next actor (the superior review, the same provincial bureau here) is told
        self.assertIn("application.to_review", [n["kind"] for n in self.notifications(rv, aid)])
        todo = [n for n in self.notifications(rv, aid) if n["kind"] == "application.to_review"]
        self.assertEqual(todo[0]["text_en"],
                         "Application %s awaits the written review" % app["number"])
        self.assertEqual(self.actions("reviewer.js", aid, "2026-04-30"),
                         ["list_onsite", "reject", "return"])
        self.assertEqual(self.actions(offl, aid, "2026-04-30"), ["withdraw"])
        self.assertEqual(self.actions("approver.js", aid, "2026-04-30"), [])
        # a second acceptance is not a transition of this state
        self.event(rv, app, "accept", status=409, code="illegal_transition")

        # ---- listed for on-site review (2026-05-06): the clock stops
        rv.now = "2026-05-06"
        self.event(rv, app, "list_onsite", {}, status=400, code="missing_field", field="opinion")
        r = self.event(rv, app, "list_onsite", {"opinion": "书面审查通过，列入现场审查"})
        steps.append((r, "list_onsite", "superior_review", "onsite"))
        app = r.json
        self.assertEqual(app["state"], "onsite")
        # (the listing day itself: see test_apps_calendar.ClockTest)
        later = self.get(self.client(offl, "2026-05-08"), aid)
        self.assertTrue(later["clock"]["paused"], later["clock"])
        self.assertIsNone(later["clock"]["due"])
        self.assertEqual(later["clock"]["used"], 1)
        self.assertEqual(later["clock"]["remaining"], 19)
        opinion = self.notes(rv, aid, "review_opinion")
        self.assertEqual(opinion[0]["body"]["opinion"], "书面审查通过，列入现场审查")

        team = [("reviewer.js", "leader"), ("inspector.nj", "staff"), ("expert.js", "expert")]
        self.assertEqual(self.can("reviewer.js", aid, "2026-05-06"), ["schedule_onsite"])
        self.assertEqual(self.can(offl, aid, "2026-05-06"), [])
        # the unit is told at least 5 days ahead
        self.schedule(rv, aid, "2026-05-10", team, status=422, code="notice_too_short")
        unread_off = self.unread(off)
        r = self.schedule(rv, aid, "2026-05-12", team)
        self.assertEqual(r.json["dates"]["onsite_date"], "2026-05-12")
        self.assertEqual(r.json["dates"]["onsite_notified_on"], "2026-05-06")
        self.assertEqual(self.unread(off), unread_off + 1)
        self.assertIn("application.onsite_notice",
                      [n["kind"] for n in self.notifications(off, aid)])
        notice = self.notes(off, aid, "onsite_notice")[0]["body"]
        self.assertEqual((notice["date"], notice["signed_by"], len(notice["team"])),
                         ("2026-05-12", "reviewer.js", 3))
        # the team members see the case in their queues
        for login, _ in team:
            self.assertIn(aid, [a["id"] for a in self.list_apps(
                self.client(login, "2026-05-06"), tasks="true")], login)

        # ---- scoring on the day (2026-05-12)
        for login, _ in team:
            self.client(login, "2026-05-12")
        self.sheet(self.client("inspector.nj", "2026-05-11"), aid, "integration", 1,
                   status=422, code="onsite_not_held")
        self.assertEqual(self.can("inspector.nj", aid, "2026-05-11"), [])
        self.assertEqual(self.can("inspector.nj", aid, "2026-05-12"), ["score"])
        self.sheet(self.client("inspector.nj", "2026-05-12"), aid, "integration", 1)
        self.assertEqual(self.can("inspector.nj", aid, "2026-05-12"), [])
        self.sheet(self.client("expert.js", "2026-05-12"), aid, "integration", 1)
        # the leader cannot sign before every sheet is in, nor is offered to
        self.event(rv, app, "onsite_pass", {"opinion": "合格", "representative": "王建国"},
                   status=422, code="sheets_outstanding")
        outcomes = {"onsite_pass", "onsite_fail", "onsite_halt"}
        self.assertFalse(outcomes & set(self.actions("reviewer.js", aid, "2026-05-12")))
        rv.now = "2026-05-12"
        self.sheet(rv, aid, "integration", 1)
        # once they are, only the outcome the sheets give is offered
        self.assertEqual(outcomes & set(self.actions("reviewer.js", aid, "2026-05-12")),
                         {"onsite_pass"})
        onsite = rv.get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual(onsite["aggregate"]["total"], 94)
        self.assertEqual(onsite["aggregate"]["outcome"], "pass")
        self.assertEqual(onsite["aggregate"]["sheets"], 3)
        self.assertEqual(len(onsite["team"]), 3)
        # the leader's opinion must match the sheets
        self.event(rv, app, "onsite_fail", {"opinion": "不合格", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        self.assertIn("onsite_pass", self.actions("reviewer.js", aid, "2026-05-12"))
        r = self.event(rv, app, "onsite_pass",
                       {"opinion": "现场审查合格", "representative": "王建国"})
        steps.append((r, "onsite_pass", "onsite", "onsite_passed"))
        app = r.json
        self.assertEqual(app["state"], "onsite_passed")
        self.assertEqual(app["onsite"]["outcome"], "pass")
        self.assertEqual(app["onsite"]["total"], 94)
        # the on-site days (after the listing day, up to the review day) were not counted
        due, used, rem = Cal.clock("2026-04-30", 20, "2026-05-12",
                                   [("2026-05-06", "2026-05-12")])
        self.assertClock(app, "decision", due, used, rem)
        self.assertEqual(due, "2026-06-08")
        op = self.notes(off, aid, "onsite_opinion")[0]["body"]
        self.assertEqual((op["outcome"], op["representative"], op["signed_by"]),
                         ("pass", "王建国", "reviewer.js"))

        # ---- publicity (2026-05-13 .. 5 working days)
        rv.now = "2026-05-13"
        self.assertEqual(self.actions("reviewer.js", aid, "2026-05-13"),
                         ["open_publicity"])
        r = self.event(rv, app, "open_publicity")
        steps.append((r, "open_publicity", "onsite_passed", "publicity"))
        app = r.json
        self.assertEqual(app["dates"]["publicity_start"], "2026-05-13")
        self.assertEqual(app["dates"]["publicity_end"], Cal.add("2026-05-13", 5))
        pub = Client(self.server)
        pub.now = "2026-05-14"
        items = pub.get("/api/v1/public/publicity").json["items"]
        mine = [p for p in items if p["id"] == aid]
        self.assertEqual(len(mine), 1, items)
        self.assertEqual(mine[0]["unit"], unit["name"])
        self.assertEqual(mine[0]["uscc"], unit["uscc"])
        self.assertEqual(mine[0]["number"], app["number"])
        self.assertEqual((mine[0]["start"], mine[0]["end"]), ("2026-05-13", "2026-05-20"))
        self.assertEqual(self.can("reviewer.js", aid, "2026-05-14"), ["resolve_objections"])
        self.assertEqual(self.can("approver.js", aid, "2026-05-14"), ["extend"])
        # not closed before the period is over
        rv.now = "2026-05-20"
        self.event(rv, app, "close_publicity", status=422, code="guard_failed",
                   field="publicity_over")
        rv.now = "2026-05-21"
        unread_ap = self.unread(self.client("approver.js"))
        r = self.event(rv, app, "close_publicity")
        steps.append((r, "close_publicity", "publicity", "decision"))
        app = r.json
        self.assertEqual(app["state"], "decision")
        self.assertEqual(self.unread(self.client("approver.js")), unread_ap + 1)
        self.assertIn("application.to_decide",
                      [n["kind"] for n in self.notifications(self.client("approver.js"), aid)])
        self.assertIn(aid, [a["id"] for a in self.list_apps(
            self.client("approver.js", "2026-05-21"), tasks="true")])

        # ---- decision
        self.assertEqual(self.actions("approver.js", aid, "2026-05-21"), ["approve", "reject"])
        self.assertEqual(self.actions("reviewer.js", aid, "2026-05-21"), [])
        self.assertEqual(self.actions(offl, aid, "2026-05-21"), ["withdraw"])
        self.event(self.client("reviewer.js", "2026-05-21"), app, "approve",
                   {"reason": "准予"}, status=403)
        ap = self.client("approver.js", "2026-05-21")
        self.event(ap, app, "approve", {}, status=400, code="missing_field", field="reason")
        unread_off = self.unread(off)
        r = self.event(ap, app, "approve", {"reason": "符合条件，准予许可"})
        steps.append((r, "approve", "decision", "approved"))
        app = r.json
        self.assertEqual(app["state"], "approved")
        self.assertEqual(app["dates"]["decided_on"], "2026-05-21")
        self.assertEqual(app["decision"]["granted_grade"], "B")
        self.assertEqual(app["decision"]["granted_categories"],
                         ["software_development", "operation_maintenance"])
        self.assertEqual(app["decision"]["reason"], "符合条件，准予许可")
        self.assertIsNone(app["clock"])
        self.assertEqual(app["actions"], [])
        self.assertEqual(self.unread(off), unread_off + 1)
        dec = self.notes(off, aid, "decision")[0]["body"]
        self.assertEqual((dec["decision"], dec["grade"], dec["signed_by"]),
                         ("approved", "B", "approver.js"))
        self.assertEqual(self.actions(offl, aid, "2026-05-22"), [])
        self.assertEqual(self.can("approver.js", aid, "2026-05-22"), [])
        self.event(off, app, "withdraw", status=409, code="illegal_transition")
        # notifications are read one by one or all at once
        mine = self.notifications(off, aid, unread=True)
        self.assertTrue(mine)
        self.assertStatus(off.post("/api/v1/notifications/read", {"id": mine[0]["id"]}), 204)
        self.assertEqual(self.unread(off), unread_off + 1 - 1)
        self.assertStatus(off.post("/api/v1/notifications/read", {}), 204)
        self.assertEqual(self.unread(off), 0)
        self.assertTrue(all(n["read_at"] for n in self.notifications(off, aid)))

        # ---- the timeline and the audit trail
        tl = self.timeline(off, aid)
        transitions = [(t["event"], t["from"], t["to"]) for t in tl
                       if not t["event"].startswith("application.")]
        self.assertEqual(transitions, [
            ("submit", "draft", "submitted"), ("accept", "submitted", "superior_review"),
            ("list_onsite", "superior_review", "onsite"),
            ("onsite_pass", "onsite", "onsite_passed"),
            ("open_publicity", "onsite_passed", "publicity"),
            ("close_publicity", "publicity", "decision"), ("approve", "decision", "approved")])
        actors = {t["event"]: t["actor"] for t in tl}
        self.assertEqual(actors["submit"], offl)
        self.assertEqual(actors["accept"], "reviewer.js")
        self.assertEqual(actors["approve"], "approver.js")
        events = [t["event"] for t in tl]
        self.assertEqual(events[0], "application.create")
        self.assertEqual(events.count("application.file_upload"), 9)
        self.assertEqual(events.count("application.sheet_submit"), 3)
        self.assertIn("application.onsite_schedule", events)
        self.check_audit(aid, steps)

    def test_grade_a_provincial_and_national(self):
        unit, offl = self.new_unit()
        off = self.client(offl)
        js, nat = self.auths["320000"]["id"], self.auths["000000"]["id"]
        app = self.submitted(off, "integration", "A", now="2026-06-01", tag="A")
        aid = app["id"]
        self.assertEqual(app["authorities"], {"accept": js, "preliminary": js, "review": nat,
                                              "onsite": js, "decide": nat})
        self.assertClock(app, "acceptance", Cal.add("2026-06-01", 5), 0, 5)
        self.assertEqual(self.actions("reviewer.nation", aid, "2026-06-01"), [])
        self.event(self.client("reviewer.nation", "2026-06-01"), app, "accept", status=403,
                   code="not_your_step")

        rv = self.client("reviewer.js", "2026-06-02")
        r = self.event(rv, app, "accept")
        self.assertEqual(r.json["state"], "preliminary_review")
        self.assertEqual(r.json["dates"]["accepted_on"], "2026-06-02")
        self.assertClock(r.json, "decision", Cal.clock("2026-06-02", 20, "2026-06-02")[0], 0, 20)
        self.assertEqual(self.actions("reviewer.js", aid, "2026-06-02"), ["forward", "return"])
        self.assertEqual(self.actions("reviewer.nation", aid, "2026-06-02"), [])
        self.event(self.client("reviewer.nation", "2026-06-02"), app, "forward",
                   {"opinion": "x"}, status=403, code="not_your_step")

        unread_nat = self.unread(self.client("reviewer.nation"))
        rv.now = "2026-06-03"
        r = self.event(rv, app, "forward", {"opinion": "初审意见：材料齐全，同意报送"})
        self.assertEqual(r.json["state"], "superior_review")
        self.assertEqual(self.notes(off, aid, "preliminary_opinion")[0]["body"]["opinion"],
                         "初审意见：材料齐全，同意报送")
        self.assertEqual(self.unread(self.client("reviewer.nation")), unread_nat + 1)
        self.assertIn(aid, [a["id"] for a in self.list_apps(
            self.client("reviewer.nation", "2026-06-03"), tasks="true")])
        # the superior review is the national bureau's
        self.assertEqual(self.actions("reviewer.js", aid, "2026-06-03"), [])
        self.event(rv, app, "list_onsite", {"opinion": "x"}, status=403, code="not_your_step")
        nrv = self.client("reviewer.nation", "2026-06-03")
        self.assertEqual(self.actions("reviewer.nation", aid, "2026-06-03"),
                         ["list_onsite", "reject", "return"])
        r = self.event(nrv, app, "list_onsite", {"opinion": "同意列入现场审查"})
        self.assertEqual(r.json["state"], "onsite")

        # the on-site review is the province's
        team = [("reviewer.js", "leader"), ("inspector.nj", "staff"), ("expert.js", "expert")]
        self.schedule(nrv, aid, "2026-06-09", team, status=403, code="not_your_step")
        self.schedule(rv, aid, "2026-06-09", team)
        for login, _ in team:
            self.sheet(self.client(login, "2026-06-09"), aid, "integration", 2)
        rv.now = "2026-06-09"
        r = self.event(rv, app, "onsite_pass", {"opinion": "合格", "representative": "王建国"})
        self.assertEqual(r.json["state"], "onsite_passed")
        self.assertEqual(r.json["onsite"]["total"], 88)

        # publicity and its close by the reviewing (national) authority
        rv.now = "2026-06-10"
        self.event(rv, app, "open_publicity", status=403, code="not_your_step")
        nrv.now = "2026-06-10"
        r = self.event(nrv, app, "open_publicity")
        self.assertEqual(r.json["dates"]["publicity_end"], "2026-06-17")
        nrv.now = "2026-06-18"
        r = self.event(nrv, app, "close_publicity")
        self.assertEqual(r.json["state"], "decision")

        # the decision is the national bureau's
        self.assertEqual(self.actions("approver.js", aid, "2026-06-18"), [])
        self.event(self.client("approver.js", "2026-06-18"), app, "approve", {"reason": "x"},
                   status=403, code="not_your_step")
        nap = self.client(self.nat_approver, "2026-06-18")
        self.assertEqual(self.actions(self.nat_approver, aid, "2026-06-18"),
                         ["approve", "reject"])
        r = self.event(nap, app, "approve", {"reason": "准予甲级"})
        self.assertEqual(r.json["state"], "approved")
        self.assertEqual(r.json["decision"]["granted_grade"], "A")
        tl = [t["event"] for t in self.timeline(nap, aid)
              if not t["event"].startswith("application.")]
        self.assertEqual(tl, ["submit", "accept", "forward", "list_onsite", "onsite_pass",
                              "open_publicity", "close_publicity", "approve"])

    def test_create_answers_actions(self):
        """The creation answers what a read answers, the officer's actions included."""
        unit, offl = self.new_unit(eligible=False)
        off = self.client(offl, "2026-04-27")
        app = self.create(off, "integration", "B")
        got = self.get(off, app["id"])
        self.assertEqual(sorted(got["actions"]), ["submit", "withdraw"])
        self.assertEqual(sorted(app["actions"]), sorted(got["actions"]),
                         "POST /applications answers actions %r, GET %r" %
                         (app["actions"], got["actions"]))

    def test_grade_a_needs_security_director(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-06-01")
        r = off.put("/api/v1/units/%d/declarations/security_director" % unit["id"],
                    {"value": False})
        self.assertStatus(r, 200)
        el = off.post("/api/v1/eligibility", {"scheme": "integration", "grade": "A"})
        self.assertStatus(el, 200)
        self.assertFalse(el.json["eligible"])
        line = {l["condition"]: l for l in el.json["lines"]}["security_director_grade_a"]
        self.assertEqual(line["result"], "fail")
        # grade B does not ask for it
        el = off.post("/api/v1/eligibility", {"scheme": "integration", "grade": "B"})
        self.assertTrue(el.json["eligible"], el.json)
        self.assertNotIn("security_director_grade_a",
                         [l["condition"] for l in el.json["lines"]])
        app = self.create(off, "integration", "A")
        self.upload_all(off, app["id"])
        r = self.event(off, app, "submit", status=422, code="eligibility_failed")
        bad = [l for l in r.json["error"]["eligibility"] if l["result"] == "fail"]
        self.assertEqual([l["condition"] for l in bad], ["security_director_grade_a"])
        self.assertEqual(self.get(off, app["id"])["state"], "draft")

    def test_refusal_and_rejections(self):
        """Not accepted at the acceptance check; rejected at the superior review; rejected by
        the approver: each with its reason, decided_on and note; no further actions."""
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), now="2026-09-01", tag="refuse")
        rv = self.client("reviewer.js", "2026-09-02")
        self.event(rv, app, "refuse", {}, status=400, code="missing_field", field="reason")
        app = self.event(rv, app, "refuse", {"reason": "不属于本机关受理范围"}).json
        self.assertEqual(app["state"], "not_accepted")
        self.assertEqual(app["dates"]["decided_on"], "2026-09-02")
        self.assertEqual(app["decision"]["reason"], "不属于本机关受理范围")
        self.assertIsNone(app["acceptance_no"])
        self.assertEqual(self.notes(rv, app["id"], "refusal")[0]["body"]["decision"],
                         "not_accepted")
        self.assertEqual(self.get(self.client(offl, "2026-09-02"), app["id"])["actions"], [])

        unit2, offl2 = self.new_unit()
        app, d = self.drive(offl2, "superior_review", "2026-09-01")
        rv.now = d["list"]
        app = self.event(rv, app, "reject", {"reason": "书面审查不合格"}).json
        self.assertEqual(app["state"], "rejected")
        self.assertIsNone(app["clock"])
        self.assertEqual(self.notes(rv, app["id"], "decision")[0]["body"]["stage"],
                         "superior_review")

        unit3, offl3 = self.new_unit()
        app, d = self.drive(offl3, "decision", "2026-09-01")
        ap = self.client("approver.js", d["close"])
        app = self.event(ap, app, "reject", {"reason": "综合评审不予许可"}).json
        self.assertEqual(app["state"], "rejected")
        self.assertIsNone(app["decision"]["granted_grade"])
        self.assertEqual(app["decision"]["reason"], "综合评审不予许可")

    def test_integration_fail_has_no_waiting_period(self):
        """Integration: a veto item failed by at least half of the team fails the review (the
        scheme's veto outcome is fail, not halt), and the unit may apply again at once."""
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "onsite", "2026-08-03")
        aid = app["id"]
        for login, _ in self.TEAM:
            self.sheet(self.client(login, d["onsite"]), aid, "integration", 0,
                       vetoes=["no_internet"] if login != "expert.js" else [])
        agg = self.client("reviewer.js").get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual(agg["aggregate"]["total"], 100)
        self.assertEqual(agg["aggregate"]["vetoes_failed"], ["no_internet"])
        self.assertEqual(agg["aggregate"]["outcome"], "fail")
        rv = self.client("reviewer.js", d["onsite"])
        self.event(rv, aid, "onsite_halt", {"opinion": "x", "representative": "王建国"},
                   status=422, code="outcome_mismatch")
        app = self.event(rv, aid, "onsite_fail",
                         {"opinion": "涉密计算机连接互联网，否决", "representative": "王建国"}).json
        self.assertEqual(app["state"], "rejected")
        off = self.client(offl, Cal.add(d["onsite"], 1))
        new = self.create(off)
        self.upload_all(off, new["id"])
        self.assertEqual(self.event(off, new, "submit").json["state"], "submitted")

    def test_return_for_correction_stops_the_clock(self):
        """The applicant's correction time is not the authority's: the decision clock stops
        from the return to the corrected materials."""
        unit, offl = self.new_unit()
        app = self.submitted(self.client(offl), "integration", "A", now="2026-06-01", tag="ret")
        aid = app["id"]
        rv = self.client("reviewer.js", "2026-06-02")
        app = self.event(rv, app, "accept").json
        self.assertEqual(app["state"], "preliminary_review")
        rv.now = "2026-06-03"
        self.event(rv, app, "return", {"reason": "材料需更正"}, status=400,
                   code="missing_field", field="items")
        app = self.event(rv, app, "return", {"reason": "材料需更正",
                                             "items": ["关键人员名单缺少身份证明"]}).json
        self.assertEqual(app["state"], "preliminary_correction")
        off = self.client(offl, "2026-06-09")
        waiting = self.get(off, aid)
        self.assertTrue(waiting["clock"]["paused"], waiting["clock"])
        self.assertEqual(waiting["clock"]["used"], 1)
        self.assertEqual(sorted(waiting["actions"]), ["correct", "withdraw"])
        ret = self.notes(off, aid, "return_notice")[0]["body"]
        self.assertEqual(ret["items"], ["关键人员名单缺少身份证明"])
        self.upload(off, aid, "key_people", pdf_bytes("with ids"))
        off.now = "2026-06-10"
        app = self.event(off, aid, "correct").json
        self.assertEqual(app["state"], "preliminary_review")
        due, used, rem = Cal.clock("2026-06-02", 20, "2026-06-10", [("2026-06-03", "2026-06-10")])
        self.assertClock(app, "decision", due, used, rem)
        self.assertEqual(used, 1)
        self.assertIn(aid, [a["id"] for a in self.list_apps(self.client("reviewer.js",
                                                                         "2026-06-10"),
                                                             tasks="true")])
