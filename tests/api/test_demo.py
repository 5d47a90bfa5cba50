"""The demo data set (`baomi init --demo`, docs/operations.md): what a new user finds to look
at after issuance: certificates in every state (the expired one registered from paper),
last year's annual reports in every state, an inspection under way with findings, sanctions decided and pending, a
cancellation awaiting its approver, and a leak report."""

from harness import ServerTestCase


class DemoTest(ServerTestCase):

    def items(self, login, path):
        r = self.login(login).get(path)
        self.assertStatus(r, 200, msg=path)
        return r.json["items"]

    def test_life_after_issuance(self):
        certs = self.items("inspector.js", "/api/v1/certificates?limit=200")
        states = {c["state"] for c in certs}
        for st in ("valid", "suspended", "revoked", "cancelled", "superseded", "expired"):
            self.assertIn(st, states)
        new = [c for c in certs if c["number"].endswith("-2")]
        self.assertEqual(len(new), 1, [c["number"] for c in certs])
        # the expired one was registered from paper, and its renewal continues it
        paper = [c for c in certs if c["state"] == "expired"]
        self.assertEqual(len(paper), 1, paper)
        self.assertIsNotNone(paper[0]["paper_issued"])
        self.assertIsNone(paper[0]["application_id"])
        renewal = [c for c in certs if c["predecessor_id"] == paper[0]["id"]]
        self.assertEqual([c["state"] for c in renewal], ["valid"])
        regs = self.items("inspector.js", "/api/v1/paper-registrations?state=confirmed")
        self.assertEqual([r["certificate_id"] for r in regs], [paper[0]["id"]])

        # last year's reports; a draft is the unit's own, the bureau sees it owed
        reports = self.items("inspector.js", "/api/v1/annual-reports")
        self.assertEqual({r["state"] for r in reports},
                         {"submitted", "passed", "rectify", "failed"})
        year = int(self.login("inspector.js").get("/api/v1/me").json["today"][:4]) - 1
        owed = self.items("inspector.js", "/api/v1/annual-reports/owed?year=%d" % year)
        self.assertIn("draft", {o["report_state"] for o in owed})

        insp = self.items("inspector.js", "/api/v1/inspections")
        rect = [i for i in insp if i["state"] == "rectifying"]
        self.assertTrue(rect, insp)
        r = self.login("inspector.js").get("/api/v1/inspections/%d" % rect[-1]["id"])
        self.assertGreaterEqual(len(r.json["findings"]), 1)
        self.assertIn("leak", {i["kind"] for i in insp})

        sanctions = self.items("approver.js", "/api/v1/sanctions")
        self.assertEqual({s["state"] for s in sanctions}, {"accepted", "pending"})
        props = self.items("approver.js", "/api/v1/cancellation-proposals?state=pending")
        self.assertEqual({p["reason"] for p in props},
                         {"annual_exam_failed", "annual_exam_missing"})
        leaks = self.items("inspector.js", "/api/v1/leak-reports")
        self.assertEqual(len(leaks), 1)
        self.assertFalse(leaks[0]["late"])
