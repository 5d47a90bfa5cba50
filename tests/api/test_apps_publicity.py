"""Publicity (公示): the public list and objection form without login, the size cap and the
per-address rate limit, objections only inside the window, their handling by the reviewing
bureau (the unit never sees who objected), and an upheld objection sending the case back to the
superior review, after which it goes round again to the approval."""

import json

from harness import Client
from test_apps_base import AppsTestCase, Cal, etag_of


def objection(text="该单位涉密场所管理存在问题", name="张三", contact="13800000000"):
    return {"name": name, "contact": contact, "text": text}


class PublicityTest(AppsTestCase):
    config = {"objection_rate_per_minute": 100000}

    def public(self, now):
        c = Client(self.server)
        c.now = now
        return c

    def object(self, now, app_id, body=None, status=201, code=None):
        r = self.public(now).post("/api/v1/public/publicity/%d/objections" % app_id,
                                  raw=json.dumps(body or objection(), ensure_ascii=False))
        self.assertStatus(r, status, code, msg="objection on %s: %r" % (now, r))
        return r

    def test_objection_upheld_then_round_again(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "publicity", "2026-07-06")
        aid = app["id"]
        self.assertEqual((app["dates"]["publicity_start"], app["dates"]["publicity_end"]),
                         ("2026-07-15", "2026-07-22"))

        # the public list, no login
        anon = self.public("2026-07-16")
        r = anon.get("/api/v1/public/publicity")
        self.assertStatus(r, 200)
        mine = [p for p in r.json["items"] if p["id"] == aid]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["unit"], unit["name"])
        self.assertEqual(set(mine[0]) - {"id", "number", "unit", "uscc", "scheme",
                                         "scheme_name_zh", "scheme_name", "grade",
                                         "grade_name", "categories", "category_names",
                                         "start", "end"}, set())
        # named in both languages for the public
        self.assertEqual(mine[0]["scheme_name"]["zh-CN"], mine[0]["scheme_name_zh"])
        self.assertTrue(mine[0]["scheme_name"]["en"])
        self.assertEqual(mine[0]["grade_name"]["zh-CN"], "乙级")
        self.assertEqual(len(mine[0]["category_names"]), len(mine[0]["categories"]))
        self.assertTrue(all(n["zh-CN"] and n["en"] for n in mine[0]["category_names"]))
        # cases not in publicity are not public
        self.assertStatus(anon.get("/api/v1/applications/%d" % aid), 401)

        # objections: during the window only, checked and capped
        self.object("2026-07-23", aid, status=404, code="not_found")
        r = self.object("2026-07-16", aid, objection(text=""), status=400)
        self.assertEqual(r.field, "text")
        r = self.object("2026-07-16", aid, {"name": "x", "contact": "y"}, status=400,
                        code="missing_field")
        self.assertEqual(r.field, "text")
        r = self.object("2026-07-16", aid, objection(text="异" * 4001), status=400)
        self.assertEqual(r.field, "text")
        big = objection(text="x" * (16 * 1024))
        self.object("2026-07-16", aid, big, status=413, code="payload_too_large")
        self.object("2026-07-16", 999999, status=404, code="not_found")
        unread = self.unread(self.client("reviewer.js"))
        first = self.object("2026-07-16", aid, objection(
            "该单位涉密计算机曾连接互联网", "李四", "lisi@example.cn")).json
        self.assertEqual(first["status"], "received")
        second = self.object("2026-07-22", aid, objection("重复申报", "王五", "13900000000")).json
        self.assertEqual(self.unread(self.client("reviewer.js")), unread + 2)
        self.assertIn("application.objection",
                      [n["kind"] for n in self.notifications(self.client("reviewer.js"), aid)])
        # who objected is for the bureau, not for the unit, nor in the audit trail in clear
        off = self.client(offl, "2026-07-23")
        self.assertStatus(off.get("/api/v1/applications/%d/objections" % aid), 403)
        self.assertNotIn("lisi@example.cn", json.dumps(self.notifications(off), ensure_ascii=False))
        filed = [e for e in self.audit_of(aid) if e["action"] == "objection.file"]
        self.assertEqual(len(filed), 2)
        self.assertNotIn("lisi@example.cn", json.dumps(filed, ensure_ascii=False))
        rv = self.client("reviewer.js", "2026-07-23")
        objs = rv.get("/api/v1/applications/%d/objections" % aid)
        self.assertStatus(objs, 200)
        by_id = {o["id"]: o for o in objs.json["items"]}
        self.assertEqual(by_id[first["id"]]["contact"], "lisi@example.cn")
        self.assertIsNone(by_id[first["id"]]["resolution"])

        # not closed while an objection is open
        self.event(rv, aid, "close_publicity", status=422, code="guard_failed",
                   field="objections_resolved")
        # a case goes back to review only by upholding an objection, never by hand
        self.assertNotIn("uphold_objection", self.get(rv, aid)["actions"])
        self.event(rv, aid, "uphold_objection", status=422, code="not_by_hand",
                   field="event")
        self.assertEqual(self.get(rv, aid)["state"], "publicity")
        path = "/api/v1/applications/%d/objections/%d/resolution"
        self.assertStatus(self.client("reviewer.gd").post(
            path % (aid, second["id"]), {"resolution": "dismissed", "reason": "x"}), 404)
        self.assertStatus(off.post(path % (aid, second["id"]),
                                   {"resolution": "dismissed", "reason": "x"}), 403)
        self.assertJsonError(rv.post(path % (aid, second["id"]), {"resolution": "maybe",
                                                                  "reason": "x"}), 400)
        self.assertJsonError(rv.post(path % (aid, 987654), {"resolution": "dismissed",
                                                            "reason": "x"}), 404)
        r = rv.post(path % (aid, second["id"]), {"resolution": "dismissed",
                                                 "reason": "经核查，不属实"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "publicity")
        # an upheld objection sends the case back to the superior review
        unread_off = self.unread(off)
        r = rv.post(path % (aid, first["id"]), {"resolution": "upheld",
                                                "reason": "经核查属实，退回重新审查"})
        self.assertStatus(r, 200)
        app = r.json
        self.assertEqual(app["state"], "superior_review")
        self.assertEqual(r.etag, etag_of(app))
        self.assertIsNone(app["dates"]["publicity_start"])
        self.assertIsNone(app["dates"]["publicity_end"])
        self.assertEqual(self.unread(off), unread_off + 1)
        objs = {o["id"]: o for o in
                rv.get("/api/v1/applications/%d/objections" % aid).json["items"]}
        self.assertEqual(objs[first["id"]]["resolution"], "upheld")
        self.assertEqual(objs[second["id"]]["resolution"], "dismissed")
        self.assertEqual(objs[first["id"]]["resolved_by"], self.uid("reviewer.js"))
        # a resolved objection stays resolved
        self.assertStatus(rv.post(path % (aid, first["id"]),
                                  {"resolution": "dismissed", "reason": "x"}), 409)
        public = self.public("2026-07-23").get("/api/v1/public/publicity").json["items"]
        self.assertNotIn(aid, [p["id"] for p in public])
        self.object("2026-07-23", aid, status=404)
        tl = [(t["event"], t["from"], t["to"]) for t in self.timeline(rv, aid)]
        self.assertIn(("uphold_objection", "publicity", "superior_review"), tl)
        self.assertEqual(len([t for t in tl if t[0] == "objection.resolve"]), 2)
        audit = {e["action"] for e in self.audit_of(aid) if e["request_id"] == r.rid}
        self.assertEqual(audit, {"objection.resolve", "uphold_objection"})

        # round again: a new on-site review with fresh sheets, a new publicity
        rv.now = "2026-07-24"
        app = self.event(rv, aid, "list_onsite", {"opinion": "重新列入现场审查"}).json
        self.assertEqual(app["state"], "onsite")
        self.schedule(rv, aid, "2026-07-31", self.TEAM)
        onsite = rv.get("/api/v1/applications/%d/onsite" % aid).json
        self.assertEqual(onsite["date"], "2026-07-31")
        self.assertEqual(onsite["sheets"], [], "sheets of the first round are still there")
        self.assertIsNone(onsite["aggregate"])
        for login, _ in self.TEAM:
            self.sheet(self.client(login, "2026-07-31"), aid, "integration", 3)
        rv.now = "2026-07-31"
        app = self.event(rv, aid, "onsite_pass", {"opinion": "复查合格", "representative": "王建国"}).json
        self.assertEqual(app["onsite"]["total"], 82)
        rv.now = "2026-08-03"
        app = self.event(rv, aid, "open_publicity", {"date": "2026-08-05"}).json
        self.assertEqual(app["dates"]["publicity_start"], "2026-08-05")
        self.assertEqual(app["dates"]["publicity_end"], Cal.add("2026-08-05", 5))
        self.object("2026-08-04", aid, status=404)  # not started yet
        listed = lambda day: aid in [p["id"] for p in self.public(day).get(
            "/api/v1/public/publicity").json["items"]]
        self.assertFalse(listed("2026-08-04"))
        self.assertTrue(listed("2026-08-05"))
        self.assertTrue(listed(app["dates"]["publicity_end"]))
        self.assertFalse(listed(Cal.add(app["dates"]["publicity_end"], 1)))
        late = self.object("2026-08-05", aid, objection("仍有问题", "赵六", "zhao@example.cn")).json
        rv.now = "2026-08-12"
        self.assertStatus(rv.post(path % (aid, late["id"]), {"resolution": "dismissed",
                                                               "reason": "已整改"}), 200)
        rv.now = "2026-08-13"
        app = self.event(rv, aid, "close_publicity").json
        app = self.event(self.client("approver.js", "2026-08-13"), aid, "approve",
                         {"reason": "准予许可"}).json
        self.assertEqual(app["state"], "approved")
        events = [t["event"] for t in self.timeline(rv, aid) if "." not in t["event"]]
        self.assertEqual(events.count("list_onsite"), 2)
        self.assertEqual(events.count("open_publicity"), 2)

    def test_publicity_start_not_in_the_past(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "onsite_passed", "2026-09-01")
        rv = self.client("reviewer.js", d["publicity"])
        self.event(rv, app, "open_publicity", {"date": d["onsite"]}, status=400,
                   code="invalid_date", field="date")
        self.event(rv, app, "open_publicity", {"reason": "x"}, status=400, code="unknown_field",
                   field="reason")
        # publicity over National Day: 5 working days from 2026-09-29 end on 2026-10-12
        # (10-01..07 holidays, 10-10 an adjusted working Saturday)
        rv.now = "2026-09-29"
        app = self.event(rv, app, "open_publicity").json
        self.assertEqual(app["dates"]["publicity_end"], Cal.add("2026-09-29", 5))
        self.assertEqual(app["dates"]["publicity_end"], "2026-10-12")


class ObjectionRateTest(AppsTestCase):
    config = {"objection_rate_per_minute": 3}

    def test_rate_limited_per_address(self):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "publicity", "2026-07-06")
        pub = Client(self.server)
        pub.now = d["publicity"]
        path = "/api/v1/public/publicity/%d/objections" % app["id"]
        for i in range(3):
            self.assertStatus(pub.post(path, objection("异议 %d" % i)), 201)
        r = pub.post(path, objection("异议 3"))
        self.assertJsonError(r, 429, "rate_limited")
        self.assertTrue(int(r.header("retry-after")) >= 1, r.headers)
        rv = self.client("reviewer.js", d["publicity"])
        objs = rv.get("/api/v1/applications/%d/objections" % app["id"]).json["items"]
        self.assertEqual(len(objs), 3)
