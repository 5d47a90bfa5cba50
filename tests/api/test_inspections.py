"""Bureau inspections, leak reports and sanction proposals (issue 4 §5): an inspector of the
issuing authority plans an inspection (announced or not) against the 13 areas, starts it on
its day, records findings and concludes it; the unit answers each finding and the inspector
verifies or rejects the answer; a rejected or overdue rectification raises a sanction
proposal (suspension 6-12 months, downgrade, revocation) that an approver other than its
proposer decides; a reinstatement waits until every finding is verified; a unit's leak report
(24 hours) opens an inspection. Certificates are issued in June 2024 (test_annual's
AnnualBase); the test clock runs in 2025."""

from harness import audit_all, cli
from test_annual import AnnualBase
from test_apps_base import q
from test_certs_life import period_last


class InspectionBase(AnnualBase):

    def plan(self, cert, day="2025-03-10", kind="planned", now="2025-03-03", areas=None,
             login="inspector.js", status=201, code=None, field=None):
        body = {"certificate_id": cert["id"], "kind": kind, "planned_on": day,
                "purpose": "年度例行检查"}
        if areas is not None:
            body["areas"] = areas
        r = self.client(login, now).post("/api/v1/inspections", body)
        self.assertStatus(r, status, code, field, msg="plan: %r" % r)
        return r.json

    def started(self, cert, day="2025-03-10", kind="planned", areas=None):
        insp = self.plan(cert, day, kind, areas=areas)
        return self.act("inspector.js", "/api/v1/inspections/%d/start" % insp["id"], now=day,
                        of="/api/v1/inspections/%d" % insp["id"]).json

    def find(self, insp, findings, now="2025-03-10", status=200, code=None, field=None):
        r = self.client("inspector.js", now).post(
            "/api/v1/inspections/%d/findings" % insp["id"], {"findings": findings})
        self.assertStatus(r, status, code, field, msg="findings: %r" % r)
        return r.json

    def finding(self, area="personnel", severity="major", deadline=None):
        f = {"area": area, "severity": severity, "requirement": "《保密法》第四十四条"}
        if deadline:
            f["deadline"] = deadline
        return f

    def answer(self, offl, fid, now="2025-03-20"):
        return self.act(offl, "/api/v1/findings/%d/response" % fid,
                        {"response": "已整改，见附件"}, now=now).json

    def verify(self, fid, ok, now="2025-03-21"):
        body = {"decision": "verified"} if ok else {"decision": "rejected", "note": "证据不足"}
        return self.act("inspector.js", "/api/v1/findings/%d/verification" % fid, body,
                        now=now).json

    def sanctions(self, login, cert, now="2025-03-22", state=None):
        r = self.client(login, now).get(q("/api/v1/sanctions", certificate_id=cert["id"],
                                          **({"state": state} if state else {})))
        self.assertStatus(r, 200)
        return r.json["items"]

    def cert(self, cert, login="approver.js", now="2025-03-22"):
        r = self.client(login, now).get("/api/v1/certificates/%d" % cert["id"])
        self.assertStatus(r, 200)
        return r.json


class InspectionTest(InspectionBase):

    def test_planned_inspection_rectification_and_suspension(self):
        offl, cert = self.issue()
        # validation, each field named
        self.plan(cert, kind="surprise", status=400, code="invalid_value", field="kind")
        self.plan(cert, day="2025-03-02", status=400, code="invalid_value", field="planned_on")
        self.plan(cert, areas=["personnel", "weather"], status=400, code="invalid_value",
                  field="areas")
        self.plan(cert, areas=["personnel", "personnel"], status=400, code="invalid_value",
                  field="areas")
        # roles and authorities: an approver does not inspect; the city bureau sees the unit
        # but did not issue its certificate
        self.plan(cert, login="approver.js", status=403)
        self.plan(cert, login="inspector.nj", status=403, code="not_your_step")
        self.plan(cert, login=offl, status=403)

        insp = self.plan(cert, areas=["personnel", "training"])
        self.assertEqual((insp["state"], insp["kind"], insp["areas"]),
                         ("planned", "planned", ["personnel", "training"]))
        self.assertEqual(insp["can"], ["start", "cancel"])
        # the unit is told of a planned inspection and sees it
        kinds = [n["kind"] for n in self.notifications(self.client(offl, "2025-03-03"))]
        self.assertIn("inspection.plan", kinds)
        r = self.client(offl, "2025-03-03").get("/api/v1/inspections/%d" % insp["id"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["can"], [])

        path = "/api/v1/inspections/%d" % insp["id"]
        # not before its day; not without If-Match
        self.act("inspector.js", path + "/start", now="2025-03-09", of=path, status=422,
                 code="not_yet", field="planned_on")
        r = self.client("inspector.js", "2025-03-10").post(path + "/start")
        self.assertStatus(r, 428)
        insp = self.act("inspector.js", path + "/start", now="2025-03-10", of=path).json
        self.assertEqual(insp["state"], "in_progress")
        self.assertEqual(insp["can"], ["findings", "conclude"])
        # a second start is illegal
        self.act("inspector.js", path + "/start", now="2025-03-10", of=path, status=409,
                 code="illegal_transition", field="state")

        # findings: only in the areas in scope, each checked
        self.find(insp, [self.finding("premises")], status=400, code="invalid_value",
                  field="findings[0].area")
        self.find(insp, [self.finding(severity="fatal")], status=400, code="invalid_value",
                  field="findings[0].severity")
        self.find(insp, [self.finding(deadline="2025-03-10")], status=400,
                  code="invalid_value", field="findings[0].deadline")
        insp = self.find(insp, [self.finding("personnel"), self.finding("training", "minor")])
        f1, f2 = insp["findings"]
        self.assertEqual((f1["source_type"], f1["source_id"]), ("inspection", insp["id"]))
        # 20 days after 10 March: 30 March 2025 is a Sunday, so Monday 31 March
        self.assertEqual(f1["deadline"], "2025-03-31")
        self.assertEqual(insp["unverified_findings"], 2)

        self.act("inspector.js", path + "/conclusion", {"conclusion": ""}, now="2025-03-10",
                 of=path, status=400, field="conclusion")
        insp = self.act("inspector.js", path + "/conclusion",
                        {"conclusion": "人员管理和教育培训存在问题"}, now="2025-03-10",
                        of=path).json
        self.assertEqual(insp["state"], "rectifying")
        self.assertEqual(insp["can"], [])
        # nothing more is recorded on a concluded inspection
        self.find(insp, [self.finding()], status=409, code="illegal_transition", field="state")

        # the unit answers; one answer is verified, the other rejected
        self.answer(offl, f1["id"])
        self.answer(offl, f2["id"])
        self.verify(f1["id"], True)
        self.assertEqual(self.sanctions("approver.js", cert), [])
        self.verify(f2["id"], False)

        # the rejection raised a sanction proposal, a 6-month suspension by the inspector
        items = self.sanctions("approver.js", cert)
        self.assertEqual(len(items), 1, items)
        p = items[0]
        self.assertEqual((p["ground"], p["measure"], p["months"], p["state"], p["finding_id"]),
                         ("rectification_rejected", "suspend", 6, "pending", f2["id"]))
        self.assertEqual(p["proposed_by"], self.client("inspector.js").get("/api/v1/me").json["user"]["id"])
        self.assertEqual(p["can"], ["decide"])
        self.assertIn("sanction.proposed",
                      [n["kind"] for n in self.notifications(self.client("approver.js"))])
        # the proposals are the bureau's: the unit neither lists nor reads them
        self.assertEqual(self.sanctions(offl, cert), [])
        r = self.client(offl, "2025-03-22").get("/api/v1/sanctions/%d" % p["id"])
        self.assertStatus(r, 404)
        # the inspector may amend it, not decide it
        spath = "/api/v1/sanctions/%d" % p["id"]
        self.act("inspector.js", spath + "/decision", {"decision": "accept"}, now="2025-03-22",
                 of=spath, status=403)

        # amendments are checked
        c = self.client("inspector.js", "2025-03-22")
        for body, field, code in (({"measure": "fine"}, "measure", "invalid_value"),
                                  ({"measure": "suspend", "months": 5}, "months",
                                   "invalid_value"),
                                  ({"measure": "suspend", "months": 13}, "months",
                                   "invalid_value"),
                                  ({"measure": "revoke"}, "reason", "invalid_reason"),
                                  ({"measure": "revoke", "reason": "unit_request"}, "reason",
                                   "invalid_reason"),
                                  ({"measure": "suspend", "months": 8, "reason": "sold"},
                                   "reason", "invalid_reason")):
            r = c.patch_if(spath, body, c.get(spath).etag)
            self.assertStatus(r, 400, code, field, msg=repr(body))
        r = c.patch_if(spath, {"measure": "suspend", "months": 8, "note": "情节较重"},
                       c.get(spath).etag)
        self.assertStatus(r, 200)
        self.assertEqual((r.json["months"], r.json["note"], r.json["version"]),
                         (8, "情节较重", 2))
        # a stale version is refused
        r = c.patch_if(spath, {"measure": "suspend", "months": 9}, '"v1"')
        self.assertStatus(r, 412)

        # a user holding both roles who amended it may not decide it
        dual, _ = self.new_user(["inspector", "approver"], region="320000", prefix="dual.")
        dc = self.client(dual, "2025-03-22")
        r = dc.patch_if(spath, {"measure": "suspend", "months": 7}, dc.get(spath).etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["can"], ["amend"])
        r = dc.post(spath + "/decision", {"decision": "accept"},
                    headers={"If-Match": dc.get(spath).etag})
        self.assertStatus(r, 403, "separation_of_duties")
        # a decline needs a note
        self.act("approver.js", spath + "/decision", {"decision": "decline"}, now="2025-03-22",
                 of=spath, status=400, code="missing_field", field="note")
        # the approver accepts: the certificate is suspended for 7 months from today
        p = self.act("approver.js", spath + "/decision", {"decision": "accept"},
                     now="2025-03-22", of=spath).json
        self.assertEqual((p["state"], p["certificate_state"]), ("accepted", "suspended"))
        self.assertEqual(p["can"], [])
        cr = self.cert(cert)
        end = period_last("2025-03-22", 7)
        self.assertEqual((cr["state"], cr["suspension_start"], cr["suspension_end"]),
                         ("suspended", "2025-03-22", end))
        pub, _ = self.public(cert)
        self.assertEqual(pub["state"], "suspended")
        # the unit is told in words, not codes
        told = [n for n in self.notifications(self.client(offl, "2025-03-22"))
                if n["kind"] == "certificate.suspend"]
        self.assertTrue(told)
        self.assertIn("原因：整改不合格", told[0]["text_zh"])
        self.assertIn("reason: Rectification not accepted", told[0]["text_en"])
        # decided once
        self.act("approver.js", spath + "/decision", {"decision": "decline", "note": "x"},
                 now="2025-03-22", of=spath, status=409, code="illegal_transition")

        # the term served, but finding 2 is still rejected: no reinstatement
        after = "2025-10-22"
        r = self.client("approver.js", after).post(
            "/api/v1/certificates/%d/events/reinstate" % cert["id"], {},
            headers={"If-Match": self.client("approver.js", after).get(
                "/api/v1/certificates/%d" % cert["id"]).etag})
        self.assertStatus(r, 422, "guard_failed", "rectification_verified")
        # answered again and verified: the inspection closes, the reinstatement goes through
        self.answer(offl, f2["id"], now="2025-10-22")
        self.verify(f2["id"], True, now="2025-10-22")
        insp = self.client("inspector.js", after).get(path).json
        self.assertEqual((insp["state"], insp["unverified_findings"]), ("closed", 0))
        self.assertIsNotNone(insp["closed_at"])
        c = self.client("approver.js", after)
        r = c.post("/api/v1/certificates/%d/events/reinstate" % cert["id"], {},
                   headers={"If-Match": c.get("/api/v1/certificates/%d" % cert["id"]).etag})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "valid")

        # the audit trail holds each step
        acts = [e["action"] for e in audit_all(self.client("auditor"), object_type="inspection",
                                               object_id=str(insp["id"]))]
        for a in ("inspection.plan", "inspection.start", "inspection.findings",
                  "inspection.conclude", "inspection.close"):
            self.assertIn(a, acts)
        entries = audit_all(self.client("auditor"), object_type="sanction",
                            object_id=str(p["id"]))
        self.assertEqual(sorted({e["action"] for e in entries if e["outcome"] == "ok"}),
                         ["sanction.accept", "sanction.amend", "sanction.propose"])
        # the refusals are recorded too: the inspector's and the proposer's decisions
        self.assertEqual(len([e for e in entries if e["action"] == "sanction.decide"
                              and e["outcome"] != "ok"]), 2)

    def test_unannounced_inspection_is_hidden_until_it_starts(self):
        offl, cert = self.issue()
        _, ooff = self.new_unit()
        insp = self.plan(cert, kind="unannounced", day="2025-03-05")
        path = "/api/v1/inspections/%d" % insp["id"]
        uc = self.client(offl, "2025-03-04")
        self.assertStatus(uc.get(path), 404)
        self.assertNotIn(insp["id"], [i["id"] for i in uc.get("/api/v1/inspections").json["items"]])
        self.assertNotIn("inspection.plan", [n["kind"] for n in self.notifications(uc)])
        # the bureau lists it
        self.assertIn(insp["id"], [i["id"] for i in self.client("inspector.js", "2025-03-04").get(
            q("/api/v1/inspections", state="planned")).json["items"]])
        self.act("inspector.js", path + "/start", now="2025-03-05", of=path)
        self.assertStatus(uc.get(path), 200)
        self.assertIn("inspection.start", [n["kind"] for n in self.notifications(uc)])
        # another unit never sees it
        self.assertStatus(self.client(ooff, "2025-03-05").get(path), 404)

        # a planned inspection may be cancelled, with a note; a started one may not
        self.act("inspector.js", path + "/cancellation", {"note": "改期"}, now="2025-03-05",
                 of=path, status=409, code="illegal_transition")
        other_insp = self.plan(cert, day="2025-04-01")
        opath = "/api/v1/inspections/%d" % other_insp["id"]
        self.act("inspector.js", opath + "/cancellation", {}, now="2025-03-05", of=opath,
                 status=400, field="note")
        r = self.act("inspector.js", opath + "/cancellation", {"note": "改期"},
                     now="2025-03-05", of=opath).json
        self.assertEqual(r["state"], "cancelled")
        # a concluded inspection without findings closes at once
        r = self.act("inspector.js", path + "/conclusion", {"conclusion": "未发现问题"},
                     now="2025-03-05", of=path).json
        self.assertEqual((r["state"], r["unverified_findings"]), ("closed", 0))
        # a certificate that no longer stands is not inspected
        con = self.sqlite()
        con.execute("UPDATE certificates SET state = 'cancelled' WHERE id = ?", (cert["id"],))
        con.commit()
        con.close()
        self.plan(cert, status=409, code="not_standing", field="certificate_id")

    def test_overdue_rectification_raises_a_proposal_once_and_revocation(self):
        offl, cert = self.issue()
        insp = self.started(cert)
        insp = self.find(insp, [self.finding("carriers", "serious", deadline="2025-03-20")])
        fid = insp["findings"][0]["id"]
        self.assertEqual(self.sanctions("approver.js", cert), [])
        for _ in range(2):  # the scheduler twice: one mark, one proposal
            r = cli("jobs", "run", "--data", self.server.data, "--now", "2025-03-21")
            self.assertEqual(r.code, 0, r)
        items = self.sanctions("approver.js", cert)
        self.assertEqual(len(items), 1, items)
        p = items[0]
        self.assertEqual((p["ground"], p["proposed_by"], p["finding_id"]),
                         ("rectification_overdue", None, fid))
        f = self.client("inspector.js", "2025-03-21").get("/api/v1/findings/%d" % fid).json
        self.assertTrue(f["overdue"])

        # the inspector proposes revocation instead; the approver accepts it
        spath = "/api/v1/sanctions/%d" % p["id"]
        c = self.client("inspector.js", "2025-03-24")
        r = c.patch_if(spath, {"measure": "revoke", "reason": "conditions_not_met"},
                       c.get(spath).etag)
        self.assertStatus(r, 200)
        self.assertEqual((r.json["measure"], r.json["reason"], r.json["months"]),
                         ("revoke", "conditions_not_met", None))
        p = self.act("approver.js", spath + "/decision", {"decision": "accept", "note": "吊销"},
                     now="2025-03-24", of=spath).json
        self.assertEqual(p["certificate_state"], "revoked")
        self.assertEqual(self.public(cert)[0]["state"], "revoked")
        hist = self.client("approver.js", "2025-03-24").get(
            "/api/v1/certificates/%d/history" % cert["id"]).json["items"]
        self.assertEqual((hist[-1]["event"], hist[-1]["reason"]), ("revoke", "conditions_not_met"))
        # a revoked certificate cannot be sanctioned again: a later ground proposes nothing
        self.answer(offl, fid, now="2025-03-25")
        self.verify(fid, False, now="2025-03-26")
        self.assertEqual(len(self.sanctions("approver.js", cert, state="pending")), 0)

    def test_downgrade(self):
        offl, cert = self.issue()
        # grade B is the scheme's lowest: the downgrade is refused and nothing changes
        insp = self.started(cert)
        fid = self.find(insp, [self.finding()])["findings"][0]["id"]
        self.answer(offl, fid)
        self.verify(fid, False)
        p = self.sanctions("approver.js", cert)[0]
        spath = "/api/v1/sanctions/%d" % p["id"]
        c = self.client("inspector.js", "2025-03-22")
        self.assertStatus(c.patch_if(spath, {"measure": "downgrade"}, c.get(spath).etag), 200)
        self.act("approver.js", spath + "/decision", {"decision": "accept"}, now="2025-03-22",
                 of=spath, status=422, code="no_lower_grade", field="measure")
        self.assertEqual(self.client("approver.js", "2025-03-22").get(spath).json["state"],
                         "pending")
        self.assertEqual(self.cert(cert)["state"], "valid")

        # a grade A certificate (set in the database: grade A is decided by the national
        # bureau) goes down to grade B as a new version
        con = self.sqlite()
        con.execute("UPDATE certificates SET grade = 'A' WHERE id = ?", (cert["id"],))
        con.commit()
        con.close()
        p = self.act("approver.js", spath + "/decision", {"decision": "accept"},
                     now="2025-03-22", of=spath).json
        self.assertEqual((p["state"], p["certificate_state"]), ("accepted", "superseded"))
        new = self.cert({"id": p["new_certificate_id"]})
        self.assertEqual((new["grade"], new["state"], new["number"]),
                         ("B", "valid", cert["number"] + "-2"))
        self.assertEqual(new["valid_until"], cert["valid_until"])
        hist = self.client("approver.js", "2025-03-22").get(
            "/api/v1/certificates/%d/history" % cert["id"]).json["items"]
        self.assertEqual((hist[-1]["event"], hist[-1]["reason"]), ("supersede", "downgraded"))
        self.assertEqual(self.public(cert)[0]["state"], "superseded")
        self.assertEqual(self.public(new)[0]["grade"], "B")
        self.assertIn("certificate.new_version",
                      [n["kind"] for n in self.notifications(self.client(offl, "2025-03-22"))])


class LeakReportTest(InspectionBase):

    def test_leak_report_opens_an_inspection(self):
        offl, cert = self.issue()
        c = self.client(offl, "2025-05-02")
        body = {"level": "secret", "discovered_at": "2025-05-01T01:00:00Z",
                "description": "涉密笔记本电脑丢失", "measures": "已报警并封存相关资料"}
        for bad, field in (({"level": "internal"}, "level"),
                           ({"level": "top"}, "level"),
                           ({"discovered_at": "yesterday"}, "discovered_at"),
                           ({"discovered_at": "2025-05-03T00:00:00Z"}, "discovered_at"),
                           ({"description": ""}, "description"),
                           ({"certificate_id": 999999}, "certificate_id")):
            r = c.post("/api/v1/leak-reports", dict(body, **bad))
            self.assertStatus(r, 400, field=field, msg=repr(bad))
        # the bureau does not file a unit's leak report
        r = self.client("inspector.js", "2025-05-02").post("/api/v1/leak-reports", body)
        self.assertStatus(r, 403)

        # within 24 hours: on time
        r = c.post("/api/v1/leak-reports", dict(body, discovered_at="2025-05-01T18:00:00Z"))
        self.assertStatus(r, 201)
        self.assertFalse(r.json["late"])
        self.assertEqual(r.json["certificate_id"], cert["id"])  # the unit's one certificate
        # 30 hours after: taken, and marked late
        r = c.post("/api/v1/leak-reports", dict(body, certificate_id=cert["id"],
                                                discovered_at="2025-05-01T00:00:00Z"))
        self.assertStatus(r, 201)
        leak = r.json
        self.assertTrue(leak["late"])
        self.assertEqual(r.header("Location"), "/api/v1/leak-reports/%d" % leak["id"])

        # it opened an inspection for today, every area in scope, seen by the unit
        insp = self.client(offl, "2025-05-02").get(
            "/api/v1/inspections/%d" % leak["inspection_id"])
        self.assertStatus(insp, 200)
        self.assertEqual((insp.json["kind"], insp.json["state"], insp.json["planned_on"],
                          len(insp.json["areas"]), insp.json["leak_report_id"]),
                         ("leak", "planned", "2025-05-02", 13, leak["id"]))
        for login in ("inspector.js", "approver.js"):
            self.assertIn("leak.report",
                          [n["kind"] for n in self.notifications(self.client(login))])
        # the inspector starts it the same day
        path = "/api/v1/inspections/%d" % leak["inspection_id"]
        self.act("inspector.js", path + "/start", now="2025-05-02", of=path)

        # the unit and the bureau read it; another unit does not
        for login in (offl, "inspector.js", "approver.js"):
            r = self.client(login, "2025-05-02").get("/api/v1/leak-reports/%d" % leak["id"])
            self.assertStatus(r, 200)
            self.assertEqual(r.json["description"], "涉密笔记本电脑丢失")
            self.assertIn(leak["id"], [x["id"] for x in self.client(login, "2025-05-02").get(
                "/api/v1/leak-reports").json["items"]])
        _, other = self.new_unit()
        self.assertStatus(self.client(other, "2025-05-02").get(
            "/api/v1/leak-reports/%d" % leak["id"]), 404)
        self.assertEqual(self.client(other, "2025-05-02").get(
            "/api/v1/leak-reports").json["items"], [])
        # a unit without a standing certificate has nothing to report against
        r = self.client(other, "2025-05-02").post("/api/v1/leak-reports", body)
        self.assertStatus(r, 400, "invalid_value", "certificate_id")


class InspectionDashboardTest(InspectionBase):

    def test_the_bureau_dashboard_counts_inspections_sanctions_and_leaks(self):
        offl, cert = self.issue()

        def counts(now):
            r = self.client("inspector.js", now).get("/api/v1/dashboard")
            self.assertStatus(r, 200)
            return r.json["inspections"]

        before = counts("2025-03-03")
        insp = self.plan(cert)
        after = counts("2025-03-03")
        self.assertEqual(after["planned"], before["planned"] + 1)
        path = "/api/v1/inspections/%d" % insp["id"]
        self.act("inspector.js", path + "/start", now="2025-03-10", of=path)
        now = counts("2025-03-10")
        self.assertEqual((now["planned"], now["in_progress"]),
                         (before["planned"], before["in_progress"] + 1))
        insp = self.find(insp, [self.finding()])
        self.act("inspector.js", path + "/conclusion", {"conclusion": "发现问题"},
                 now="2025-03-10", of=path)
        self.assertEqual(counts("2025-03-10")["rectifying"], before["rectifying"] + 1)
        fid = insp["findings"][0]["id"]
        self.answer(offl, fid)
        self.verify(fid, False)
        self.assertEqual(counts("2025-03-22")["sanctions_pending"],
                         before["sanctions_pending"] + 1)
        r = self.client(offl, "2025-03-22").post("/api/v1/leak-reports", {
            "level": "confidential", "discovered_at": "2025-03-22T00:00:00Z",
            "description": "涉密文件误发", "measures": "已追回"})
        self.assertStatus(r, 201)
        leaks = counts("2025-03-22")["leaks"]
        self.assertEqual(leaks["days"], 30)
        self.assertEqual(leaks["n"], before["leaks"]["n"] + 1)
        # thirty days on, it is no longer recent
        self.assertEqual(counts("2025-04-23")["leaks"]["n"], before["leaks"]["n"])
        # a bureau of another province counts none of it
        other = self.client("reviewer.gd", "2025-03-22").get("/api/v1/dashboard").json
        self.assertEqual(other["inspections"]["sanctions_pending"], 0)


class ListPagingTest(InspectionBase):

    def test_inspections_sanctions_and_leaks_page(self):
        offl, cert = self.issue()
        made = [self.plan(cert, day="2025-04-%02d" % d)["id"] for d in (1, 2, 3)]
        c = self.client("inspector.js", "2025-03-03")
        first = c.get(q("/api/v1/inspections", certificate_id=cert["id"], limit=2))
        self.assertStatus(first, 200)
        self.assertEqual([i["id"] for i in first.json["items"]], made[::-1][:2])
        self.assertIsNotNone(first.json["next_cursor"])
        second = c.get(q("/api/v1/inspections", certificate_id=cert["id"], limit=2,
                         cursor=first.json["next_cursor"]))
        self.assertEqual([i["id"] for i in second.json["items"]], [made[0]])
        self.assertIsNone(second.json["next_cursor"])
        # exactly a full page: no further page
        exact = c.get(q("/api/v1/inspections", certificate_id=cert["id"], limit=3))
        self.assertEqual((len(exact.json["items"]), exact.json["next_cursor"]), (3, None))
        for path in ("/api/v1/inspections", "/api/v1/sanctions", "/api/v1/leak-reports"):
            self.assertStatus(c.get(q(path, limit=0)), 400, field="limit")
            self.assertStatus(c.get(q(path, limit=201)), 400, field="limit")
            self.assertStatus(c.get(q(path, cursor="x")), 400, field="cursor")
        # the other two lists page the same way
        oc = self.client(offl, "2025-05-02")
        for h in (1, 2, 3):
            r = oc.post("/api/v1/leak-reports", {
                "level": "confidential", "discovered_at": "2025-05-01T0%d:00:00Z" % h,
                "description": "事件 %d" % h, "measures": "已处置"})
            self.assertStatus(r, 201)
        p1 = oc.get(q("/api/v1/leak-reports", limit=2)).json
        p2 = oc.get(q("/api/v1/leak-reports", limit=2, cursor=p1["next_cursor"])).json
        self.assertEqual(len(p1["items"]) + len(p2["items"]), 3)
        self.assertIsNone(p2["next_cursor"])
        ac = self.client("approver.js", "2025-05-02")
        s1 = ac.get(q("/api/v1/sanctions", limit=1)).json
        self.assertLessEqual(len(s1["items"]), 1)
