"""The acceptance stage: the one itemised supplement notice (15 working days, its own clock),
uploads while supplementing, resubmission restarting the acceptance clock, abandonment by the
scheduler when the window passes, and deemed acceptance by the scheduler when the 5 working
days pass without a notice (accepted on the day of receipt, [law] Administrative Licensing Law
Art. 32)."""

from test_apps_base import ACCEPTANCE_NO_RE, AppsTestCase, Cal, pdf_bytes

ITEMS = ["营业执照副本扫描件不清晰，请重新提供", "补充近三年涉密信息系统集成合同清单"]


class SupplementTest(AppsTestCase):
    def test_supplement_once_then_resubmit(self):
        unit, offl = self.new_unit()
        off = self.client(offl)
        app = self.submitted(off, now="2026-03-02", tag="sup")
        aid = app["id"]
        self.assertClock(app, "acceptance", "2026-03-09", 0, 5)
        rv = self.client("reviewer.js", "2026-03-03")
        # the notice lists what is missing
        self.event(rv, app, "request_supplement", {"reason": "材料不全"}, status=400,
                   code="missing_field", field="items")
        self.event(rv, app, "request_supplement", {"items": ITEMS, "opinion": "x"}, status=400,
                   code="unknown_field", field="opinion")
        unread = self.unread(off)
        app = self.event(rv, app, "request_supplement",
                         {"items": ITEMS, "reason": "申请材料不齐全"}).json
        self.assertEqual(app["state"], "supplement")
        self.assertTrue(app["supplement_used"])
        self.assertEqual(app["dates"]["supplement_on"], "2026-03-03")
        # the applicant's window: 15 working days, on its own clock
        self.assertClock(app, "supplement", Cal.add("2026-03-03", 15), 0, 15)
        self.assertEqual(app["clock"]["due"], "2026-03-24")
        notice = self.notes(off, aid, "supplement_notice")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice[0]["body"]["items"], ITEMS)
        self.assertEqual(notice[0]["body"]["reason"], "申请材料不齐全")
        self.assertEqual(self.unread(off), unread + 1)
        self.assertEqual(sorted(self.get(off, aid)["actions"]), ["resubmit", "withdraw"])
        self.assertEqual(self.get(rv, aid)["actions"], [])
        self.assertIn(aid, [a["id"] for a in self.list_apps(self.client(offl, "2026-03-04"),
                                                             tasks="true")])

        # files: the submitted ones are frozen, new ones may be added (and removed)
        mats = off.get("/api/v1/applications/%d/materials" % aid).json
        self.assertTrue(all(f["frozen"] for f in mats["files"]), mats["files"])
        old = [f for f in mats["files"] if f["material"] == "business_licence"][0]
        self.assertJsonError(off.delete("/api/v1/applications/%d/files/%d" %
                                        (aid, old["file_id"])), 409, "file_frozen")
        off.now = "2026-03-09"
        extra = self.upload(off, aid, "contracts_3y", pdf_bytes("contracts draft"),
                            name="合同清单-草稿.pdf").json
        self.assertEqual((extra["phase"], extra["frozen"]), ("supplement", False))
        self.assertStatus(off.delete("/api/v1/applications/%d/files/%d" %
                                     (aid, extra["file_id"])), 204)
        new = self.upload(off, aid, "business_licence", pdf_bytes("licence, clear scan"),
                          name="营业执照.pdf").json
        self.assertEqual(new["phase"], "supplement")

        # resubmitted: back to acceptance, with a new 5-working-day clock from that day
        off.now = "2026-03-10"
        app = self.event(off, aid, "resubmit").json
        self.assertEqual(app["state"], "submitted")
        self.assertEqual(app["dates"]["acceptance_start"], "2026-03-10")
        self.assertEqual(app["dates"]["received_on"], "2026-03-02")
        self.assertClock(app, "acceptance", Cal.add("2026-03-10", 5), 0, 5)
        files = off.get("/api/v1/applications/%d/materials" % aid).json["files"]
        self.assertTrue(all(f["frozen"] for f in files), files)
        self.assertEqual(sorted(f["file_id"] for f in files if f["phase"] == "supplement"),
                         [new["file_id"]])
        self.assertJsonError(off.delete("/api/v1/applications/%d/files/%d" %
                                        (aid, new["file_id"])), 409, "file_frozen")
        self.upload(off, aid, "contracts_3y", pdf_bytes("late"), status=409,
                    code="illegal_transition")
        # the reviewers read what was handed in last
        snap = self.client("reviewer.js").get("/api/v1/applications/%d/submission" % aid).json
        self.assertIn(new["sha256"], [f["sha256"] for f in snap["snapshot"]["materials"]])

        # one supplement notice only
        rv.now = "2026-03-11"
        self.assertEqual(sorted(self.get(rv, aid)["actions"]), ["accept", "refuse"])
        self.event(rv, aid, "request_supplement", {"items": ["再补一份"]}, status=422,
                   code="guard_failed", field="supplement_unused")
        # the receipt date of paper materials may be given, not in the future
        self.event(rv, aid, "accept", {"date": "2026-03-12"}, status=400, code="invalid_date",
                   field="date")
        app = self.event(rv, aid, "accept").json
        self.assertEqual(app["state"], "superior_review")
        self.assertEqual(app["dates"]["accepted_on"], "2026-03-11")
        tl = [(t["event"], t["from"], t["to"]) for t in self.timeline(rv, aid)
              if not t["event"].startswith("application.")]
        self.assertEqual(tl, [("submit", "draft", "submitted"),
                              ("request_supplement", "submitted", "supplement"),
                              ("resubmit", "supplement", "submitted"),
                              ("accept", "submitted", "superior_review")])

    def test_abandoned_when_the_window_passes(self):
        unit, offl = self.new_unit()
        off = self.client(offl)
        app = self.submitted(off, now="2026-04-01", tag="abandon")
        aid = app["id"]
        rv = self.client("reviewer.js", "2026-04-02")
        app = self.event(rv, app, "request_supplement", {"items": ITEMS}).json
        due = Cal.add("2026-04-02", 15)
        self.assertEqual(due, "2026-04-24")  # across the Qingming holiday (4-6 April)
        self.assertClock(app, "supplement", due, 0, 15)
        # abandonment is the scheduler's, never a person's
        off.now = due
        self.event(off, aid, "abandon", status=422, code="guard_failed",
                   field="supplement_overdue")
        rv.now = plus = Cal.add(due, 1)
        self.event(rv, aid, "abandon", status=403, code="system_only")
        # the window is closed before the scheduler comes round
        self.event(self.client(offl, plus), aid, "resubmit", status=422, code="guard_failed",
                   field="supplement_in_time")
        self.assertEqual(self.get(self.client(offl, plus), aid)["actions"], ["withdraw"])
        # on the last day nothing happens
        self.jobs(due)
        self.assertEqual(self.get(off, aid)["state"], "supplement")
        on_due = self.get(self.client(offl, due), aid)
        self.assertClock(on_due, "supplement", due, 15, 0)
        self.assertFalse(on_due["clock"]["overdue"])
        unread = self.unread(off)
        deemed, abandoned = self.jobs(plus)
        self.assertGreaterEqual(abandoned, 1)
        app = self.get(self.client(offl, plus), aid)
        self.assertEqual(app["state"], "abandoned")
        self.assertIsNone(app["clock"])
        self.assertEqual(app["actions"], [])
        self.assertEqual(self.unread(off), unread + 1)
        self.assertEqual(len(self.notes(off, aid, "abandonment")), 1)
        last = self.timeline(off, aid)[-1]
        self.assertEqual((last["event"], last["from"], last["to"]),
                         ("abandon", "supplement", "abandoned"))
        self.assertEqual(last["actor"], "scheduler")
        audit = [e for e in self.audit_of(aid) if e["action"] == "abandon"]
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit[0]["details"]["to"], "abandoned")
        # too late to hand anything in
        off.now = plus
        self.event(off, aid, "resubmit", status=409, code="illegal_transition")
        self.upload(off, aid, "contracts_3y", pdf_bytes("late"), status=409,
                    code="illegal_transition")
        # a second run changes nothing
        self.jobs(plus)
        self.assertEqual(self.get(off, aid)["state"], "abandoned")
        self.assertEqual(len([t for t in self.timeline(off, aid) if t["event"] == "abandon"]), 1)


class DeemedAcceptanceTest(AppsTestCase):
    def test_silent_deadline_means_accepted_on_receipt(self):
        unit, offl = self.new_unit()
        off = self.client(offl)
        b = self.submitted(off, "integration", "B", now="2026-06-01", tag="deemed-B")
        unit2, offl2 = self.new_unit()
        a = self.submitted(self.client(offl2), "integration", "A", now="2026-06-02",
                           tag="deemed-A")
        due_b = Cal.add("2026-06-01", 5)
        self.assertEqual(due_b, "2026-06-08")
        self.assertClock(b, "acceptance", due_b, 0, 5)
        # the reviewer is late: the case shows overdue, the queue says so
        rv = self.client("reviewer.js", "2026-06-09")
        late = self.get(rv, b["id"])
        self.assertTrue(late["clock"]["overdue"], late["clock"])
        self.assertEqual(late["clock"]["remaining"], -1)
        self.assertIn(b["id"], [x["id"] for x in self.list_apps(rv, overdue="true")])
        # deemed acceptance is the scheduler's
        self.event(rv, b["id"], "deemed_accept", status=403, code="system_only")
        self.assertNotIn("deemed_accept", late["actions"])
        # once the check is overdue the application stands accepted ([law] ALL Art. 32): it
        # can no longer be sent back for supplement, nor refused
        self.assertEqual(late["actions"], ["accept"])
        self.event(rv, b["id"], "request_supplement", {"items": ["补充材料"]}, status=422,
                   code="guard_failed", field="acceptance_in_time")
        self.event(rv, b["id"], "refuse", {"reason": "不予受理"}, status=422,
                   code="guard_failed", field="acceptance_in_time")

        self.jobs(due_b)  # the last day: not yet
        self.assertEqual(self.get(off, b["id"])["state"], "submitted")
        unread = self.unread(off)
        deemed, _ = self.jobs("2026-06-10")  # both are overdue now
        self.assertGreaterEqual(deemed, 2)
        got = self.get(self.client(offl, "2026-06-10"), b["id"])
        self.assertEqual(got["state"], "superior_review")
        self.assertTrue(got["deemed_accepted"])
        self.assertEqual(got["dates"]["accepted_on"], "2026-06-01")
        self.assertEqual(got["dates"]["received_on"], "2026-06-01")
        self.assertRegex(got["acceptance_no"], ACCEPTANCE_NO_RE)
        # the decision clock runs from the day of receipt
        due, used, rem = Cal.clock("2026-06-01", 20, "2026-06-10")
        self.assertClock(got, "decision", due, used, rem)
        note = self.notes(off, b["id"], "acceptance_notice")[0]["body"]
        self.assertTrue(note["deemed"])
        self.assertEqual(note["accepted_on"], "2026-06-01")
        self.assertEqual(note["number"], got["acceptance_no"])
        self.assertEqual(self.unread(off), unread + 1)
        tl = self.timeline(off, b["id"])[-1]
        self.assertEqual((tl["event"], tl["from"], tl["to"], tl["actor"]),
                         ("deemed_accept", "submitted", "superior_review", "scheduler"))
        self.assertEqual(len([e for e in self.audit_of(b["id"])
                              if e["action"] == "deemed_accept"]), 1)
        # grade A goes to the preliminary review
        got_a = self.get(self.client(offl2, "2026-06-10"), a["id"])
        self.assertEqual(got_a["state"], "preliminary_review")
        self.assertTrue(got_a["deemed_accepted"])
        self.assertEqual(got_a["dates"]["accepted_on"], "2026-06-02")
        self.assertNotEqual(got_a["acceptance_no"], got["acceptance_no"])
        # the accepted case proceeds normally
        rv.now = "2026-06-10"
        self.assertIn("list_onsite", self.get(rv, b["id"])["actions"])
