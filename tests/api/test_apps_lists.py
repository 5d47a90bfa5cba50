"""Lists and work queues of applications: filters by scheme, grade, state, region and unit;
`tasks=true` per role sorted by due date; `due_within` and `overdue` on the statutory clock;
cursor paging. The cases live in a province of their own (Zhejiang, set up here), so the
expected sets are exact."""

import datetime

from test_apps_base import AppsTestCase, Cal, q


TODAY = "2026-06-04"


class ListTest(AppsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.adm.post("/api/v1/authorities", {"name_zh": "浙江省国家保密局",
                                                 "name_en": "Zhejiang Provincial Secrecy Bureau",
                                                 "region": "330000"})
        assert r.status == 201, r
        cls.auths = {a["region"]: a for a in cls.adm.get("/api/v1/authorities").json["items"]}
        cls.rv, _ = cls.new_user(["reviewer"], region="330000", level="secret", prefix="rv.zj.")
        cls.ap, _ = cls.new_user(["approver"], region="330000", level="secret", prefix="ap.zj.")
        cls.insp, _ = cls.new_user(["inspector"], region="330000", level="secret",
                                   prefix="in.zj.")

    def setUp(self):
        if getattr(type(self), "cases", None) is None:
            type(self).cases, type(self).clocks, type(self).officers = self.make_cases()

    def make_cases(self):
        """c1..c7 in Zhejiang; returns ({name: app}, {name: (start, budget, pauses)},
        {name: officer login})."""
        cases, clocks, offs = {}, {}, {}

        def unit(name, region="330100"):
            u, offl = self.new_unit(region=region)
            offs[name] = offl
            return offl

        o = unit("c1")
        cases["c1"] = self.submitted(self.client(o), now="2026-06-01", tag="c1")
        clocks["c1"] = ("2026-06-01", 5, [])
        o = unit("c2")
        cases["c2"] = self.submitted(self.client(o), now="2026-06-03", tag="c2")
        clocks["c2"] = ("2026-06-03", 5, [])
        o = unit("c3", "330200")
        cases["c3"] = self.submitted(self.client(o), "military", "2", now="2026-05-27", tag="c3")
        clocks["c3"] = ("2026-05-27", 5, [])
        o = unit("c4")
        app = self.submitted(self.client(o), now="2026-05-19", tag="c4")
        cases["c4"] = self.event(self.client(self.rv, "2026-05-20"), app, "accept").json
        clocks["c4"] = ("2026-05-20", 20, [])
        o = unit("c5", "330200")
        cases["c5"] = self.create(self.client(o, "2026-06-02"), "integration", "A")
        o = unit("c6")
        team = [(self.rv, "leader"), (self.insp, "staff")]
        cases["c6"], d = self.drive(o, "decision", "2026-05-18", rv=self.rv, team=team,
                                    approver=self.ap)
        clocks["c6"] = (d["accept"], 20, [(d["list"], d["onsite"])])
        o = unit("c7")
        app = self.submitted(self.client(o), "military", "2", now="2026-06-01", tag="c7")
        cases["c7"] = self.event(self.client(self.rv, "2026-06-02"), app, "request_supplement",
                                 {"items": ["补充审计报告"]}).json
        clocks["c7"] = ("2026-06-02", 15, [])
        return cases, clocks, offs

    def ids(self, *names):
        return {self.cases[n]["id"] for n in names}

    def names(self, items):
        back = {a["id"]: n for n, a in self.cases.items()}
        return [back[a["id"]] for a in items if a["id"] in back]

    def got(self, login=None, now=TODAY, **params):
        return set(self.names(self.list_apps(self.client(login or self.rv, now), **params)))

    def test_filters(self):
        # the bureau's view (drafts aside: whether a bureau sees unit drafts is not at issue)
        every = {"c1", "c2", "c3", "c4", "c6", "c7"}
        self.assertEqual(self.got() - {"c5"}, every)
        self.assertEqual(self.got(scheme="military"), {"c3", "c7"})
        self.assertEqual(self.got(grade="B") - {"c5"}, {"c1", "c2", "c4", "c6"})
        self.assertEqual(self.got(grade="2"), {"c3", "c7"})
        self.assertEqual(self.got(state="submitted"), {"c1", "c2", "c3"})
        self.assertEqual(self.got(state="decision"), {"c6"})
        self.assertEqual(self.got(state="open") - {"c5"}, every)
        self.assertEqual(self.got(scheme="integration", state="submitted"), {"c1", "c2"})
        self.assertEqual(self.got(region="3302") - {"c5"}, {"c3"})
        self.assertEqual(self.got(region="330100"), {"c1", "c2", "c4", "c6", "c7"})
        self.assertEqual(self.got(region="33") - {"c5"}, every)
        self.assertEqual(self.got(unit_id=self.cases["c4"]["unit"]["id"]), {"c4"})
        # the national reviewer sees the same; Jiangsu sees none of them
        self.assertEqual(self.got("reviewer.nation", region="33") - {"c5"}, every)
        self.assertEqual(self.got("reviewer.js", region="33"), set())
        # the unit sees its own only, draft included
        self.assertEqual(self.got(self.officers["c5"]), {"c5"})
        self.assertEqual(self.got(self.officers["c1"]), {"c1"})
        c = self.client(self.rv, TODAY)
        for params, field in (({"state": "nowhere"}, "state"), ({"limit": 0}, "limit"),
                              ({"limit": 201}, "limit"), ({"due_within": -1}, "due_within"),
                              ({"tasks": "maybe"}, "tasks"), ({"colour": "red"}, "colour")):
            self.assertJsonError(c.get(q("/api/v1/applications", **params)), 400, None, field)
        # items carry what a list shows
        item = [a for a in self.list_apps(c, state="submitted")
                if a["id"] == self.cases["c1"]["id"]][0]
        self.assertEqual(item["number"], self.cases["c1"]["number"])
        self.assertEqual(item["unit"]["name"], self.cases["c1"]["unit"]["name"])
        self.assertEqual(item["clock"]["stage"], "acceptance")

    def expected_clock(self, name, today):
        start, budget, pauses = self.clocks[name]
        return Cal.clock(start, budget, today, pauses)

    def test_tasks_per_role_by_due_date(self):
        items = self.list_apps(self.client(self.rv, TODAY), tasks="true")
        # the reviewer's queue: acceptance checks and the superior review, soonest due first
        self.assertEqual(self.names(items), ["c3", "c1", "c2", "c4"])
        dues = [a["clock"]["due"] for a in items]
        self.assertEqual(dues, sorted(dues))
        for a in items:
            n = self.names([a])[0]
            self.assertEqual(a["clock"]["due"], self.expected_clock(n, TODAY)[0], n)
        self.assertEqual(self.names(self.list_apps(self.client(self.rv, TODAY), tasks="true",
                                                   scheme="military")), ["c3"])
        # one page, whatever the limit
        self.assertEqual(self.names(self.list_apps(self.client(self.rv, TODAY), tasks="true",
                                                   limit=1)), ["c3", "c1", "c2", "c4"])
        # the approver's queue: the decision
        self.assertEqual(self.names(self.list_apps(self.client(self.ap, TODAY), tasks="true")),
                         ["c6"])
        # the unit officers': the draft, the supplement
        self.assertEqual(self.names(self.list_apps(self.client(self.officers["c5"], TODAY),
                                                   tasks="true")), ["c5"])
        self.assertEqual(self.names(self.list_apps(self.client(self.officers["c7"], TODAY),
                                                   tasks="true")), ["c7"])

    def test_due_within_and_overdue(self):
        for today in (TODAY, "2026-06-09", "2026-06-18"):
            rem = {n: self.expected_clock(n, today)[2] for n in self.clocks}
            overdue = {n for n, r in rem.items() if r < 0}
            self.assertEqual(self.got(now=today, overdue="true"), overdue, today)
            for within in (0, 2, 4, 10):
                want = {n for n, r in rem.items() if r <= within}
                self.assertEqual(self.got(now=today, due_within=within), want,
                                 (today, within, rem))
        self.assertEqual(self.got(overdue="true"), {"c3"})
        self.assertEqual(self.got(due_within=2), {"c1", "c3"})
        c3 = self.get(self.client(self.rv, TODAY), self.cases["c3"]["id"])
        self.assertTrue(c3["clock"]["overdue"])
        self.assertEqual(c3["clock"]["remaining"], -1)
        # queues and filters combine
        self.assertEqual(self.names(self.list_apps(self.client(self.rv, TODAY), tasks="true",
                                                   overdue="true")), ["c3"])

    def test_cursor_paging(self):
        c = self.client(self.rv, TODAY)
        full = c.get("/api/v1/applications?limit=200").json
        self.assertIsNone(full["next_cursor"])
        ids = [a["id"] for a in full["items"]]
        self.assertEqual(ids, sorted(ids))
        for limit in (1, 2, 3):
            pages, cursor, seen = 0, None, []
            while True:
                path = "/api/v1/applications?limit=%d" % limit + (
                    "&cursor=%s" % cursor if cursor else "")
                r = c.get(path)
                self.assertStatus(r, 200)
                self.assertLessEqual(len(r.json["items"]), limit)
                seen += [a["id"] for a in r.json["items"]]
                cursor = r.json["next_cursor"]
                pages += 1
                self.assertLess(pages, 50)
                if cursor is None:
                    break
            self.assertEqual(seen, ids, limit)
        # paging with a filter
        seen, cursor = [], None
        while True:
            r = c.get("/api/v1/applications?limit=1&state=submitted" +
                      ("&cursor=%s" % cursor if cursor else ""))
            seen += [a["id"] for a in r.json["items"]]
            cursor = r.json["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(set(seen), self.ids("c1", "c2", "c3"))


class EmptyQueueTest(AppsTestCase):
    def test_empty_queue(self):
        """Nothing awaiting the caller is an empty list, not a failure."""
        unit, offl = self.new_unit()
        self.submitted(self.client(offl), now="2026-03-02", tag="empty")
        for login in (offl, "reviewer.gd"):
            r = self.client(login, "2026-03-03").get("/api/v1/applications?tasks=true")
            self.assertStatus(r, 200, msg="%s: %r" % (login, r))
            self.assertEqual(r.json["items"], [])
            self.assertIsNone(r.json["next_cursor"])
        self.assertStatus(self.client(offl).get("/healthz"), 200)


class DemoTest(AppsTestCase):
    def test_demo_cases_are_within_their_limits_today(self):
        """The demo is made for today: every open case's limit ends today or later, and
        every dated step lies in the past."""
        cases = self.list_apps(self.client("reviewer.nation"), limit=200)
        states = {a["state"] for a in cases}
        for s in ("submitted", "supplement", "preliminary_review", "superior_review",
                  "onsite", "onsite_passed", "halted", "publicity", "decision", "approved",
                  "rejected", "not_accepted", "withdrawn", "abandoned"):
            self.assertIn(s, states)
        today = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date().isoformat()
        for a in cases:
            full = self.get(self.client("reviewer.nation"), a["id"])
            if full["clock"] is not None:
                self.assertFalse(full["clock"]["overdue"], full)
            for k, d in full["dates"].items():
                if d and k not in ("onsite_date", "publicity_end"):
                    self.assertLessEqual(d[:10], today, (k, full["number"]))
