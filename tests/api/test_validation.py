"""Input validation and the HTTP error contract."""

import json

from harness import Client, ServerTestCase, new_uscc, unique, unit_body

VALID_USCC = "91110000101623741K"


class ValidationTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adm = cls.server.login("sysadmin")

    def test_valid_uscc_accepted(self):
        r = self.adm.post("/api/v1/units", unit_body(uscc=VALID_USCC, region="110000"))
        self.assertStatus(r, 201)
        self.assertEqual(r.json["uscc"], VALID_USCC)
        self.assertEqual(r.header("etag"), '"v1"')
        # duplicate USCC
        r = self.adm.post("/api/v1/units", unit_body(uscc=VALID_USCC, region="110000"))
        self.assertJsonError(r, 409, "duplicate", "uscc")

    def test_malformed_json(self):
        for raw in ("{", '{"name": }', "[1,2", '{"name":"a",}', b"\xff\xfe", b'{"name":"\xff"}',
                    "", "nul"):
            r = self.adm.post("/api/v1/units", raw=raw)
            self.assertJsonError(r, 400)
            self.assertIn(r.code, ("malformed_json", "invalid_type"), r)
        r = self.adm.post("/api/v1/units", raw="[]")
        self.assertJsonError(r, 400, "invalid_type")
        r = self.adm.post("/api/v1/units", raw='"text"')
        self.assertJsonError(r, 400)
        self.assertIn(r.code, ("malformed_json", "invalid_type"), r)

    def test_hostile_json(self):
        # deep nesting, NUL in a string, an integer beyond 64 bits: 400, never a crash
        deep = '{"name":' + "[" * 3000 + "]" * 3000 + "}"
        self.assertJsonError(self.adm.post("/api/v1/units", raw=deep), 400)
        b = unit_body()
        raw = json.dumps(b).replace('"name": "', '"name": "a\\u0000', 1)
        r = self.adm.post("/api/v1/units", raw=raw)
        self.assertJsonError(r, 400)
        r = self.adm.post("/api/v1/me/tokens", raw='{"name":"x","expires_in_days":100000000000000000000}')
        self.assertJsonError(r, 400)
        r = self.adm.post("/api/v1/units", raw=json.dumps(unit_body()).encode() + b"\x00")
        self.assertJsonError(r, 400)
        self.assertStatus(self.adm.get("/healthz"), 200)

    def test_hostile_query(self):
        for q in ("q=%00", "q=%zz", "q=%", "q=%e4%b8", "limit=1%00", "=x", "q=" + "a" * 5000):
            r = self.adm.get("/api/v1/units?" + q)
            self.assertJsonError(r, 400)
        self.assertStatus(self.adm.get("/api/v1/units?"), 200)
        self.assertStatus(self.adm.get("/api/v1/units?&&limit=2&"), 200)

    def test_duplicate_keys_refused(self):
        b = unit_body()
        raw = json.dumps(b)[:-1] + ', "name": "twice"}'
        r = self.adm.post("/api/v1/units", raw=raw)
        self.assertJsonError(r, 400)

    def test_wrong_types(self):
        cases = [("name", 5), ("name", None), ("name", ["a"]), ("uscc", 91110000101623741),
                 ("region", 320100), ("address", {"street": "x"}), ("phone", True)]
        for field, value in cases:
            r = self.adm.post("/api/v1/units", unit_body(**{field: value}))
            self.assertJsonError(r, 400, "invalid_type", field)
        r = self.adm.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": 1.5})
        self.assertJsonError(r, 400, "invalid_type", "expires_in_days")
        r = self.adm.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": True})
        self.assertJsonError(r, 400, "invalid_type", "expires_in_days")

    def test_nested_field_paths(self):
        sec = self.server.login("secadmin")
        u = self.adm.post("/api/v1/users", {"login": unique("v."), "display_name": "V",
                                            "password": "Temp-Password-2026"})
        path = "/api/v1/users/%d/access" % u.json["id"]
        base = {"roles": [], "membership": {"authority_id": None, "unit_id": None},
                "clearance": {"level": "internal", "compartments": []}}

        def with_(**kw):
            b = json.loads(json.dumps(base))
            for k, v in kw.items():
                cur = b
                parts = k.split("__")
                for p in parts[:-1]:
                    cur = cur[p]
                cur[parts[-1]] = v
            return b

        r = sec.put_if(path, with_(clearance__level="cosmic"), u.etag)
        self.assertJsonError(r, 400, "invalid_value", "clearance.level")
        r = sec.put_if(path, with_(membership__unit_id="7"), u.etag)
        self.assertJsonError(r, 400, "invalid_type", "membership.unit_id")
        r = sec.put_if(path, with_(membership__extra=1), u.etag)
        self.assertJsonError(r, 400, "unknown_field", "membership.extra")
        r = sec.put_if(path, with_(roles=["reviewer", 3]), u.etag)
        self.assertJsonError(r, 400, "invalid_type", "roles[1]")
        r = sec.put_if(path, with_(roles=["emperor"]), u.etag)
        self.assertJsonError(r, 400, "invalid_value", "roles")
        r = sec.put_if(path, with_(clearance__compartments=["Bad Name!"]), u.etag)
        self.assertJsonError(r, 400, None, "clearance.compartments")
        b = with_()
        del b["clearance"]
        r = sec.put_if(path, b, u.etag)
        self.assertJsonError(r, 400, "missing_field", "clearance")
        r = sec.put_if(path, with_(membership__authority_id=999999, roles=["reviewer"]), u.etag)
        self.assertJsonError(r, 400, "unknown_authority", "membership.authority_id")
        r = sec.put_if(path, with_(roles=["reviewer"]), u.etag)
        self.assertJsonError(r, 422, None, "roles")

    def test_unknown_fields(self):
        r = self.adm.post("/api/v1/units", unit_body(colour="red"))
        self.assertJsonError(r, 400, "unknown_field", "colour")
        r = self.adm.post("/api/v1/users", {"login": unique("x."), "display_name": "x",
                                            "password": "Temp-Password-2026", "is_admin": True})
        self.assertJsonError(r, 400, "unknown_field", "is_admin")
        r = self.adm.get("/api/v1/units?colour=red")
        self.assertJsonError(r, 400, "unknown_field", "colour")
        r = self.adm.get("/api/v1/me?x=1")
        self.assertJsonError(r, 400, "unknown_field")

    def test_missing_required_fields(self):
        for field in ("name", "uscc", "region"):
            b = unit_body()
            del b[field]
            r = self.adm.post("/api/v1/units", b)
            self.assertJsonError(r, 400, "missing_field", field)
        for field in ("login", "display_name", "password"):
            b = {"login": unique("m."), "display_name": "M", "password": "Temp-Password-2026"}
            del b[field]
            self.assertJsonError(self.adm.post("/api/v1/users", b), 400, "missing_field", field)
        self.assertJsonError(self.adm.post("/api/v1/units", {}), 400, "missing_field")

    def test_out_of_range(self):
        r = self.adm.post("/api/v1/units", unit_body(name="单" * 129))
        self.assertJsonError(r, 400, None, "name")
        r = self.adm.post("/api/v1/units", unit_body(name=""))
        self.assertJsonError(r, 400, None, "name")
        r = self.adm.post("/api/v1/units", unit_body(phone="1" * 33))
        self.assertJsonError(r, 400, None, "phone")
        r = self.adm.post("/api/v1/units", unit_body(phone="call me"))
        self.assertJsonError(r, 400, "invalid_field", "phone")
        r = self.adm.post("/api/v1/units", unit_body(registered_on="2999-01-01"))
        self.assertJsonError(r, 400, "invalid_date", "registered_on")
        r = self.adm.post("/api/v1/units", unit_body(registered_on="2020-02-30"))
        self.assertJsonError(r, 400, "invalid_date", "registered_on")
        r = self.adm.post("/api/v1/units", unit_body(name="a\u0007b"))
        self.assertJsonError(r, 400, None, "name")
        r = self.adm.get("/api/v1/units?limit=0")
        self.assertJsonError(r, 400, "invalid_value", "limit")
        r = self.adm.get("/api/v1/units?limit=201")
        self.assertJsonError(r, 400, "invalid_value", "limit")
        r = self.adm.get("/api/v1/units?limit=ten")
        self.assertJsonError(r, 400, "invalid_value", "limit")
        r = self.adm.get("/api/v1/users?limit=1&limit=2")
        self.assertJsonError(r, 400, None, "limit")
        r = self.adm.post("/api/v1/users", {"login": "Bad Login", "display_name": "x",
                                            "password": "Temp-Password-2026"})
        self.assertJsonError(r, 400, None, "login")
        r = self.adm.post("/api/v1/users", {"login": unique("w."), "display_name": "x",
                                            "password": "short"})
        self.assertJsonError(r, 400, "weak_password", "password")

    def test_bad_uscc(self):
        r = self.adm.post("/api/v1/units", unit_body(uscc="91110000101623741A"))
        self.assertJsonError(r, 400, "invalid_uscc", "uscc")
        self.assertIn("'K'", r.error["message"], r)
        body = new_uscc()
        wrong = body[:17] + ("0" if body[17] != "0" else "1")
        r = self.adm.post("/api/v1/units", unit_body(uscc=wrong))
        self.assertJsonError(r, 400, "invalid_uscc", "uscc")
        self.assertIn("'%s'" % body[17], r.error["message"])
        for bad in ("9111000010162374", "91110000101623741K1", "91110000I01623741K",
                    "91110000101623741k"):
            r = self.adm.post("/api/v1/units", unit_body(uscc=bad))
            self.assertJsonError(r, 400, None, "uscc")

    def test_region(self):
        r = self.adm.post("/api/v1/units", unit_body(region="990000"))
        self.assertJsonError(r, 400, "unknown_region", "region")
        r = self.adm.post("/api/v1/units", unit_body(region="32010"))
        self.assertJsonError(r, 400, None, "region")
        r = self.adm.post("/api/v1/units", unit_body(region="32a100"))
        self.assertJsonError(r, 400, None, "region")
        r = self.adm.post("/api/v1/units", unit_body(region="000000"))
        self.assertJsonError(r, 400, "invalid_region", "region")
        r = self.adm.post("/api/v1/authorities", {"name_zh": "某局", "name_en": "X",
                                                  "region": "990000"})
        self.assertJsonError(r, 400, "unknown_region", "region")
        r = self.adm.post("/api/v1/regions", {"code": "320100", "name_zh": "南京市",
                                              "name_en": "Nanjing"})
        self.assertJsonError(r, 409, "duplicate", "code")
        r = self.adm.post("/api/v1/regions", {"code": "990100", "name_zh": "某市",
                                              "name_en": "Somewhere"})
        self.assertJsonError(r, 422, "parent_region_missing", "code")
        r = self.adm.get("/api/v1/regions?parent=3201")
        self.assertJsonError(r, 400, None, "parent")

    def test_content_type(self):
        b = json.dumps(unit_body())
        for ct in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                   None):
            r = self.adm.post("/api/v1/units", raw=b, content_type=ct)
            self.assertJsonError(r, 415, "unsupported_media_type")
        r = self.adm.post("/api/v1/units", raw=b, content_type="application/json; charset=utf-8")
        self.assertStatus(r, 201)
        r = self.adm.post("/api/v1/units", raw=json.dumps(unit_body()),
                          content_type="Application/JSON")
        self.assertStatus(r, 201)

    def test_body_too_large(self):
        big = {"login": "sysadmin", "password": "x" * 5000}
        r = Client(self.server).post("/api/v1/session", big)
        self.assertJsonError(r, 413, "payload_too_large")
        b = unit_body(address="地" * 3000)  # > 8 KiB in UTF-8
        r = self.adm.post("/api/v1/units", b)
        self.assertJsonError(r, 413, "payload_too_large")
        # beyond the global limit of 1 MiB: refused, and the server lives on
        try:
            r = self.adm.post("/api/v1/units", raw=b'{"name":"' + b"a" * (2 << 20) + b'"}')
            self.assertEqual(r.status, 413, r)
        except (ConnectionError, OSError):
            pass  # the server may close the connection before reading it all
        self.assertStatus(self.adm.get("/healthz"), 200)

    def test_wrong_method(self):
        cases = [("PUT", "/api/v1/units", {"GET", "POST"}),
                 ("DELETE", "/healthz", {"GET"}),
                 ("POST", "/api/v1/units/1", {"GET", "PATCH"}),
                 ("GET", "/api/v1/session", {"POST", "DELETE"}),
                 ("PATCH", "/api/v1/audit", {"GET"})]
        for method, path, allowed in cases:
            r = self.adm.request(method, path, body={})
            self.assertJsonError(r, 405, "method_not_allowed")
            allow = r.header("allow")
            self.assertIsNotNone(allow, "405 without Allow: %r" % r)
            self.assertEqual({m.strip() for m in allow.split(",")}, allowed, r)

    def test_unknown_api_path(self):
        for path in ("/api/v1/nope", "/api/v2/units", "/api/", "/api/v1/units/1/extra",
                     "/api/v1/users/abc"):
            r = self.adm.get(path)
            self.assertJsonError(r, 404)
        self.assertJsonError(Client(self.server).get("/api/v1/nope"), 404, "not_found")

    def test_if_match(self):
        r = self.adm.post("/api/v1/units", unit_body())
        self.assertStatus(r, 201)
        path = "/api/v1/units/%d" % r.json["id"]
        v1 = r.etag
        r = self.adm.patch(path, {"phone": "010-1"})
        self.assertJsonError(r, 428, "precondition_required", "If-Match")
        r = self.adm.patch_if(path, {"phone": "010-2"}, "v1")
        self.assertJsonError(r, 400, None, "If-Match")
        r = self.adm.patch_if(path, {"phone": "010-3"}, v1)
        self.assertStatus(r, 200)
        self.assertEqual(r.etag, '"v2"')
        self.assertEqual(r.json["version"], 2)
        r = self.adm.patch_if(path, {"phone": "010-4"}, v1)
        self.assertJsonError(r, 412)
        self.assertEqual(self.adm.get(path).json["phone"], "010-3")
        # users and authorities behave alike
        u = self.adm.post("/api/v1/users", {"login": unique("im."), "display_name": "I",
                                            "password": "Temp-Password-2026"})
        upath = "/api/v1/users/%d" % u.json["id"]
        self.assertJsonError(self.adm.patch(upath, {"display_name": "x"}), 428)
        self.assertStatus(self.adm.patch_if(upath, {"display_name": "x"}, u.etag), 200)
        self.assertJsonError(self.adm.patch_if(upath, {"display_name": "y"}, u.etag), 412)
        sec = self.server.login("secadmin")
        self.assertJsonError(sec.put(upath + "/access", {"roles": [], "membership": {},
                                                         "clearance": {"level": "public"}}), 428)
        self.assertJsonError(sec.put_if(upath + "/access",
                                        {"roles": [], "membership": {},
                                         "clearance": {"level": "public"}}, u.etag), 412)

    def test_duplicate_login(self):
        login = unique("dup.")
        b = {"login": login, "display_name": "D", "password": "Temp-Password-2026"}
        self.assertStatus(self.adm.post("/api/v1/users", b), 201)
        self.assertJsonError(self.adm.post("/api/v1/users", b), 409, "duplicate", "login")
        self.assertJsonError(self.adm.post("/api/v1/users", dict(b, login="sysadmin")), 409,
                             "duplicate", "login")

    def test_duplicate_uscc_on_update(self):
        a = self.adm.post("/api/v1/units", unit_body())
        b = self.adm.post("/api/v1/units", unit_body())
        r = self.adm.patch_if("/api/v1/units/%d" % b.json["id"], {"uscc": a.json["uscc"]},
                              b.etag)
        self.assertJsonError(r, 409, "duplicate", "uscc")

    def test_bad_ids(self):
        for path in ("/api/v1/units/0", "/api/v1/units/-1", "/api/v1/units/99999999999999999999",
                     "/api/v1/units/1e3", "/api/v1/users/0x10"):
            self.assertJsonError(self.adm.get(path), 404)

    def test_authority_rules(self):
        r = self.adm.post("/api/v1/authorities", {"name_zh": "重复", "name_en": "Dup",
                                                  "region": "320000"})
        self.assertJsonError(r, 409, "duplicate", "region")
        r = self.adm.post("/api/v1/authorities", {"name_zh": "杭州市国家保密局",
                                                  "name_en": "Hangzhou", "region": "330100"})
        self.assertJsonError(r, 422, "parent_authority_missing", "region")
        r = self.adm.post("/api/v1/regions", {"code": "320111", "name_zh": "浦口区",
                                              "name_en": "Pukou"})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["parent"], "320100")
        r = self.adm.post("/api/v1/authorities", {"name_zh": "浦口区国家保密局",
                                                  "name_en": "Pukou", "region": "320111"})
        self.assertJsonError(r, 422, "invalid_level", "region")
        r = self.adm.patch_if("/api/v1/authorities/99999", {"name_en": "x"}, '"v1"')
        self.assertJsonError(r, 404)
        auths = self.adm.get("/api/v1/authorities").json["items"]
        a = auths[0]
        gd = self.server.login("reviewer.gd")
        r = gd.patch_if("/api/v1/authorities/%d" % a["id"], {"name_en": "x"}, '"v%d"' % a["version"])
        self.assertJsonError(r, 403)
        r = gd.post("/api/v1/regions", {"code": "320112", "name_zh": "x", "name_en": "x"})
        self.assertJsonError(r, 403)
