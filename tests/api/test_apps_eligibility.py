"""Eligibility: the pre-check's pass/fail/unknown lines for each basic condition, submission
refused (422 eligibility_failed, carrying the report) when a hard condition fails, and the
report frozen at submission that reviewers read later whatever the profile became."""

from test_apps_base import AppsTestCase, plus_days, plus_months


def lines(r):
    return {l["condition"]: l for l in r.json["lines"]}


class EligibilityTest(AppsTestCase):
    def check(self, c, scheme="integration", grade="B", **kw):
        r = c.post("/api/v1/eligibility", dict({"scheme": scheme, "grade": grade}, **kw))
        self.assertStatus(r, 200)
        return r

    def test_unknown_pass_fail_lines(self):
        unit, offl = self.new_unit(eligible=False, registered_on="2012-04-16")
        off = self.client(offl, "2026-03-02")
        r = self.check(off)
        ls = lines(r)
        self.assertEqual(r.json["scheme"], "integration")
        self.assertEqual(ls["legal_person_3y"]["result"], "pass")
        self.assertEqual(ls["no_criminal_record"]["result"], "pass")
        self.assertEqual(ls["no_leak_1y"]["result"], "pass")
        for cond in ("not_dishonest", "key_people_nationality", "no_foreign_investment",
                     "secrecy_body"):
            self.assertEqual(ls[cond]["result"], "unknown", ls[cond])
        self.assertEqual(r.json["unknown"], 4)
        self.assertEqual(r.json["failed_hard"], 0)
        self.assertTrue(r.json["eligible"])
        for l in r.json["lines"]:
            self.assertTrue(l["why"] and l["why_zh"] and l["name"] and l["name_zh"], l)
            self.assertIn("[", l["source"])  # every rule carries its source tag
            self.assertTrue(l["hard"])
        # military lines differ
        mls = lines(self.check(off, "military", "2"))
        self.assertIn("premises_3y", mls)
        self.assertIn("tasks_involve_secrets", mls)
        self.assertNotIn("secrecy_body", mls)
        self.assertJsonError(off.post("/api/v1/eligibility", {"scheme": "integration",
                                                              "grade": "Z"}), 400,
                             "invalid_value", "grade")
        self.assertJsonError(off.post("/api/v1/eligibility", {"scheme": "integration"}), 400,
                             "missing_field", "grade")

    def test_young_unit(self):
        unit, offl = self.new_unit(registered_on="2024-06-01")
        off = self.client(offl, "2026-03-02")
        l = lines(self.check(off))["legal_person_3y"]
        self.assertEqual(l["result"], "fail")
        self.assertIn("2027-06-01", l["why"])
        off.now = "2027-05-31"
        self.assertEqual(lines(self.check(off))["legal_person_3y"]["result"], "fail")
        off.now = "2027-06-01"
        self.assertEqual(lines(self.check(off))["legal_person_3y"]["result"], "pass")

    def test_hard_failures_refuse_submission(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        uid = unit["id"]
        self.assertTrue(self.check(off).json["eligible"])
        app = self.create(off)
        self.upload_all(off, app["id"])

        # a foreign-national legal representative
        people = off.get("/api/v1/units/%d/profile" % uid).json["people"]
        rep = [p for p in people if p["role"] == "legal_representative"][0]
        r = off.put("/api/v1/units/%d/people/%d" % (uid, rep["id"]),
                    {"role": "legal_representative", "name": "John Smith", "nationality": "US",
                     "foreign_residence": False, "foreign_spouse": False, "dishonest": False})
        self.assertStatus(r, 200)
        el = self.check(off)
        self.assertFalse(el.json["eligible"])
        self.assertEqual(lines(el)["key_people_nationality"]["result"], "fail")
        self.assertIn("John Smith", lines(el)["key_people_nationality"]["why"])
        r = self.event(off, app, "submit", status=422, code="eligibility_failed")
        self.assertEqual(r.field, "eligibility")
        rep_lines = {l["condition"]: l for l in r.json["error"]["eligibility"]}
        self.assertEqual(rep_lines["key_people_nationality"]["result"], "fail")
        self.assertEqual(rep_lines["legal_person_3y"]["result"], "pass")
        self.assertEqual(self.get(off, app["id"])["state"], "draft")
        self.assertIsNone(self.get(off, app["id"])["number"])
        r = off.put("/api/v1/units/%d/people/%d" % (uid, rep["id"]),
                    {"role": "legal_representative", "name": "王建国", "nationality": "CN",
                     "foreign_residence": False, "foreign_spouse": True, "dishonest": False})
        self.assertEqual(lines(self.check(off))["key_people_nationality"]["result"], "fail")
        off.put("/api/v1/units/%d/people/%d" % (uid, rep["id"]),
                {"role": "legal_representative", "name": "王建国", "nationality": "CN",
                 "foreign_residence": False, "foreign_spouse": False, "dishonest": False})
        # a dishonest principal head
        head = off.post("/api/v1/units/%d/people" % uid,
                        {"role": "principal_head", "name": "李失信", "nationality": "CN",
                         "dishonest": True}).json
        self.assertEqual(lines(self.check(off))["not_dishonest"]["result"], "fail")
        self.event(off, app, "submit", status=422, code="eligibility_failed")
        self.assertStatus(off.delete("/api/v1/units/%d/people/%d" % (uid, head["id"])), 204)

        # a leak within the last year fails; one older than a year does not
        old = off.post("/api/v1/units/%d/events" % uid,
                       {"kind": "leak", "occurred_on": "2025-03-01", "description": "旧事件"})
        self.assertStatus(old, 201)
        self.assertEqual(lines(self.check(off))["no_leak_1y"]["result"], "pass")
        new = off.post("/api/v1/units/%d/events" % uid,
                       {"kind": "leak", "occurred_on": "2025-09-15",
                        "description": "涉密文件误发"})
        self.assertStatus(new, 201)
        l = lines(self.check(off))["no_leak_1y"]
        self.assertEqual(l["result"], "fail")
        self.assertIn("2025-09-15", l["why"])
        r = self.event(off, app, "submit", status=422, code="eligibility_failed")
        self.assertEqual([x["condition"] for x in r.json["error"]["eligibility"]
                          if x["result"] == "fail"], ["no_leak_1y"])
        # a year and a day later it no longer counts
        off.now = plus_days(plus_months("2025-09-15", 12), 1)
        self.assertEqual(lines(self.check(off))["no_leak_1y"]["result"], "pass")
        off.now = "2026-03-02"
        self.assertStatus(off.delete("/api/v1/units/%d/events/%d" % (uid, new.json["id"])), 204)

        # foreign investment: none allowed for integration
        u = off.get("/api/v1/units/%d" % uid)
        r = off.patch_if("/api/v1/units/%d/profile" % uid, {"foreign_direct_bp": 100}, u.etag)
        self.assertStatus(r, 200)
        l = lines(self.check(off))["no_foreign_investment"]
        self.assertEqual(l["result"], "fail")
        self.event(off, app, "submit", status=422, code="eligibility_failed")
        # military: no direct investment, indirect at most 20 %
        mil = lines(self.check(off, "military", "2"))["no_foreign_control"]
        self.assertEqual(mil["result"], "fail")
        u = off.get("/api/v1/units/%d" % uid)
        off.patch_if("/api/v1/units/%d/profile" % uid,
                     {"foreign_direct_bp": 0, "foreign_indirect_bp": 2000}, u.etag)
        self.assertEqual(lines(self.check(off, "military", "2"))["no_foreign_control"]["result"],
                         "pass")
        self.assertEqual(lines(self.check(off))["no_foreign_investment"]["result"], "fail")
        u = off.get("/api/v1/units/%d" % uid)
        off.patch_if("/api/v1/units/%d/profile" % uid, {"foreign_indirect_bp": 2001}, u.etag)
        self.assertEqual(lines(self.check(off, "military", "2"))["no_foreign_control"]["result"],
                         "fail")
        u = off.get("/api/v1/units/%d" % uid)
        off.patch_if("/api/v1/units/%d/profile" % uid, {"foreign_indirect_bp": 0}, u.etag)

        # all clear: submitted, and the report of that day is frozen with the case
        off.now = "2026-03-03"
        sub = self.event(off, app, "submit").json
        self.assertEqual(sub["state"], "submitted")
        frozen = self.client("reviewer.js").get("/api/v1/applications/%d/submission" % app["id"])
        self.assertStatus(frozen, 200)
        fl = {l["condition"]: l for l in frozen.json["eligibility"]}
        self.assertEqual(fl["no_leak_1y"]["result"], "pass")
        self.assertTrue(all(l["result"] == "pass" for l in fl.values()), fl)
        snap = frozen.json["snapshot"]
        self.assertEqual(snap["unit"]["name"], unit["name"])
        self.assertEqual(snap["unit"]["uscc"], unit["uscc"])
        self.assertEqual(snap["grade"], "B")
        self.assertEqual(snap["scheme"]["id"], "integration")
        self.assertEqual(len(snap["materials"]), 9)
        # later changes to the profile do not rewrite what was submitted
        self.assertStatus(off.post("/api/v1/units/%d/events" % uid,
                                   {"kind": "leak", "occurred_on": "2026-03-03"}), 201)
        self.assertEqual(lines(self.check(off))["no_leak_1y"]["result"], "fail")
        again = self.client("reviewer.js").get("/api/v1/applications/%d/submission" % app["id"])
        self.assertEqual(again.json, frozen.json)
        # the unit reads its own submission; other provinces cannot
        self.assertStatus(off.get("/api/v1/applications/%d/submission" % app["id"]), 200)
        self.assertStatus(self.client("reviewer.gd").get(
            "/api/v1/applications/%d/submission" % app["id"]), 404)
        # a draft has nothing frozen yet
        draft = self.create(self.client(offl), "military", "2")
        r = off.get("/api/v1/applications/%d/submission" % draft["id"])
        self.assertStatus(r, 200)
        self.assertEqual((r.json["snapshot"], r.json["eligibility"]), (None, None))

    def test_bureau_checks_a_unit_in_its_jurisdiction(self):
        unit, offl = self.new_unit()
        rv = self.client("reviewer.js", "2026-03-02")
        r = self.check(rv, unit_id=unit["id"])
        self.assertTrue(r.json["eligible"])
        self.assertEqual(r.json["unknown"], 0)
        self.assertJsonError(self.client("reviewer.gd").post(
            "/api/v1/eligibility", {"scheme": "integration", "grade": "B",
                                    "unit_id": unit["id"]}), 404, "not_found")
        self.assertJsonError(self.client("officer.jindun").post(
            "/api/v1/eligibility", {"scheme": "integration", "grade": "B",
                                    "unit_id": unit["id"]}), 404, "not_found")
        self.assertJsonError(rv.post("/api/v1/eligibility", {"scheme": "integration",
                                                             "grade": "B"}),
                             400, "missing_field", "unit_id")
