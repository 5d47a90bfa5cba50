"""Collections: filters and cursor paging of users, units, regions and authorities."""

from urllib.parse import urlencode

from harness import ServerTestCase, unit_body


class ListTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adm = cls.server.login("sysadmin")
        for region in ("320100", "320100", "320500", "440300", "440100", "510100"):
            r = cls.adm.post("/api/v1/units", unit_body(region=region))
            assert r.status == 201, r
        cls.auths = {a["region"]: a for a in cls.adm.get("/api/v1/authorities").json["items"]}

    def pages(self, client, path, limit, **q):
        got, cursor, n = [], None, 0
        while True:
            params = dict(q, limit=limit)
            if cursor:
                params["cursor"] = cursor
            r = client.get(path + "?" + urlencode(params))
            self.assertStatus(r, 200)
            self.assertLessEqual(len(r.json["items"]), limit)
            got += r.json["items"]
            cursor = r.json["next_cursor"]
            n += 1
            self.assertLess(n, 200)
            if cursor is None:
                return got

    def test_users_filters(self):
        items = self.adm.get("/api/v1/users?role=reviewer&limit=200").json["items"]
        self.assertEqual({u["login"] for u in items},
                         {"reviewer.js", "reviewer.gd", "reviewer.nation"})
        items = self.adm.get("/api/v1/users?q=jindun").json["items"]
        self.assertEqual({u["login"] for u in items}, {"officer.jindun", "member.jindun"})
        js = self.auths["320000"]["id"]
        items = self.adm.get("/api/v1/users?authority_id=%d" % js).json["items"]
        self.assertEqual({u["login"] for u in items}, {"reviewer.js", "expert.js", "approver.js", "inspector.js"})
        for u in items:
            self.assertNotIn("pw_hash", u)
            self.assertNotIn("password", u)

    def test_users_paging(self):
        full = self.adm.get("/api/v1/users?limit=200").json["items"]
        self.assertGreaterEqual(len(full), 12)
        paged = self.pages(self.adm, "/api/v1/users", 5)
        self.assertEqual([u["id"] for u in paged], [u["id"] for u in full])

    def test_units_filters(self):
        items = self.adm.get("/api/v1/units?region=32&limit=200").json["items"]
        self.assertTrue(items)
        self.assertTrue(all(u["region"].startswith("32") for u in items))
        items = self.adm.get("/api/v1/units?region=320100&limit=200").json["items"]
        self.assertTrue(all(u["region"] == "320100" for u in items))
        self.assertGreaterEqual(len(items), 3)
        items = self.adm.get("/api/v1/units?" + urlencode({"q": "金盾"})).json["items"]
        self.assertEqual([u["name"] for u in items], ["南京金盾信息技术有限公司"])
        uscc = items[0]["uscc"]
        items = self.adm.get("/api/v1/units?q=%s" % uscc).json["items"]
        self.assertEqual([u["uscc"] for u in items], [uscc])

    def test_units_paging_with_hidden_rows(self):
        for login in ("sysadmin", "reviewer.gd", "reviewer.js"):
            c = self.adm if login == "sysadmin" else self.server.login(login)
            full = c.get("/api/v1/units?limit=200").json["items"]
            for limit in (1, 2, 3):
                paged = self.pages(c, "/api/v1/units", limit)
                self.assertEqual([u["id"] for u in paged], [u["id"] for u in full],
                                 "%s limit %d" % (login, limit))

    def test_regions(self):
        r = self.adm.get("/api/v1/regions?parent=320000")
        self.assertStatus(r, 200)
        codes = {x["code"] for x in r.json["items"]}
        self.assertTrue({"320100", "320200", "320500"} <= codes)
        self.assertTrue(all(x["parent"] == "320000" for x in r.json["items"]))
        allr = self.adm.get("/api/v1/regions").json["items"]
        self.assertIn("000000", {x["code"] for x in allr})
        self.assertGreaterEqual(len(allr), 50)

    def test_authorities_visible_to_all_roles(self):
        gd = self.server.login("reviewer.gd")
        items = gd.get("/api/v1/authorities").json["items"]
        self.assertEqual(len(items), len(self.auths))
        nat = self.auths["000000"]
        self.assertEqual(nat["level"], "national")
        self.assertIsNone(nat["parent_id"])
        self.assertEqual(self.auths["320100"]["parent_id"], self.auths["320000"]["id"])
        self.assertEqual(self.auths["320100"]["level"], "municipal")
        r = gd.get("/api/v1/authorities/%d" % nat["id"])
        self.assertStatus(r, 200)
        self.assertEqual(r.etag, '"v%d"' % nat["version"])
        self.assertJsonError(gd.get("/api/v1/authorities/99999"), 404)
