"""A unit's profile (the facts eligibility reads): ownership and leadership, key people,
history events, premises and declarations. Validation errors name the field; every change is
audited with the old and the new values; only the unit's officer (and the system
administrator) changes it, within the unit."""

from harness import audit_all
from test_apps_base import AppsTestCase


class ProfileTest(AppsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit, cls.offl = cls.new_unit(eligible=False)
        cls.uid_ = cls.unit["id"]

    def off(self):
        return self.client(self.offl, "2026-03-02")

    def audit(self, r, action):
        hits = [e for e in self.audit_of_unit() if e["request_id"] == r.rid]
        self.assertEqual([e["action"] for e in hits], [action], hits)
        return hits[0]["details"]

    def audit_of_unit(self):
        return audit_all(self.client("auditor"), object_type="unit", object_id=str(self.uid_))

    def test_ownership_and_leadership(self):
        off = self.off()
        path = "/api/v1/units/%d/profile" % self.uid_
        p = off.get(path)
        self.assertStatus(p, 200)
        self.assertEqual(p.json["unit_id"], self.uid_)
        self.assertFalse(p.json["foreign_known"])
        self.assertIsNone(p.json["registered_capital"])
        u = off.get("/api/v1/units/%d" % self.uid_)
        for body, field in (({"foreign_direct_bp": 10001}, "foreign_direct_bp"),
                            ({"foreign_indirect_bp": -1}, "foreign_indirect_bp"),
                            ({"employees": "many"}, "employees"),
                            ({"registered_capital": -5}, "registered_capital"),
                            ({"foreign_known": "yes"}, "foreign_known"),
                            ({"principal_head": 7}, "principal_head"),
                            ({"owner": "x"}, "owner")):
            self.assertJsonError(off.patch_if(path, body, u.etag), 400, None, field)
        self.assertJsonError(off.patch(path, {"employees": 5}), 428)
        r = off.patch_if(path, {"principal_head": "李总", "registered_capital": 50000000,
                                "employees": 120, "foreign_known": True,
                                "foreign_direct_bp": 0, "foreign_indirect_bp": 1250}, u.etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["foreign_indirect_bp"], 1250)
        self.assertEqual(r.json["employees"], 120)
        d = self.audit(r, "unit.update_profile")
        self.assertEqual(d["old"]["principal_head"], "")
        self.assertEqual(d["new"]["principal_head"], "李总")
        self.assertEqual(d["old"]["foreign_indirect_bp"], 0)
        self.assertEqual(d["new"]["foreign_indirect_bp"], 1250)
        self.assertEqual(d["new"]["employees"], 120)
        # the profile moves the unit's version: the old ETag is stale
        self.assertJsonError(off.patch_if(path, {"employees": 121}, u.etag), 412)
        u2 = off.get("/api/v1/units/%d" % self.uid_)
        self.assertNotEqual(u2.etag, u.etag)
        # null clears a figure (unknown again)
        r = off.patch_if(path, {"employees": None}, u2.etag)
        self.assertStatus(r, 200)
        self.assertIsNone(r.json["employees"])
        d = self.audit(r, "unit.update_profile")
        self.assertEqual(d["old"]["employees"], 120)

    def test_people(self):
        off = self.off()
        path = "/api/v1/units/%d/people" % self.uid_
        good = {"role": "board_member", "name": "赵董事", "nationality": "CN",
                "foreign_residence": False, "foreign_spouse": False, "dishonest": False}
        for over, field in (({"role": "ceo"}, "role"), ({"name": ""}, "name"),
                            ({"nationality": "cn"}, "nationality"),
                            ({"nationality": "CHN"}, "nationality"),
                            ({"dishonest": "no"}, "dishonest"),
                            ({"age": 40}, "age")):
            self.assertJsonError(off.post(path, dict(good, **over)), 400, None, field)
        r = off.post(path, {k: v for k, v in good.items() if k != "role"})
        self.assertJsonError(r, 400, "missing_field", "role")
        r = off.post(path, good)
        self.assertStatus(r, 201)
        pid = r.json["id"]
        d = self.audit(r, "unit.person_add")
        self.assertIsNone(d["old"])
        self.assertEqual(d["new"]["name"], "赵董事")
        # unknown facts stay unknown (null), not false
        r = off.post(path, {"role": "supervisor", "name": "钱监事"})
        self.assertStatus(r, 201)
        self.assertIsNone(r.json["nationality"])
        self.assertIsNone(r.json["foreign_spouse"])
        r = off.put(path + "/%d" % pid, dict(good, foreign_spouse=True))
        self.assertStatus(r, 200)
        d = self.audit(r, "unit.person_update")
        self.assertEqual((d["old"]["foreign_spouse"], d["new"]["foreign_spouse"]), (0, 1))
        r = off.delete(path + "/%d" % pid)
        self.assertStatus(r, 204)
        d = self.audit(r, "unit.person_delete")
        self.assertEqual(d["old"]["name"], "赵董事")
        self.assertIsNone(d["new"])
        self.assertStatus(off.delete(path + "/%d" % pid), 404)
        self.assertStatus(off.put(path + "/987654", good), 404)

    def test_events_premises_declarations(self):
        off = self.off()
        ev = "/api/v1/units/%d/events" % self.uid_
        for body, field in (({"kind": "fraud", "occurred_on": "2025-01-01"}, "kind"),
                            ({"kind": "leak", "occurred_on": "2025-13-01"}, "occurred_on"),
                            ({"kind": "leak", "occurred_on": "2026-03-03"}, "occurred_on"),
                            ({"kind": "leak"}, "occurred_on")):
            self.assertJsonError(off.post(ev, body), 400, None, field)
        r = off.post(ev, {"kind": "violation", "occurred_on": "2025-01-01",
                          "description": "违规使用移动存储介质"})
        self.assertStatus(r, 201)
        d = self.audit(r, "unit.event_add")
        self.assertIsNone(d["old"])
        self.assertEqual(d["new"]["kind"], "violation")
        r = off.delete(ev + "/%d" % r.json["id"])
        self.assertStatus(r, 204)
        self.assertEqual(self.audit(r, "unit.event_delete")["old"]["occurred_on"], "2025-01-01")

        pr = "/api/v1/units/%d/premises" % self.uid_
        for body, field in (({"address": "a", "tenure": "rented", "since": "2020-01-01"},
                             "tenure"),
                            ({"address": "a", "tenure": "leased", "since": "2020-01-01"},
                             "lease_end"),
                            ({"address": "a", "tenure": "owned", "since": "2020-01-01",
                              "lease_end": "2030-01-01"}, "lease_end"),
                            ({"address": "a", "tenure": "leased", "since": "2020-01-01",
                              "lease_end": "2019-12-31"}, "lease_end"),
                            ({"address": "", "tenure": "owned", "since": "2020-01-01"},
                             "address"),
                            ({"address": "a", "tenure": "owned"}, "since")):
            self.assertJsonError(off.post(pr, body), 400, None, field)
        r = off.post(pr, {"address": "南京市雨花台区软件大道 9 号", "tenure": "leased",
                          "since": "2021-01-01", "lease_end": "2026-12-31", "area": 800})
        self.assertStatus(r, 201)
        d = self.audit(r, "unit.premises_add")
        self.assertEqual((d["new"]["tenure"], d["new"]["area"]), ("leased", 800))
        r = off.delete(pr + "/%d" % r.json["id"])
        self.assertStatus(r, 204)
        self.assertEqual(self.audit(r, "unit.premises_delete")["old"]["lease_end"], "2026-12-31")

        dc = "/api/v1/units/%d/declarations/" % self.uid_
        self.assertJsonError(off.put(dc + "made_up", {"value": True}), 400, None, "key")
        self.assertJsonError(off.put(dc + "secrecy_body", {}), 400, "missing_field", "value")
        self.assertJsonError(off.put(dc + "secrecy_body", {"value": "yes"}), 400, None, "value")
        r = off.put(dc + "secrecy_body", {"value": True})
        self.assertStatus(r, 200)
        d = self.audit(r, "unit.declare")
        self.assertEqual((d["key"], d["old"], d["new"]), ("secrecy_body", None, True))
        r = off.put(dc + "secrecy_body", {"value": False})
        d = self.audit(r, "unit.declare")
        self.assertEqual((d["old"], d["new"]), (True, False))
        self.assertEqual(off.get("/api/v1/units/%d/profile" % self.uid_).json["declarations"],
                         {"secrecy_body": False})

    def test_who_may_change_it(self):
        path = "/api/v1/units/%d" % self.uid_
        body = {"role": "senior_manager", "name": "孙经理", "nationality": "CN"}
        # other units and other provinces see nothing
        for login in ("officer.jindun", "reviewer.gd", "member.jindun"):
            c = self.client(login)
            self.assertJsonError(c.get(path + "/profile"), 404, "not_found")
            self.assertJsonError(c.post(path + "/people", body), 404, "not_found")
            self.assertJsonError(c.put(path + "/declarations/secrecy_body", {"value": True}),
                                 404, "not_found")
        # the province's reviewer reads but does not change it; so does a member of the unit
        mem, _ = self.new_user(["unit_member"], unit_id=self.uid_, level="internal",
                               prefix="mem.")
        for login in ("reviewer.js", mem):
            c = self.client(login)
            self.assertStatus(c.get(path + "/profile"), 200)
            self.assertJsonError(c.post(path + "/people", body), 403, "forbidden")
            self.assertJsonError(c.post(path + "/events", {"kind": "leak",
                                                           "occurred_on": "2025-01-01"}),
                                 403, "forbidden")
        # the system administrator may
        r = self.client("sysadmin").post(path + "/people", body)
        self.assertStatus(r, 201)
        self.assertEqual(self.audit(r, "unit.person_add")["new"]["name"], "孙经理")
