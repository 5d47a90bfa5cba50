"""The annual self-inspection (年度自检, issue 4 §4) and the findings it raises: who owes a
report and by when, the unit's report over the 13 areas with sealed attachments, the
inspector's review (pass, rectify with findings, fail), the unit's responses and the
inspector's verification, and the cancellation after a fail or a missing report, confirmed
by an approver (or at once when the confirmation is configured off). Certificates are issued
in June 2024, so they owe reports for 2024 (due 31 March 2025) and 2025."""

import concurrent.futures
import re

from harness import Client, audit_all, cli
from test_apps_base import PNG_BYTES, AppsTestCase, pdf_bytes, q

AREAS = ["organisation", "responsibility", "rules", "personnel", "training", "undertakings",
         "classification", "carriers", "premises", "systems", "release_review", "incidents",
         "inspection"]


def answers(partly=()):
    return [{"area": a, "status": "partly" if a in partly else "compliant",
             "text": "部分落实：培训记录不全" if a in partly else ""} for a in AREAS]


class AnnualBase(AppsTestCase):
    config = {"register_rate_per_minute": 1000000}

    def issue(self, start="2024-06-03"):
        """A fresh unit with a certificate issued in June 2024: (officer login, cert)."""
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "approved", start)
        r = self.client("inspector.js", d["close"]).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201, msg="confirm: %r" % r)
        return offl, r.json

    def report(self, offl, cert, year=2024, now="2025-02-10", body_answers=None, status=201,
               code=None, field=None):
        r = self.client(offl, now).post("/api/v1/annual-reports", dict(
            {"certificate_id": cert["id"], "year": year},
            **({"answers": body_answers} if body_answers is not None else {})))
        self.assertStatus(r, status, code, field, msg="create: %r" % r)
        return r

    def act(self, login, path, body=None, now="2025-03-03", etag=None, status=200, code=None,
            field=None, of=None):
        """POST path with If-Match (the ETag of GET `of`, by default path's record)."""
        c = self.client(login, now)
        if etag is None:
            rec = of or re.sub(r"/(submit|review|response|verification|decision)$", "", path)
            g = c.get(rec)
            self.assertStatus(g, 200, msg="get %s: %r" % (rec, g))
            etag = g.etag
        r = c.post(path, body, headers={"If-Match": etag})
        self.assertStatus(r, status, code, field, msg="%s by %s: %r" % (path, login, r))
        return r

    def filed(self, offl, cert, partly=()):
        rep = self.report(offl, cert, body_answers=answers(partly)).json
        return self.act(offl, "/api/v1/annual-reports/%d/submit" % rep["id"],
                        now="2025-02-11").json

    def jobs_annual(self, now):
        r = cli("jobs", "run", "--data", self.server.data, "--now", now)
        self.assertEqual(r.code, 0, r)
        m = re.search(r"annual: (\d+) cancellations proposed, (\d+) cancelled \(missing "
                      r"reports\), (\d+) findings overdue", r.out)
        self.assertIsNotNone(m, r)
        return tuple(int(x) for x in m.groups())

    def proposals(self, login, cert, now="2025-04-02"):
        r = self.client(login, now).get("/api/v1/cancellation-proposals")
        self.assertStatus(r, 200)
        return [p for p in r.json["items"] if p["certificate_id"] == cert["id"]]

    def public(self, cert):
        c = Client(self.server)
        r = c.get("/api/v1/public/certificates/" + cert["number"])
        self.assertStatus(r, 200)
        reg = c.get(q("/api/v1/public/certificates", q=cert["number"]))
        self.assertStatus(reg, 200)
        self.assertEqual(len(reg.json["items"]), 1, reg.json)
        return r.json, reg.json["items"][0]


class AnnualTest(AnnualBase):

    def test_inspection_areas(self):
        # the thirteen areas reports answer, for any logged-in user; refused without login
        for login in ("inspector.js", "officer.jindun"):
            r = self.client(login).get("/api/v1/inspection-areas")
            self.assertStatus(r, 200)
            items = r.json["items"]
            self.assertEqual(len(items), 13)
            self.assertEqual(items[0]["code"], "organisation")
            self.assertEqual(items[0]["name"]["zh-CN"], "保密组织机构")
            self.assertEqual(len({a["code"] for a in items}), 13)
            for a in items:
                self.assertTrue(a["name"]["en"] and a["source"].startswith("domain.md"), a)
        self.assertStatus(Client(self.server).get("/api/v1/inspection-areas"), 401)

    def test_owed_and_due_days(self):
        offl, cert = self.issue()
        c = self.client("inspector.js", "2025-02-10")
        r = c.get(q("/api/v1/annual-reports/owed", year=2024))
        self.assertStatus(r, 200)
        mine = [i for i in r.json["items"] if i["certificate_id"] == cert["id"]]
        self.assertEqual(len(mine), 1, r.json)
        self.assertEqual(mine[0]["due"], "2025-03-31")  # a Monday
        self.assertIsNone(mine[0]["report_id"])
        self.assertFalse(mine[0]["overdue"])
        self.assertEqual((r.json["year"], r.json["due"]), (2024, "2025-03-31"))
        # the year before issue: not owed; its due day, 31 March 2024, is a Sunday: the
        # next working day
        r = c.get(q("/api/v1/annual-reports/owed", year=2023))
        self.assertStatus(r, 200)
        self.assertFalse([i for i in r.json["items"] if i["certificate_id"] == cert["id"]])
        self.assertEqual(r.json["due"], "2024-04-01")
        # 2025's report: due 31 March 2026 (a Tuesday); 2026's: 2027 is not loaded
        r = c.get(q("/api/v1/annual-reports/owed", year=2025))
        self.assertEqual([i["due"] for i in r.json["items"] if i["certificate_id"] == cert["id"]],
                         ["2026-03-31"])
        r = c.get(q("/api/v1/annual-reports/owed", year=2026))
        self.assertStatus(r, 422, "calendar_missing")
        # the unit sees its own duty only
        r = self.client(offl, "2025-02-10").get(q("/api/v1/annual-reports/owed", year=2024))
        self.assertEqual([i["certificate_id"] for i in r.json["items"]], [cert["id"]])
        self.assertStatus(c.get("/api/v1/annual-reports/owed"), 400, "missing_field", "year")

    def test_report_pass_with_attachment(self):
        offl, cert = self.issue()
        off = self.client(offl, "2025-02-10")
        rep = self.report(offl, cert).json
        self.assertEqual((rep["state"], rep["year"], rep["version"]), ("draft", 2024, 1))
        self.assertEqual(rep["can"], ["edit", "submit"])
        self.assertEqual(rep["due"], "2025-03-31")
        # a draft is the unit's alone
        self.assertStatus(self.client("inspector.js").get("/api/v1/annual-reports/%d" % rep["id"]),
                          404, "not_found")
        # a second report for the same certificate and year
        self.report(offl, cert, status=409, code="report_exists", field="year")
        # attachment, sealed; read back whole
        pdf = pdf_bytes("annual-report", 70000)
        r = off.post(q("/api/v1/annual-reports/%d/files" % rep["id"], name="自检报告.pdf"),
                     raw=pdf, content_type="application/pdf")
        self.assertStatus(r, 201)
        fid = r.json["file_id"]
        self.assertEqual((r.json["type"], r.json["size"]), ("pdf", len(pdf)))
        r = off.request("POST", q("/api/v1/annual-reports/%d/files" % rep["id"], name="x.txt"),
                        raw=b"plain text", content_type="text/plain")
        self.assertStatus(r, 415, "unsupported_file_type", "file")
        # answers: If-Match, and validation naming the field
        path = "/api/v1/annual-reports/%d" % rep["id"]
        self.assertStatus(off.put(path, {"answers": answers()}), 428)
        self.assertStatus(off.put_if(path, {"answers": answers()}, '"v9"'), 412)
        bad = answers()
        bad[2]["area"] = "nowhere"
        self.assertStatus(off.put_if(path, {"answers": bad}, '"v1"'), 400, "invalid_value",
                          "answers[2].area")
        bad = answers(partly=("training",))
        bad[4]["text"] = ""
        self.assertStatus(off.put_if(path, {"answers": bad}, '"v1"'), 400, "missing_field",
                          "answers[4].text")
        bad = answers()
        bad[1]["status"] = "mostly"
        self.assertStatus(off.put_if(path, {"answers": bad}, '"v1"'), 400, "invalid_value",
                          "answers[1].status")
        # incomplete answers cannot be submitted
        r = off.put_if(path, {"answers": answers()[:12]}, '"v1"')
        self.assertStatus(r, 200)
        r = self.act(offl, path + "/submit", now="2025-02-10", status=422,
                     code="answers_incomplete", field="answers")
        self.assertIn("inspection", r.error["message"])
        r = off.put_if(path, {"answers": answers()}, '"v2"')
        self.assertStatus(r, 200)
        self.assertEqual(len(r.json["answers"]), 13)
        self.assertEqual([f["file_id"] for f in r.json["files"]], [fid])
        rep = self.act(offl, path + "/submit", now="2025-02-11").json
        self.assertEqual(rep["state"], "submitted")
        self.assertEqual(rep["can"], [])
        # no more edits or files
        self.assertStatus(off.put_if(path, {"answers": answers()}, '"v%d"' % rep["version"]),
                          409, "illegal_transition", "state")
        r = off.post(q(path + "/files", name="late.pdf"), raw=pdf_bytes("late"),
                     content_type="application/pdf")
        self.assertStatus(r, 409, "illegal_transition")
        # the inspector of the issuing authority sees it, reads the file, and passes it
        insp = self.client("inspector.js", "2025-03-03")
        g = insp.get(path)
        self.assertEqual(g.json["can"], ["review"])
        d = insp.get("%s/files/%d" % (path, fid))
        self.assertStatus(d, 200)
        self.assertEqual(d.body, pdf)
        self.assertEqual(d.header("content-type"), "application/pdf")
        # an inspector of a municipal bureau within the jurisdiction sees it, may not review
        self.assertEqual(self.client("inspector.nj", "2025-03-03").get(path).json["can"], [])
        self.act("inspector.nj", path + "/review", {"decision": "pass"}, status=403,
                 code="not_your_step")
        rep = self.act("inspector.js", path + "/review", {"decision": "pass"}).json
        self.assertEqual(rep["state"], "passed")
        self.assertEqual(rep["reviewed_by"], self.uid("inspector.js"))
        # audited
        acts = [e["action"] for e in audit_all(self.client("auditor"), object_type="annual_report",
                                               object_id=str(rep["id"]))]
        for a in ("annual.create", "annual.file_upload", "annual.update", "annual.submit",
                  "annual.file_download", "annual.review"):
            self.assertIn(a, acts)
        # the certificate stays valid and is in no proposal
        self.assertEqual(self.public(cert)[0]["state"], "valid")
        self.assertEqual(self.proposals("approver.js", cert), [])

    def test_tampered_attachment_is_never_served(self):
        offl, cert = self.issue()
        rep = self.report(offl, cert).json
        path = "/api/v1/annual-reports/%d" % rep["id"]
        off = self.client(offl, "2025-02-10")
        data = pdf_bytes("tamper", 2 * 65536 + 10)
        fid = off.post(q(path + "/files", name="t.pdf"), raw=data,
                       content_type="application/pdf").json["file_id"]
        self.assertEqual(off.get("%s/files/%d" % (path, fid)).body, data)
        con = self.sqlite()
        try:
            blob = bytearray(con.execute("SELECT data FROM file_chunks WHERE file_id = ? AND"
                                         " seq = 1", (fid,)).fetchone()[0])
            blob[100] ^= 0x01
            con.execute("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = 1",
                        (bytes(blob), fid))
            con.commit()
        finally:
            con.close()
        r = off.get("%s/files/%d" % (path, fid))
        self.assertJsonError(r, 500, "seal_broken")
        self.assertNotIn(b"%PDF", r.body)
        hits = [e for e in audit_all(self.client("auditor"), action="annual.file_broken")
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1, r)
        self.assertEqual(hits[0]["details"]["file_id"], fid)

    def test_rectify_respond_reject_verify_pass(self):
        offl, cert = self.issue()
        rep = self.filed(offl, cert, partly=("training", "carriers"))
        path = "/api/v1/annual-reports/%d" % rep["id"]
        # rectify needs findings, each valid, naming the field
        self.act("inspector.js", path + "/review", {"decision": "rectify"}, status=400,
                 code="missing_field", field="findings")
        self.act("inspector.js", path + "/review",
                 {"decision": "rectify", "findings": [
                     {"area": "training", "severity": "grave", "requirement": "x"}]},
                 status=400, code="invalid_value", field="findings[0].severity")
        self.act("inspector.js", path + "/review",
                 {"decision": "rectify", "findings": [
                     {"area": "training", "severity": "minor", "requirement": "x"},
                     {"area": "nowhere", "severity": "minor", "requirement": "y"}]},
                 status=400, code="invalid_value", field="findings[1].area")
        rep = self.act("inspector.js", path + "/review", {"decision": "rectify", "findings": [
            {"area": "training", "severity": "minor", "requirement": "《保密法》第四十四条：定期培训"},
            {"area": "carriers", "severity": "major", "requirement": "载体台账",
             "deadline": "2025-04-30"}]}).json
        self.assertEqual(rep["state"], "rectify")
        r = self.client(offl, "2025-03-04").get(q("/api/v1/findings", source_type="annual_report",
                                                 source_id=rep["id"]))
        self.assertStatus(r, 200)
        fs = r.json["items"]
        self.assertEqual([f["area"] for f in fs], ["training", "carriers"])
        # 20 days from 2025-03-03, the notice day not counted: 2025-03-23 is a Sunday -> 24th
        self.assertEqual([f["deadline"] for f in fs], ["2025-03-24", "2025-04-30"])
        self.assertEqual([f["can"] for f in fs], [["respond"], ["respond"]])
        self.assertEqual(fs[0]["area_name"]["zh-CN"], "保密教育培训")
        f1, f2 = fs
        fpath1, fpath2 = "/api/v1/findings/%d" % f1["id"], "/api/v1/findings/%d" % f2["id"]
        # another unit's officer, and another province, do not see it
        _, other = self.new_unit()
        self.assertStatus(self.client(other).get(fpath1), 404)
        self.assertStatus(self.client("reviewer.gd").get(fpath1), 404)
        # evidence, sealed
        off = self.client(offl, "2025-03-10")
        png = PNG_BYTES
        r = off.post(q(fpath1 + "/files", name="培训签到表.png"), raw=png,
                     content_type="image/png")
        self.assertStatus(r, 201)
        # the inspector cannot verify before a response
        self.act("inspector.js", fpath1 + "/verification", {"decision": "verified"},
                 status=409, code="illegal_transition")
        self.act(offl, fpath1 + "/response", {"response": ""}, now="2025-03-10", status=400,
                 field="response")
        self.act(offl, fpath1 + "/response", {"response": "已补训并存档"}, now="2025-03-10",
                 etag='"v7"', status=412)
        f1 = self.act(offl, fpath1 + "/response", {"response": "已补训并存档"},
                      now="2025-03-10").json
        self.assertEqual(f1["state"], "responded")
        self.assertEqual(len(f1["files"]), 1)
        # the list gives each finding whole, its evidence included
        listed = self.client(offl).get(q("/api/v1/findings", source_type="annual_report",
                                         source_id=rep["id"])).json["items"]
        self.assertEqual([len(f["files"]) for f in listed], [1, 0])
        self.assertEqual(listed[0]["files"], f1["files"])
        # the unit cannot verify its own; a rejection needs a note
        self.act(offl, fpath1 + "/verification", {"decision": "verified"}, now="2025-03-10",
                 status=403)
        self.act("inspector.js", fpath1 + "/verification", {"decision": "rejected"},
                 status=400, code="missing_field", field="note")
        f1 = self.act("inspector.js", fpath1 + "/verification",
                      {"decision": "rejected", "note": "签到表缺少签名"}).json
        self.assertEqual(f1["state"], "rejected")
        self.assertEqual(f1["can"], [])
        # the unit answers again, the inspector verifies
        self.assertEqual(self.client(offl).get(fpath1).json["can"], ["respond"])
        self.act(offl, fpath1 + "/response", {"response": "补签完毕"}, now="2025-03-12")
        r = self.client("inspector.js", "2025-03-13").get(fpath1)
        self.assertEqual(r.json["can"], ["verify"])
        d = r.json["files"][0]
        dl = self.client("inspector.js").get("%s/files/%d" % (fpath1, d["file_id"]))
        self.assertEqual(dl.body, png)
        # a file is read only through its own finding
        self.assertStatus(self.client("inspector.js").get(
            "%s/files/%d" % (fpath2, d["file_id"])), 404, "not_found")
        self.assertStatus(self.client("inspector.js").get(
            "/api/v1/annual-reports/%d/files/%d" % (rep["id"], d["file_id"])), 404)
        self.act("inspector.js", fpath1 + "/verification", {"decision": "verified"},
                 now="2025-03-13")
        # one finding still open: the report is still in rectify
        self.assertEqual(self.client("inspector.js").get(path).json["state"], "rectify")
        self.act(offl, fpath2 + "/response", {"response": "台账已建立"}, now="2025-03-14")
        f2 = self.act("inspector.js", fpath2 + "/verification", {"decision": "verified"},
                      now="2025-03-17").json
        self.assertEqual(f2["state"], "verified")
        # the last verification passed the report in the same commit
        rep = self.client("inspector.js").get(path).json
        self.assertEqual(rep["state"], "passed")
        acts = [e["action"] for e in audit_all(self.client("auditor"), object_type="annual_report",
                                               object_id=str(rep["id"]))]
        self.assertIn("annual.pass", acts)
        facts = [e["action"] for e in audit_all(self.client("auditor"), object_type="finding",
                                                object_id=str(f1["id"]))]
        for a in ("finding.open", "finding.file_upload", "finding.respond", "finding.reject",
                  "finding.verify", "finding.file_download"):
            self.assertIn(a, facts)

    def test_overdue_rectification_marked_once(self):
        offl, cert = self.issue()
        rep = self.filed(offl, cert)
        rep = self.act("inspector.js", "/api/v1/annual-reports/%d/review" % rep["id"],
                       {"decision": "rectify", "findings": [
                           {"area": "premises", "severity": "serious",
                            "requirement": "要害部位门禁", "deadline": "2025-03-20"}]}).json
        f = self.client(offl).get(q("/api/v1/findings", source_id=rep["id"],
                                    source_type="annual_report")).json["items"][0]
        self.assertFalse(f["overdue"])
        self.assertGreaterEqual(self.jobs_annual("2025-03-21")[2], 1)
        g = self.client(offl).get("/api/v1/findings/%d" % f["id"]).json
        self.assertTrue(g["overdue"])
        self.assertEqual(g["state"], "open")
        n = [e for e in audit_all(self.client("auditor"), action="finding.overdue",
                                  object_id=str(f["id"]))]
        self.assertEqual(len(n), 1)
        self.jobs_annual("2025-03-22")
        n = [e for e in audit_all(self.client("auditor"), action="finding.overdue",
                                  object_id=str(f["id"]))]
        self.assertEqual(len(n), 1)
        texts = [x["text_en"] for x in self.notifications(self.client(offl))]
        self.assertTrue(any("deadline has passed" in t for t in texts), texts)

    def test_fail_then_approver_confirms(self):
        offl, cert = self.issue()
        rep = self.filed(offl, cert, partly=("systems",))
        path = "/api/v1/annual-reports/%d" % rep["id"]
        self.act("inspector.js", path + "/review", {"decision": "fail"}, status=400,
                 code="missing_field", field="note")
        rep = self.act("inspector.js", path + "/review",
                       {"decision": "fail", "note": "涉密系统未按要求管理"}).json
        self.assertEqual(rep["state"], "failed")
        ps = self.proposals("approver.js", cert, "2025-03-04")
        self.assertEqual(len(ps), 1, ps)
        p = ps[0]
        self.assertEqual((p["reason"], p["state"], p["year"], p["report_id"]),
                         ("annual_exam_failed", "pending", 2024, rep["id"]))
        self.assertEqual(p["proposed_by"], self.uid("inspector.js"))
        self.assertEqual(p["can"], ["decide"])
        self.assertEqual(self.proposals("inspector.js", cert, "2025-03-04")[0]["can"], [])
        # the certificate has not moved yet
        self.assertEqual(self.public(cert)[0]["state"], "valid")
        ppath = "/api/v1/cancellation-proposals/%d/decision" % p["id"]
        # not the inspector, nor another province, nor the unit
        self.act("inspector.js", ppath, {"decision": "confirm"}, etag='"v1"', status=403)
        self.act("reviewer.gd", ppath, {"decision": "confirm"}, etag='"v1"', status=404)
        self.act(offl, ppath, {"decision": "confirm"}, etag='"v1"', status=403)
        self.act("approver.js", ppath, {"decision": "confirm"}, etag='"v3"', status=412)
        self.assertStatus(self.client("approver.js").post(ppath, {"decision": "confirm"}), 428)
        p = self.act("approver.js", ppath, {"decision": "confirm", "note": "确认注销"},
                     now="2025-03-05", etag='"v1"').json
        self.assertEqual((p["state"], p["certificate_state"]), ("confirmed", "cancelled"))
        self.assertEqual(p["decided_by"], self.uid("approver.js"))
        # a second decision
        self.act("approver.js", ppath, {"decision": "decline", "note": "x"}, etag='"v2"',
                 status=409, code="illegal_transition")
        # the register shows it cancelled in the same commit
        one, listed = self.public(cert)
        self.assertEqual(one["state"], "cancelled")
        self.assertEqual(listed["state"], "cancelled")
        priv = self.client("inspector.js").get("/api/v1/certificates/%d" % cert["id"]).json
        self.assertEqual(priv["state"], "cancelled")
        acts = [e["action"] for e in audit_all(self.client("auditor"),
                                               object_type="cancel_proposal",
                                               object_id=str(p["id"]))]
        self.assertIn("annual.cancel_propose", acts)
        self.assertIn("annual.cancel_confirm", acts)
        cacts = [e["action"] for e in audit_all(self.client("auditor"), object_type="certificate",
                                                object_id=str(cert["id"]))]
        self.assertIn("certificate.cancel", cacts)

    def test_separation_of_duties_and_decline(self):
        both, _ = self.new_user(["inspector", "approver"], region="320000")
        offl, cert = self.issue()
        rep = self.filed(offl, cert)
        self.act(both, "/api/v1/annual-reports/%d/review" % rep["id"],
                 {"decision": "fail", "note": "未按期整改"})
        p = self.proposals("approver.js", cert, "2025-03-04")[0]
        self.assertEqual(self.proposals(both, cert, "2025-03-04")[0]["can"], [])
        ppath = "/api/v1/cancellation-proposals/%d/decision" % p["id"]
        self.act(both, ppath, {"decision": "confirm"}, etag='"v1"', status=403,
                 code="separation_of_duties")
        self.act("approver.js", ppath, {"decision": "decline"}, etag='"v1"', status=400,
                 code="missing_field", field="note")
        p = self.act("approver.js", ppath, {"decision": "decline", "note": "证据不足"},
                     etag='"v1"').json
        self.assertEqual((p["state"], p["certificate_state"]), ("declined", "valid"))
        self.assertEqual(self.public(cert)[0]["state"], "valid")

    def test_missing_report_job_proposes_once_then_confirmed(self):
        offl, cert = self.issue()
        # a draft is not a report: still missing after the due day
        self.report(offl, cert)
        # on the due day nothing happens
        self.jobs_annual("2025-03-31")
        self.assertEqual(self.proposals("approver.js", cert), [])
        r = self.client("inspector.js", "2025-04-01").get(q("/api/v1/annual-reports/owed",
                                                            year=2024))
        mine = [i for i in r.json["items"] if i["certificate_id"] == cert["id"]]
        self.assertTrue(mine[0]["overdue"])
        self.assertEqual(mine[0]["report_state"], "draft")
        # the day after: one proposal; a second run adds none
        self.assertGreaterEqual(self.jobs_annual("2025-04-01")[0], 1)
        self.jobs_annual("2025-04-01")
        self.jobs_annual("2025-04-02")
        ps = self.proposals("approver.js", cert)
        self.assertEqual(len(ps), 1, ps)
        p = ps[0]
        self.assertEqual((p["reason"], p["state"], p["proposed_by"]),
                         ("annual_exam_missing", "pending", None))
        con = self.sqlite()
        try:
            n = con.execute("SELECT COUNT(*) FROM cancel_proposals WHERE certificate_id = ?",
                            (cert["id"],)).fetchone()[0]
        finally:
            con.close()
        self.assertEqual(n, 1)
        texts = [x["text_en"] for x in self.notifications(self.client("approver.js"))]
        self.assertTrue(any("awaits confirmation" in t for t in texts), texts)
        p = self.act("approver.js", "/api/v1/cancellation-proposals/%d/decision" % p["id"],
                     {"decision": "confirm"}, now="2025-04-03", etag='"v1"').json
        self.assertEqual(p["certificate_state"], "cancelled")
        one, listed = self.public(cert)
        self.assertEqual((one["state"], listed["state"]), ("cancelled", "cancelled"))
        # a cancelled certificate owes nothing more, and the job proposes nothing more
        self.jobs_annual("2026-04-01")
        self.assertEqual(len(self.proposals("approver.js", cert)), 1)
        r = self.client("inspector.js", "2026-02-02").get(q("/api/v1/annual-reports/owed",
                                                            year=2025))
        self.assertFalse([i for i in r.json["items"] if i["certificate_id"] == cert["id"]])

    def test_a_new_version_keeps_the_report_filed_for_the_old_one(self):
        offl, cert = self.issue()
        rep = self.filed(offl, cert)
        # the unit renames itself: a new version of the certificate, the old superseded
        c = self.client(offl, "2025-02-20")
        u = c.get("/api/v1/units/%d" % cert["unit_id"])
        r = c.patch_if("/api/v1/units/%d" % cert["unit_id"], {"name": u.json["name"] + "（更名）"},
                       u.etag)
        self.assertStatus(r, 200)
        certs = c.get(q("/api/v1/certificates", limit=200)).json["items"]
        new = [x for x in certs if x["number"] == cert["number"] + "-2"][0]
        # the line's report counts: nothing owed again, no second report, no cancellation
        r = self.client("inspector.js", "2025-04-02").get(q("/api/v1/annual-reports/owed",
                                                            year=2024))
        row = [i for i in r.json["items"] if i["certificate_id"] == new["id"]][0]
        self.assertEqual((row["report_id"], row["report_state"], row["overdue"]),
                         (rep["id"], "submitted", False))
        self.report(offl, new, now="2025-02-21", status=409, code="report_exists",
                    field="year")
        # nor does the unit's dashboard ask for one
        dash = self.client(offl, "2025-02-21").get("/api/v1/dashboard").json
        self.assertFalse([x for x in dash["deadlines"] if x["kind"] == "annual_report"],
                         dash["deadlines"])
        self.jobs_annual("2025-04-02")
        self.assertEqual(self.proposals("approver.js", new), [])

    def test_two_runners_at_once_propose_once(self):
        offl, cert = self.issue()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            runs = list(ex.map(lambda _: cli("jobs", "run", "--data", self.server.data,
                                              "--now", "2025-04-01"), range(2)))
        for r in runs:
            self.assertEqual(r.code, 0, r)
        ps = self.proposals("approver.js", cert)
        self.assertEqual([(p["reason"], p["state"]) for p in ps],
                         [("annual_exam_missing", "pending")])
        acts = audit_all(self.client("auditor"), action="annual.cancel_propose",
                         object_id=str(ps[0]["id"]))
        self.assertEqual(len(acts), 1)

    def test_roles_and_visibility(self):
        offl, cert = self.issue()
        _, other = self.new_unit()
        # another unit's officer: the certificate is invisible (404), not forbidden
        self.report(other, cert, status=404, code="not_found")
        # bureau staff do not file reports
        r = self.client("inspector.js", "2025-02-10").post(
            "/api/v1/annual-reports", {"certificate_id": cert["id"], "year": 2024})
        self.assertStatus(r, 403)
        # validation, naming the field
        self.report(offl, cert, year=2025, status=422, code="year_not_over", field="year")
        self.report(offl, cert, year=2023, status=422, code="not_owed", field="year")
        r = self.client(offl, "2025-02-10").post("/api/v1/annual-reports",
                                                 {"certificate_id": cert["id"]})
        self.assertStatus(r, 400, "missing_field", "year")
        r = self.client(offl, "2025-02-10").post("/api/v1/annual-reports",
                                                 {"certificate_id": cert["id"], "year": 2024,
                                                  "extra": 1})
        self.assertStatus(r, 400, field="extra")
        rep = self.filed(offl, cert)
        path = "/api/v1/annual-reports/%d" % rep["id"]
        # another province's inspector: 404; another unit: 404; unknown id: 404
        gd, _ = self.new_user(["inspector"], region="440000")
        self.assertStatus(self.client(gd).get(path), 404, "not_found")
        self.act(gd, path + "/review", {"decision": "pass"}, etag='"v2"', status=404)
        self.assertStatus(self.client(other).get(path), 404, "not_found")
        self.assertStatus(self.client("inspector.js").get("/api/v1/annual-reports/999999"),
                          404)
        # lists hold only what the caller sees
        mine = self.client(offl).get("/api/v1/annual-reports").json["items"]
        self.assertEqual({x["unit_id"] for x in mine}, {cert["unit_id"]})
        self.assertFalse([x for x in self.client(gd).get("/api/v1/annual-reports").json["items"]
                          if x["id"] == rep["id"]])
        # a reviewer (not an inspector) of the issuing authority may not review
        self.act("reviewer.js", path + "/review", {"decision": "pass"}, status=403)
        # the unit may not review its own report
        self.act(offl, path + "/review", {"decision": "pass"}, status=403)
        # review needs If-Match; a wrong decision names the field
        r = self.client("inspector.js", "2025-03-03").post(path + "/review",
                                                           {"decision": "pass"})
        self.assertStatus(r, 428)
        self.act("inspector.js", path + "/review", {"decision": "maybe"}, status=400,
                 field="decision")
        self.act("inspector.js", path + "/review", {"decision": "pass", "findings": [
            {"area": "rules", "severity": "minor", "requirement": "x"}]}, status=400,
            field="findings")
        self.act("inspector.js", path + "/review", {"decision": "pass"})
        # a second review
        self.act("inspector.js", path + "/review", {"decision": "fail", "note": "x"},
                 status=409, code="illegal_transition")


class AnnualNoConfirmationTest(AnnualBase):
    """The confirmation configured off, and the due day configured to 1 October: the report
    for 2024 is due 2025-10-09 (National Day and Mid-Autumn, 1-8 October 2025)."""
    config = {"register_rate_per_minute": 1000000, "certificate_cancel_confirmation": 0,
              "annual_report_due_month": 10, "annual_report_due_day": 1}

    def test_holiday_due_day_and_direct_cancellation(self):
        offl, cert = self.issue()
        r = self.client("inspector.js", "2025-02-10").get(q("/api/v1/annual-reports/owed",
                                                            year=2024))
        mine = [i for i in r.json["items"] if i["certificate_id"] == cert["id"]]
        self.assertEqual(mine[0]["due"], "2025-10-09")
        self.jobs_annual("2025-10-09")
        self.assertEqual(self.public(cert)[0]["state"], "valid")
        proposed, cancelled, _ = self.jobs_annual("2025-10-10")
        self.assertEqual(proposed, 0)
        self.assertGreaterEqual(cancelled, 1)
        self.assertEqual(self.jobs_annual("2025-10-10")[:2], (0, 0))
        one, listed = self.public(cert)
        self.assertEqual((one["state"], listed["state"]), ("cancelled", "cancelled"))
        ps = self.proposals("approver.js", cert, "2025-10-11")
        self.assertEqual([(p["state"], p["decided_by"], p["can"]) for p in ps],
                         [("confirmed", None, [])])

    def test_fail_cancels_at_once(self):
        offl, cert = self.issue()
        rep = self.filed(offl, cert)
        rep = self.act("inspector.js", "/api/v1/annual-reports/%d/review" % rep["id"],
                       {"decision": "fail", "note": "自检流于形式"}).json
        self.assertEqual((rep["state"], rep["certificate_state"]), ("failed", "cancelled"))
        self.assertEqual(self.public(cert)[0]["state"], "cancelled")
        ps = self.proposals("approver.js", cert, "2025-03-04")
        self.assertEqual([(p["reason"], p["state"]) for p in ps],
                         [("annual_exam_failed", "confirmed")])


class SchemeDueDayTest(AnnualBase):
    """A scheme's own due day (config annual_report_due_by_scheme): the integration
    scheme's reports for 2024 due 30 April 2025, the default staying 31 March."""
    config = {"register_rate_per_minute": 1000000,
              "annual_report_due_by_scheme": {"integration": "04-30", "military": "05-06"}}

    def test_the_schemes_day_rules(self):
        offl, cert = self.issue()
        r = self.client("inspector.js", "2025-04-02").get(q("/api/v1/annual-reports/owed",
                                                            year=2024))
        self.assertStatus(r, 200)
        self.assertEqual(r.json["due"], "2025-03-31")  # the default
        mine = [i for i in r.json["items"] if i["certificate_id"] == cert["id"]][0]
        self.assertEqual((mine["due"], mine["overdue"]), ("2025-04-30", False))
        # the report's page says the same
        rep = self.report(offl, cert, now="2025-04-02").json
        self.assertEqual(rep["due"], "2025-04-30")
        # the scheduler: nothing after the default day, the proposal after the scheme's
        self.jobs_annual("2025-04-30")
        self.assertEqual(self.proposals("approver.js", cert, "2025-04-30"), [])
        self.jobs_annual("2025-05-01")
        ps = self.proposals("approver.js", cert, "2025-05-01")
        self.assertEqual([p["reason"] for p in ps], ["annual_exam_missing"])
        # the bureau's dashboard counts it overdue only after the scheme's day
        d = self.client("inspector.js", "2025-04-30").get("/api/v1/dashboard").json["annual"]
        d2 = self.client("inspector.js", "2025-05-01").get("/api/v1/dashboard").json["annual"]
        self.assertGreaterEqual(d2["overdue"], d["overdue"] + 1)
