"""The working-day calendar through the API: check / add / between across the Spring Festival
and National Day blocks, adjusted working days and year ends, answers checked against the
reference table of domain.md; 422 calendar_missing for a year not loaded (2027); loading a year
(system administrator only, audited, malformed documents refused naming the JSON path); the
warning from 1 October when next year is missing. And the statutory clock of a case around a
pause."""

import json

from harness import audit_all
from test_apps_base import AppsTestCase, Cal, q

YEAR_2027 = {
    "year": 2027,
    "source": "test data for the API suite (not the State Council's notice)",
    "holidays": [
        {"name_zh": "元旦", "name_en": "New Year's Day", "from": "2027-01-01", "to": "2027-01-03"},
        {"name_zh": "春节", "name_en": "Spring Festival", "from": "2027-02-06", "to": "2027-02-13"},
        {"name_zh": "国庆节", "name_en": "National Day", "from": "2027-10-01", "to": "2027-10-07"},
    ],
    "adjusted_working_days": ["2027-02-14", "2027-10-09"],
}


class CalendarTest(AppsTestCase):
    def ask(self, what, **params):
        r = self.client("reviewer.js").get(q("/api/v1/calendar/" + what, **params))
        self.assertStatus(r, 200, msg="%s %r: %r" % (what, params, r))
        return r.json

    def test_check(self):
        cases = {
            "2026-10-01": ("holiday", False), "2026-10-07": ("holiday", False),
            "2026-10-08": ("weekday", True), "2026-10-10": ("adjusted_working_day", True),
            "2026-10-11": ("weekend", False), "2026-02-14": ("adjusted_working_day", True),
            "2026-02-16": ("holiday", False), "2026-02-23": ("holiday", False),
            "2026-02-24": ("weekday", True), "2026-01-04": ("adjusted_working_day", True),
            "2025-01-26": ("adjusted_working_day", True), "2025-10-08": ("holiday", False),
            "2024-02-18": ("adjusted_working_day", True), "2024-12-31": ("weekday", True),
            "2026-12-31": ("weekday", True), "2026-03-07": ("weekend", False),
        }
        for day, (kind, working) in cases.items():
            r = self.ask("check", date=day)
            self.assertEqual((r["date"], r["kind"], r["working_day"]), (day, kind, working), r)
            self.assertEqual(working, Cal.working(day), day)
        self.assertEqual(self.ask("check", date="2026-10-10")["weekday"], 6)

    def test_add_and_between(self):
        for day, n in (("2026-09-30", 1), ("2026-09-24", 2), ("2026-02-13", 1),
                       ("2026-02-14", 1), ("2026-02-12", 5), ("2025-12-31", 1),
                       ("2024-12-31", 1), ("2025-01-24", 3), ("2026-09-29", 5),
                       ("2026-03-02", 20), ("2024-01-02", 250), ("2026-06-18", 1)):
            r = self.ask("add", date=day, n=n)
            self.assertEqual(r["result"], Cal.add(day, n), (day, n))
        # named answers, so that the reference model is checked too
        self.assertEqual(self.ask("add", date="2026-09-30", n=1)["result"], "2026-10-08")
        self.assertEqual(self.ask("add", date="2026-02-13", n=1)["result"], "2026-02-14")
        self.assertEqual(self.ask("add", date="2026-02-14", n=1)["result"], "2026-02-24")
        self.assertEqual(self.ask("add", date="2025-12-31", n=1)["result"], "2026-01-04")
        self.assertEqual(self.ask("add", date="2024-12-31", n=1)["result"], "2025-01-02")
        self.assertEqual(self.ask("add", date="2026-10-08", n=-1)["result"], "2026-09-30")
        self.assertEqual(self.ask("add", date="2026-01-05", n=-2)["result"], "2025-12-31")
        self.assertEqual(self.ask("add", date="2026-10-03", n=0)["result"], "2026-10-03")
        for a, b in (("2026-09-30", "2026-10-12"), ("2026-02-13", "2026-02-24"),
                     ("2025-12-30", "2026-01-05"), ("2024-12-27", "2025-01-06"),
                     ("2026-01-01", "2026-12-31"), ("2026-05-01", "2026-05-01")):
            r = self.ask("between", **{"from": a, "to": b})
            self.assertEqual(r["working_days"], Cal.between(a, b), (a, b))
        self.assertEqual(self.ask("between", **{"from": "2026-09-30", "to": "2026-10-12"})
                         ["working_days"], 4)
        self.assertEqual(self.ask("between", **{"from": "2026-10-12", "to": "2026-09-30"})
                         ["working_days"], -4)
        self.assertEqual(self.ask("between", **{"from": "2025-12-31", "to": "2026-01-05"})
                         ["working_days"], 2)
        # bad questions
        c = self.client("reviewer.js")
        self.assertJsonError(c.get(q("/api/v1/calendar/check", date="2026-02-30")), 400, None,
                             "date")
        self.assertJsonError(c.get("/api/v1/calendar/check"), 400, "missing_field", "date")
        self.assertJsonError(c.get(q("/api/v1/calendar/add", date="2026-01-05", n="x")), 400,
                             None, "n")
        self.assertJsonError(c.get(q("/api/v1/calendar/add", date="2026-01-05", n=99999)), 400,
                             None, "n")

    def test_missing_year_then_loading_it(self):
        c = self.client("reviewer.js")
        for path, params in (("check", {"date": "2027-01-04"}),
                             ("add", {"date": "2026-12-31", "n": 1}),
                             ("add", {"date": "2026-12-24", "n": 10}),
                             ("between", {"from": "2026-12-30", "to": "2027-01-05"})):
            r = c.get(q("/api/v1/calendar/" + path, **params))
            self.assertJsonError(r, 422, "calendar_missing")
        # an earlier year missing is no guess either
        self.assertJsonError(c.get(q("/api/v1/calendar/check", date="2023-06-01")), 422,
                             "calendar_missing")

        # the warning from 1 October of the last loaded year
        years = self.client("sysadmin", "2026-09-30").get("/api/v1/calendar/years").json
        self.assertEqual(sorted(y["year"] for y in years["items"]), [2024, 2025, 2026])
        self.assertIsNone(years["warning"])
        for day in ("2026-10-01", "2026-12-31"):
            w = self.client("reviewer.js", day).get("/api/v1/calendar/years").json["warning"]
            self.assertIsNotNone(w, day)
            self.assertEqual((w["code"], w["year"]), ("next_year_missing", 2027))
            self.assertTrue(w["message"] and w["message_zh"])
        y26 = [y for y in years["items"] if y["year"] == 2026][0]
        self.assertEqual(y26["adjusted_working_days"], 6)

        # loading: the system administrator only
        path = "/api/v1/calendar/years/2027"
        for login in ("reviewer.js", "secadmin", "auditor", "officer.jindun"):
            self.assertJsonError(self.client(login).put(path, YEAR_2027), 403, "forbidden")
            # who may load is answered before what is wrong with the document
            self.assertJsonError(self.client(login).put(path, {"year": "x"}), 403,
                                 "forbidden")
        adm = self.client("sysadmin", "2026-10-15")
        bad = [
            (dict(YEAR_2027, holidays=[dict(YEAR_2027["holidays"][0], **{"from": "2027-02-30"})]),
             "$.holidays[0].from"),
            (dict(YEAR_2027, holidays=YEAR_2027["holidays"][:1] + [
                dict(YEAR_2027["holidays"][1], to="2027-02-01")]), "$.holidays[1]"),
            (dict(YEAR_2027, adjusted_working_days=["2027-02-14", "2027-10-08"]),
             "$.adjusted_working_days[1]"),
            (dict(YEAR_2027, adjusted_working_days=["2026-10-10"]),
             "$.adjusted_working_days[0]"),
            (dict(YEAR_2027, holidays=[dict(YEAR_2027["holidays"][0], to="2028-01-02")]),
             "$.holidays[0].to"),
        ]
        for doc, where in bad:
            r = adm.put(path, doc)
            self.assertJsonError(r, 400)
            self.assertTrue((r.field or "").startswith(where),
                            "field %r does not name %s: %r" % (r.field, where, r))
        r = adm.put(path, raw='{"year": 2027, "holidays": [', content_type="application/json")
        self.assertJsonError(r, 400)
        r = adm.put(path, dict(YEAR_2027, year=2028))
        self.assertJsonError(r, 400, None, "year")
        r = adm.put(path, raw=json.dumps(YEAR_2027), content_type="text/plain")
        self.assertJsonError(r, 415)
        # still missing after all that
        self.assertJsonError(c.get(q("/api/v1/calendar/check", date="2027-01-04")), 422,
                             "calendar_missing")
        r = adm.put(path, YEAR_2027)
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"year": 2027, "status": "loaded"})
        hits = [e for e in audit_all(self.client("auditor"), action="calendar.load")
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0]["actor"], "sysadmin")
        self.assertEqual(hits[0]["details"]["year"], 2027)
        self.assertEqual(hits[0]["details"]["holidays"], 3 + 8 + 7)
        self.assertEqual(len(hits[0]["details"]["sha256"]), 64)
        # now answered
        self.assertEqual(self.ask("add", date="2026-12-31", n=1)["result"], "2027-01-04")
        self.assertEqual(self.ask("check", date="2027-02-14")["kind"], "adjusted_working_day")
        self.assertEqual(self.ask("between", **{"from": "2026-12-30", "to": "2027-01-05"})
                         ["working_days"], 3)
        w = self.client("reviewer.js", "2026-10-15").get("/api/v1/calendar/years").json
        self.assertIsNone(w["warning"])
        self.assertEqual(w["items"][-1]["loaded_by"], "sysadmin")
        # replacing a year is audited as such, and answers change at once
        adm.now = None
        r = adm.put(path, dict(YEAR_2027, adjusted_working_days=["2027-02-14"]))
        self.assertStatus(r, 200)
        hits = [e for e in audit_all(self.client("auditor"), action="calendar.replace")
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0]["details"]["adjusted_working_days"], 1)
        self.assertEqual(self.ask("check", date="2027-10-09")["working_day"], False)

    def test_replacement_seen_whatever_its_load_time(self):
        """A replaced year is what every later question is answered from, also when the
        replacing server's clock is behind the one that loaded the other years (several
        servers share the database)."""
        path = "/api/v1/calendar/years/2027"
        adm = self.client("sysadmin")
        self.assertStatus(adm.put(path, YEAR_2027), 200)
        self.assertEqual(self.ask("check", date="2027-10-09")["kind"], "adjusted_working_day")
        adm.now = "2026-10-15T08:00:00Z"  # earlier than the seeded years' loaded_at
        r = adm.put(path, dict(YEAR_2027, adjusted_working_days=["2027-02-14"]))
        self.assertStatus(r, 200)
        self.assertEqual(self.ask("check", date="2027-10-09")["kind"], "weekend",
                         "the replaced 2027 calendar is not used")
        # and once more from the same slow server
        self.assertStatus(adm.put(path, YEAR_2027), 200)
        self.assertEqual(self.ask("check", date="2027-10-09")["kind"], "adjusted_working_day",
                         "the replaced 2027 calendar is not used")


class ClockTest(AppsTestCase):
    """The decision clock around the on-site pause."""

    def test_paused_from_the_listing_day(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "superior_review", "2026-03-02")
        rv = self.client("reviewer.js", d["list"])
        app = self.event(rv, app, "list_onsite", {"opinion": "列入现场审查"}).json
        # the clock stops the day the case is listed: no due date, and it says it is paused
        self.assertIsNone(app["clock"]["due"], app["clock"])
        self.assertTrue(app["clock"]["paused"], app["clock"])
        same_day = self.get(self.client(offl, d["list"]), app["id"])
        self.assertEqual(same_day["clock"], app["clock"])
        self.assertEqual(same_day["clock"]["used"],
                         Cal.clock(d["accept"], 20, d["list"])[1])
