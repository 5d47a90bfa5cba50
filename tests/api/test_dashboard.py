"""GET /api/v1/dashboard (issue 4 §7): a bureau's counts and a unit's own certificates,
deadlines and findings. The demo data already holds certificates, so the bureau tests
compare the dashboard before and after what they do (deltas), and the certificate list of
the same user (the same scope). Certificates are issued in June 2024, so they owe a report
for 2024, due 31 March 2025: the dashboard is read on 10 February 2025 (before the due day)
and 10 April 2025 (after it)."""

import os
from collections import Counter

from harness import Client, Server, audit_all
from test_annual import AnnualBase, answers
from test_apps_base import plus_days, q
from test_certs_life import period_last

T1, T2 = "2025-02-10", "2025-04-10"
CHARTJS = "/usr/share/javascript/chart.js/chart.min.js"  # Debian libjs-chart.js
STATES = ["valid", "suspended", "revoked", "cancelled", "expired", "superseded"]


def flat(d):
    """The bureau dashboard as {name: number} for comparing before and after."""
    c = d["certificates"]
    out = {"total": c["total"], "expiring": c["expiring"]["n"]}
    for s in c["by_state"]:
        out["state." + s["state"]] = s["n"]
    for g in c["by_grade"]:
        out["grade.%s.%s" % (g["scheme_id"], g["grade"])] = g["n"]
    for g in c["by_category"]:
        out["category.%s.%s" % (g["scheme_id"], g["category"])] = g["n"]
    for g in c["by_province"]:
        out["province." + g["province"]] = g["n"]
    for sec in ("annual", "findings", "cancellations", "issuances"):
        for k, v in d[sec].items():
            if k not in ("year", "due"):
                out["%s.%s" % (sec, k)] = v
    return out


def delta(before, after):
    keys = set(before) | set(after)
    return {k: (after.get(k) or 0) - (before.get(k) or 0) for k in keys
            if (after.get(k) or 0) != (before.get(k) or 0)}


class DashboardTest(AnnualBase):
    def dash(self, login, now, status=200):
        r = self.client(login, now).get("/api/v1/dashboard")
        self.assertStatus(r, status, msg="dashboard of %s: %r" % (login, r))
        return r.json

    def listed_states(self, login, now):
        """The states of every certificate login's certificate list shows."""
        states, cursor = Counter(), None
        for _ in range(100):
            p = {"limit": 200}
            if cursor:
                p["cursor"] = cursor
            r = self.client(login, now).get(q("/api/v1/certificates", **p))
            self.assertStatus(r, 200)
            states.update(c["state"] for c in r.json["items"])
            cursor = r.json["next_cursor"]
            if not cursor:
                break
        return states

    def test_login_and_roles(self):
        anon = Client(self.server)
        self.assertJsonError(anon.get("/api/v1/dashboard"), 401)
        # administrators hold no bureau or unit role: 403, recorded as a denial
        for login in ("sysadmin", "secadmin"):
            r = self.client(login).get("/api/v1/dashboard")
            self.assertJsonError(r, 403, "forbidden")
        denied = audit_all(self.client("auditor"), object_type="dashboard")
        self.assertEqual({(e["action"], e["outcome"], e["actor"]) for e in denied},
                         {("application.read", "denied", "sysadmin"),
                          ("application.read", "denied", "secadmin")})
        # no query, no body
        self.assertJsonError(self.client("inspector.js").get("/api/v1/dashboard?x=1"), 400)
        self.assertJsonError(self.client("inspector.js").post("/api/v1/dashboard", {}), 405)

    def test_bureau_counts_and_scope(self):
        nat, _ = self.new_user(["reviewer"], region="000000", level="secret", prefix="nat.")
        viewers = ("inspector.js", "reviewer.gd", nat)
        before = {(v, t): flat(self.dash(v, t)) for v in viewers for t in (T1, T2)}
        offa, a = self.issue()
        # t3: 30 days before the certificates issued here run out (5 years later)
        t3 = plus_days(a["valid_until"], -30)
        for v in viewers:
            before[(v, t3)] = flat(self.dash(v, t3))
        times = (T1, T2, t3)
        offb, b = self.issue()
        offc, c = self.issue()
        offd, d = self.issue()
        self.assertEqual({a["valid_until"]}, {b["valid_until"], d["valid_until"]})
        # b suspended, c revoked
        day = plus_days(b["issued"], 3)
        body = {"reason": "rectification_overdue", "start": plus_days(day, 1),
                "end": period_last(plus_days(day, 1), 6)}
        for cert, ev, bd in ((b, "suspend", body), (c, "revoke", {"reason": "forged"})):
            etag = self.client("approver.js").get("/api/v1/certificates/%d" % cert["id"]).etag
            r = self.client("approver.js", day).post(
                "/api/v1/certificates/%d/events/%s" % (cert["id"], ev), bd,
                headers={"If-Match": etag})
            self.assertStatus(r, 200, msg="%s: %r" % (ev, r))
        # a: rectify with two findings (the default deadline, before T2; and 30 April)
        rep = self.filed(offa, a, partly=("training", "carriers"))
        self.act("inspector.js", "/api/v1/annual-reports/%d/review" % rep["id"],
                 {"decision": "rectify", "findings": [
                     {"area": "training", "severity": "minor", "requirement": "定期培训"},
                     {"area": "carriers", "severity": "major", "requirement": "载体台账",
                      "deadline": "2025-04-30"}]})
        # d: failed, so a cancellation proposal waits for an approver
        rep = self.filed(offd, d, partly=("systems",))
        self.act("inspector.js", "/api/v1/annual-reports/%d/review" % rep["id"],
                 {"decision": "fail", "note": "涉密系统未按要求管理"})
        # e: approved, its issuance not confirmed yet
        _, offe = self.new_unit()
        self.drive(offe, "approved", "2024-06-03")

        js = {(t): delta(before[("inspector.js", t)], flat(self.dash("inspector.js", t)))
              for t in times}
        common = {"state.valid": 2, "state.suspended": 1, "state.revoked": 1, "total": 4,
                  "grade.integration.B": 3, "category.integration.software_development": 3,
                  "category.integration.operation_maintenance": 3, "province.320000": 3,
                  "cancellations.pending": 1, "issuances.pending": 1, "findings.open": 2}
        # the report year 2024: a, b, d owe (c is revoked); b has none; a in rectify,
        # d failed; after the due day b's is overdue, and a's first finding too
        annual = {"annual.owed": 3, "annual.not_submitted": 1, "annual.rectify": 1,
                  "annual.failed": 1}
        self.assertEqual(js[T1], dict(common, **annual))
        self.assertEqual(js[T2], dict(common, **annual, **{"annual.overdue": 1,
                                                           "findings.overdue": 1}))
        # t3 (2029): a was counted before already; a, b, d expire within 6 months, but a
        # was expiring in the first snapshot too; both findings are past their deadline.
        # (The report year is 2028 then, whose due day needs a calendar: not compared.)
        got = {k: v for k, v in js[t3].items() if not k.startswith("annual.")}
        self.assertEqual(got, dict(common, **{
            "state.valid": 1, "total": 3, "grade.integration.B": 2,
            "category.integration.software_development": 2,
            "category.integration.operation_maintenance": 2, "province.320000": 2,
            "expiring": 2, "findings.overdue": 2}))
        # the nation sees the same; Guangdong none of it
        for t in times:
            self.assertEqual(delta(before[(nat, t)], flat(self.dash(nat, t))), js[t])
            self.assertEqual(delta(before[("reviewer.gd", t)], flat(self.dash("reviewer.gd", t))),
                             {})

        # the answer's shape: all six states, names from the scheme and the regions
        d2 = self.dash("inspector.js", T2)
        self.assertEqual((d2["kind"], d2["today"]), ("bureau", T2))
        self.assertEqual([s["state"] for s in d2["certificates"]["by_state"]], STATES)
        self.assertEqual(d2["annual"]["year"], 2024)
        self.assertEqual(d2["annual"]["due"], "2025-03-31")
        self.assertEqual(d2["annual"]["overdue"], d2["annual"]["not_submitted"])
        g = [x for x in d2["certificates"]["by_grade"]
             if (x["scheme_id"], x["grade"]) == ("integration", "B")][0]
        self.assertEqual(g["name"], {"zh-CN": "乙级", "en": "Grade B"})
        self.assertEqual(set(g["scheme_name"]), {"zh-CN", "en"})
        cat = [x for x in d2["certificates"]["by_category"]
               if x["category"] == "software_development"][0]
        self.assertEqual(set(cat["name"]), {"zh-CN", "en"})
        prov = [x for x in d2["certificates"]["by_province"] if x["province"] == "320000"][0]
        self.assertEqual(prov["name"], {"zh-CN": "江苏省", "en": "Jiangsu"})
        self.assertEqual([x["province"] for x in d2["certificates"]["by_province"]],
                         ["320000"])
        self.assertEqual(d2["certificates"]["expiring"]["months"], 6)
        # scoped exactly like the certificate list
        for login in viewers:
            listed = self.listed_states(login, T2)
            got = {s["state"]: s["n"] for s in self.dash(login, T2)["certificates"]["by_state"]}
            self.assertEqual({k: v for k, v in got.items() if v}, dict(listed), login)
            self.assertEqual(self.dash(login, T2)["certificates"]["total"],
                             sum(listed.values()))

        # the units: their own certificate, deadlines and findings only
        ua = self.dash(offa, T2)
        self.assertEqual(ua["kind"], "unit")
        self.assertEqual(set(ua), {"kind", "today", "certificates", "deadlines", "findings"})
        self.assertEqual([x["id"] for x in ua["certificates"]], [a["id"]])
        self.assertEqual((ua["certificates"][0]["state"], ua["certificates"][0]["valid_until"],
                          ua["certificates"][0]["grade_name"]["en"]),
                         ("valid", a["valid_until"], "Grade B"))
        self.assertEqual(len(ua["findings"]), 2)
        self.assertEqual(sorted((f["area"], f["overdue"]) for f in ua["findings"]),
                         [("carriers", False), ("training", True)])
        self.assertEqual({f["source_type"] for f in ua["findings"]}, {"annual_report"})
        kinds = [x["kind"] for x in ua["deadlines"]]
        self.assertEqual(kinds, ["finding", "finding", "renewal_opens", "renewal_deadline"])
        dates = [x["date"] for x in ua["deadlines"]]
        self.assertEqual(dates, sorted(dates))
        self.assertEqual(dates[1], "2025-04-30")
        self.assertTrue(all(x["certificate_id"] == a["id"] for x in ua["deadlines"]))
        self.assertEqual([x["finding_id"] for x in ua["deadlines"][:2]],
                         [f["id"] for f in ua["findings"]])

        ub = self.dash(offb, T2)
        self.assertEqual([x["id"] for x in ub["certificates"]], [b["id"]])
        self.assertEqual(ub["certificates"][0]["state"], "suspended")
        self.assertEqual(ub["findings"], [])
        rep = ub["deadlines"][0]
        self.assertEqual((rep["kind"], rep["date"], rep["year"], rep["report_id"],
                          rep["overdue"]), ("annual_report", "2025-03-31", 2024, None, True))
        self.assertFalse(self.dash(offb, T1)["deadlines"][0]["overdue"])
        # c is revoked: no deadline at all; d's report was failed: only the renewal
        self.assertEqual(self.dash(offc, T2)["deadlines"], [])
        self.assertEqual([x["kind"] for x in self.dash(offd, T2)["deadlines"]],
                         ["renewal_opens", "renewal_deadline"])

    def test_unit_draft_is_a_deadline(self):
        offl, cert = self.issue()
        r = self.report(offl, cert, body_answers=answers()).json
        dl = [x for x in self.dash(offl, T1)["deadlines"] if x["kind"] == "annual_report"]
        self.assertEqual(len(dl), 1)
        self.assertEqual((dl[0]["report_id"], dl[0]["certificate_id"], dl[0]["overdue"]),
                         (r["id"], cert["id"], False))
        # once submitted it is no longer the unit's deadline
        self.act(offl, "/api/v1/annual-reports/%d/submit" % r["id"], now="2025-02-11")
        self.assertEqual([x for x in self.dash(offl, T1)["deadlines"]
                          if x["kind"] == "annual_report"], [])
        # a unit member sees the same; another unit sees none of it
        member, _ = self.new_user(["unit_member"], unit_id=cert["unit_id"], level="internal",
                                  prefix="mem.")
        self.assertEqual(self.dash(member, T1)["certificates"],
                         self.dash(offl, T1)["certificates"])
        _, other = self.new_unit()
        self.assertEqual(self.dash(other, T1)["certificates"], [])
        self.assertEqual(self.dash(other, T1)["deadlines"], [])

    def test_chartjs_served(self):
        """Chart.js at /vendor/chart.js/ with the security headers; a server without it
        starts all the same and answers 404 there."""
        anon = Client(self.server)
        r = anon.get("/vendor/chart.js/chart.min.js")
        if os.path.exists(CHARTJS):
            self.assertStatus(r, 200)
            self.assertIn("javascript", r.header("content-type"))
            with open(CHARTJS, "rb") as f:
                self.assertEqual(len(r.body), len(f.read()))
            self.assertIn("script-src 'self'", r.header("content-security-policy"))
            self.assertEqual(r.header("x-content-type-options"), "nosniff")
        else:
            self.assertStatus(r, 404)
        # no listing of the directory, nothing outside it
        self.assertStatus(anon.get("/vendor/chart.js/"), (403, 404))
        self.assertStatus(anon.get("/vendor/chart.js/../../../../etc/passwd"), 404)
        old = os.environ.get("BAOMI_CHARTJS")
        os.environ["BAOMI_CHARTJS"] = os.path.join(self.server.data, "no-such-dir")
        try:
            srv = Server().start()
        finally:
            if old is None:
                del os.environ["BAOMI_CHARTJS"]
            else:
                os.environ["BAOMI_CHARTJS"] = old
        try:
            c = Client(srv)
            self.assertStatus(c.get("/vendor/chart.js/chart.min.js"), 404)
            self.assertStatus(c.get("/healthz"), 200)
            self.assertStatus(c.get("/js/main.js"), 200)
        finally:
            srv.stop_checked(self)


if __name__ == "__main__":
    import unittest
    unittest.main()
