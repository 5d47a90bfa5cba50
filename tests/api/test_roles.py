"""三员分立 (three-role separation) and visibility: 404 for what you may not see, 403 for
what you see but may not do, and every refusal in the audit trail."""

from harness import Client, ServerTestCase, audit_all, unique, unit_body

SECRET_UNIT = "南京长江电子研究所"
JINDUN = "南京金盾信息技术有限公司"
SUZHOU = "苏州智网系统集成有限公司"
SHENZHEN = "深圳安信数据服务有限公司"


def access(roles, authority_id=None, unit_id=None, level="internal", comps=None):
    return {"roles": roles, "membership": {"authority_id": authority_id, "unit_id": unit_id},
            "clearance": {"level": level, "compartments": comps or []}}


class RoleSetup:
    @classmethod
    def lookup(cls):
        adm = cls.server.login("sysadmin")
        cls.users = {u["login"]: u for u in adm.get("/api/v1/users?limit=200").json["items"]}
        cls.units = {u["name"]: u for u in adm.get("/api/v1/units?limit=200").json["items"]}
        cls.auths = {a["region"]: a for a in adm.get("/api/v1/authorities").json["items"]}

    def lesser_secadmin(self):
        """A second security administrator cleared only to secret, no compartments (the
        demo's secadmin holds top_secret and every compartment)."""
        u = self.new_user()
        r = self.login("secadmin").put_if("/api/v1/users/%d/access" % u.json["id"],
                                          access(["security_admin"], level="secret"), u.etag)
        self.assertStatus(r, 200)
        c = Client(self.server)
        self.assertStatus(c.login(u.json["login"], "Temp-Password-2026"), 200)
        self.assertStatus(c.post("/api/v1/me/password",
                                 {"current_password": "Temp-Password-2026",
                                  "new_password": "Lesser-Admin-Pass-2026"}), 204)
        return c, u.json["id"]

    def new_user(self, adm=None):
        adm = adm or self.login("sysadmin")
        r = adm.post("/api/v1/users", {"login": unique("u."), "display_name": "用户",
                                       "password": "Temp-Password-2026"})
        self.assertStatus(r, 201)
        return r


class SeparationTest(ServerTestCase, RoleSetup):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lookup()

    def test_two_admin_roles_refused(self):
        sec = self.login("secadmin")
        u = self.new_user()
        for roles in (["system_admin", "security_admin"], ["system_admin", "security_auditor"],
                      ["security_admin", "security_auditor"],
                      ["system_admin", "security_admin", "security_auditor"]):
            r = sec.put_if("/api/v1/users/%d/access" % u.json["id"], access(roles), u.etag)
            self.assertJsonError(r, 422, "separation_of_duties", "roles")
        # nothing changed
        cur = sec.get("/api/v1/users/%d" % u.json["id"])
        self.assertEqual(cur.json["roles"], [])
        self.assertEqual(cur.etag, u.etag)
        # adding a second admin role to an existing administrator is refused too
        sys_id = self.users["sysadmin"]["id"]
        cur = sec.get("/api/v1/users/%d" % sys_id)
        r = sec.put_if("/api/v1/users/%d/access" % sys_id,
                       access(["system_admin", "security_auditor"], level="secret"), cur.etag)
        self.assertJsonError(r, 422, "separation_of_duties", "roles")

    def test_admin_role_with_unit_role_refused(self):
        sec = self.login("secadmin")
        u = self.new_user()
        r = sec.put_if("/api/v1/users/%d/access" % u.json["id"],
                       access(["security_auditor", "unit_member"],
                              unit_id=self.units[JINDUN]["id"]), u.etag)
        self.assertJsonError(r, 422, None, "roles")

    def test_nobody_changes_own_access(self):
        c, my_id = self.lesser_secadmin()
        cur = c.get("/api/v1/users/%d" % my_id)
        self.assertStatus(cur, 200)
        r = c.put_if("/api/v1/users/%d/access" % my_id,
                     access(["security_admin"], level="top_secret"), cur.etag)
        self.assertJsonError(r, 403, "forbidden")
        self.assertEqual(c.get("/api/v1/users/%d" % my_id).json["clearance"]["level"], "secret")
        for login in ("sysadmin", "auditor", "reviewer.js"):
            c = self.login(login)
            me = self.users[login]
            r = c.put_if("/api/v1/users/%d/access" % me["id"],
                         access(me["roles"], level="top_secret",
                                authority_id=me["authority_id"]), '"v%d"' % me["version"])
            self.assertStatus(r, 403, msg="%s changed own access: %r" % (login, r))

    def test_system_admin_cannot_assign(self):
        sysadm = self.login("sysadmin")
        u = self.new_user(sysadm)
        r = sysadm.put_if("/api/v1/users/%d/access" % u.json["id"], access(["security_auditor"]),
                          u.etag)
        self.assertJsonError(r, 403, "forbidden")
        # nor by creating a user with access (refused outright, or as forbidden)
        login = unique("u.")
        r = sysadm.post("/api/v1/users", {"login": login, "display_name": "x",
                                          "password": "Temp-Password-2026",
                                          "access": access(["security_auditor"])})
        self.assertIn(r.status, (400, 403), r)
        self.assertEqual([u for u in sysadm.get("/api/v1/users?limit=200").json["items"]
                          if u["login"] == login], [])
        # nor set labels (a security administrator's job)
        unit = self.units[JINDUN]
        cur = sysadm.get("/api/v1/units/%d" % unit["id"])
        r = sysadm.put_if("/api/v1/units/%d/label" % unit["id"],
                          {"level": "confidential", "compartments": []}, cur.etag)
        self.assertJsonError(r, 403, "forbidden")

    def test_security_admin_cannot_create_users(self):
        sec = self.login("secadmin")
        r = sec.post("/api/v1/users", {"login": unique("u."), "display_name": "x",
                                       "password": "Temp-Password-2026"})
        self.assertJsonError(r, 403, "forbidden")
        u = self.new_user()
        r = sec.patch_if("/api/v1/users/%d" % u.json["id"], {"disabled": True}, u.etag)
        self.assertJsonError(r, 403, "forbidden")
        r = sec.post("/api/v1/users/%d/password" % u.json["id"], {"password": "Other-Pass-2026x"})
        self.assertJsonError(r, 403, "forbidden")
        r = sec.post("/api/v1/units", unit_body())
        self.assertJsonError(r, 403, "forbidden")

    def test_auditor_is_read_only(self):
        aud = self.login("auditor")
        u = self.new_user()
        self.assertJsonError(aud.post("/api/v1/users", {"login": unique("u."), "display_name": "x",
                                                        "password": "Temp-Password-2026"}), 403)
        self.assertJsonError(aud.put_if("/api/v1/users/%d/access" % u.json["id"],
                                        access(["security_admin"]), u.etag), 403)
        self.assertJsonError(aud.patch_if("/api/v1/users/%d" % u.json["id"], {"display_name": "y"},
                                          u.etag), 403)
        self.assertStatus(aud.get("/api/v1/audit?limit=1"), 200)

    def test_only_auditor_reads_audit(self):
        for login in ("sysadmin", "secadmin", "reviewer.nation", "officer.jindun"):
            c = self.login(login)
            self.assertJsonError(c.get("/api/v1/audit"), 403, "forbidden")
            self.assertJsonError(c.get("/api/v1/audit/verify"), 403, "forbidden")
        self.assertJsonError(Client(self.server).get("/api/v1/audit"), 401)
        self.assertStatus(self.login("auditor").get("/api/v1/audit"), 200)

    def test_each_admin_does_its_job(self):
        sysadm = self.login("sysadmin")
        sec = self.login("secadmin")
        aud = self.login("auditor")
        # system_admin: accounts, units, authorities
        u = self.new_user(sysadm)
        r = sysadm.patch_if("/api/v1/users/%d" % u.json["id"], {"display_name": "改名"}, u.etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["display_name"], "改名")
        self.assertStatus(sysadm.post("/api/v1/units", unit_body()), 201)
        # security_admin: roles, membership, clearance and labels
        r = sec.put_if("/api/v1/users/%d/access" % u.json["id"],
                       access(["reviewer"], authority_id=self.auths["320000"]["id"],
                              level="confidential"), r.etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["roles"], ["reviewer"])
        self.assertEqual(r.json["authority_id"], self.auths["320000"]["id"])
        self.assertEqual(r.json["clearance"], {"level": "confidential", "compartments": []})
        unit = sysadm.post("/api/v1/units", unit_body())
        r = sec.put_if("/api/v1/units/%d/label" % unit.json["id"],
                       {"level": "confidential", "compartments": []}, unit.etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["label"]["level"], "confidential")
        # security_auditor: the trail
        self.assertStatus(aud.get("/api/v1/audit"), 200)
        v = aud.get("/api/v1/audit/verify")
        self.assertStatus(v, 200)
        self.assertTrue(v.json["ok"], v)

    def test_clearance_above_own_refused(self):
        sec, _ = self.lesser_secadmin()
        u = self.new_user()
        for clearance in ({"level": "top_secret", "compartments": []},
                          {"level": "internal", "compartments": ["nuclear"]}):
            body = access(["reviewer"], authority_id=self.auths["320000"]["id"])
            body["clearance"] = clearance
            r = sec.put_if("/api/v1/users/%d/access" % u.json["id"], body, u.etag)
            self.assertJsonError(r, 422, "clearance_above_own", "clearance")

    def test_system_admin_cannot_take_over_other_admins(self):
        """A password reset hands the resetter a working login (the temporary password is
        theirs). If system_admin could reset security_admin's or security_auditor's
        password, one person could act in two of the three separated roles."""
        sysadm = self.login("sysadmin")
        for login in ("secadmin", "auditor"):
            uid = self.users[login]["id"]
            r = sysadm.post("/api/v1/users/%d/password" % uid, {"password": "Takeover-Pass-2026"})
            if r.status == 200:  # undo afterwards, so that the other tests keep working
                self.addCleanup(self.server_reset_back, login)
            self.assertJsonError(r, 403)
            c = Client(self.server)
            self.assertEqual(c.login(login, "Takeover-Pass-2026").status, 401,
                             "system_admin took over %s" % login)

    def server_reset_back(self, login):
        from harness import cli
        cli("user", "passwd", login, "--password-stdin", "--data", self.server.data,
            stdin="Baomi-Demo-2026\n")
        db = self.server.db()
        db.execute("UPDATE users SET must_change_password = 0 WHERE login = ?", (login,))
        db.commit()
        db.close()

    def test_cannot_reset_own_password(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/users/%d/password" % self.users["sysadmin"]["id"],
                   {"password": "Own-Reset-Pass-2026"})
        self.assertJsonError(r, 403, "use_own_password_change")
        self.assertStatus(self.login("sysadmin").get("/api/v1/me"), 200)

    def test_cannot_disable_self(self):
        c = self.login("sysadmin")
        me = c.get("/api/v1/users/%d" % self.users["sysadmin"]["id"])
        r = c.patch_if("/api/v1/users/%d" % self.users["sysadmin"]["id"], {"disabled": True},
                       me.etag)
        self.assertJsonError(r, 422, "cannot_disable_self")

    def test_label_above_own_clearance_refused(self):
        sec, _ = self.lesser_secadmin()
        unit = self.login("sysadmin").post("/api/v1/units", unit_body())
        r = sec.put_if("/api/v1/units/%d/label" % unit.json["id"],
                       {"level": "top_secret", "compartments": []}, unit.etag)
        self.assertJsonError(r, 422, "label_above_clearance")

    def test_access_change_ends_sessions(self):
        sysadm = self.login("sysadmin")
        login = unique("s.")
        u = sysadm.post("/api/v1/users", {"login": login, "display_name": "S",
                                          "password": "Temp-Password-2026"})
        c = Client(self.server)
        self.assertStatus(c.login(login, "Temp-Password-2026"), 200)
        sec = self.login("secadmin")
        r = sec.put_if("/api/v1/users/%d/access" % u.json["id"],
                       access(["reviewer"], authority_id=self.auths["440000"]["id"]), u.etag)
        self.assertStatus(r, 200)
        self.assertJsonError(c.get("/api/v1/me"), 401)


class VisibilityTest(ServerTestCase, RoleSetup):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lookup()
        cls.auditor = cls.server.login("auditor")

    def denied_entry(self, r, actor):
        hits = [e for e in audit_all(self.auditor, actor=actor) if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1, "no single audit entry for denied %r: %r" % (r, hits))
        self.assertEqual(hits[0]["outcome"], "denied")
        return hits[0]

    def test_provincial_reviewer_other_province_404(self):
        gd = self.login("reviewer.gd")
        unit = self.units[JINDUN]  # Nanjing, Jiangsu
        r = gd.get("/api/v1/units/%d" % unit["id"])
        self.assertJsonError(r, 404, "not_found")
        # the same answer as for a unit that does not exist
        missing = gd.get("/api/v1/units/987654")
        self.assertEqual(r.status, missing.status)
        self.assertEqual(r.json["error"]["code"], missing.json["error"]["code"])
        # not listed either; its own province is
        names = [u["name"] for u in gd.get("/api/v1/units?limit=200").json["items"]]
        self.assertNotIn(JINDUN, names)
        self.assertNotIn(SUZHOU, names)
        self.assertIn(SHENZHEN, names)
        self.assertStatus(gd.get("/api/v1/units/%d" % self.units[SHENZHEN]["id"]), 200)
        e = self.denied_entry(r, "reviewer.gd")
        self.assertEqual(e["action"], "unit.read")
        self.assertEqual(e["object_type"], "unit")
        self.assertEqual(e["object_id"], str(unit["id"]))
        self.assertEqual(e["details"]["reason"], "not_visible")

    def test_low_clearance_secret_unit_404(self):
        nj = self.login("inspector.nj")  # Nanjing bureau, confidential
        unit = self.units[SECRET_UNIT]
        self.assertEqual(unit["label"]["level"], "secret")
        r = nj.get("/api/v1/units/%d" % unit["id"])
        self.assertJsonError(r, 404, "not_found")
        names = [u["name"] for u in nj.get("/api/v1/units?limit=200").json["items"]]
        self.assertNotIn(SECRET_UNIT, names)
        self.assertIn(JINDUN, names)
        e = self.denied_entry(r, "inspector.nj")
        self.assertEqual(e["object_id"], str(unit["id"]))
        # a reviewer of Jiangsu with secret clearance sees it, and that read is audited
        js = self.login("reviewer.js")
        ok = js.get("/api/v1/units/%d" % unit["id"])
        self.assertStatus(ok, 200)
        reads = [e for e in audit_all(self.auditor, actor="reviewer.js", action="unit.read")
                 if e["request_id"] == ok.rid]
        self.assertEqual(len(reads), 1)
        self.assertEqual(reads[0]["outcome"], "ok")
        # and so is a list that shows it
        lst = js.get("/api/v1/units?limit=200")
        self.assertIn(SECRET_UNIT, [u["name"] for u in lst.json["items"]])
        hits = [e for e in audit_all(self.auditor, actor="reviewer.js")
                if e["request_id"] == lst.rid]
        self.assertEqual(len(hits), 1, hits)
        self.assertIn(unit["id"], hits[0]["details"].get("classified_ids", []))

    def test_unit_member_other_unit_404(self):
        m = self.login("member.jindun")
        for name in (SUZHOU, SHENZHEN, SECRET_UNIT):
            r = m.get("/api/v1/units/%d" % self.units[name]["id"])
            self.assertJsonError(r, 404, "not_found")
        self.denied_entry(r, "member.jindun")
        own = m.get("/api/v1/units/%d" % self.units[JINDUN]["id"])
        self.assertStatus(own, 200)
        names = [u["name"] for u in m.get("/api/v1/units?limit=200").json["items"]]
        self.assertEqual(names, [JINDUN])

    def test_visible_but_forbidden_403(self):
        unit = self.units[JINDUN]
        m = self.login("member.jindun")
        cur = m.get("/api/v1/units/%d" % unit["id"])
        r = m.patch_if("/api/v1/units/%d" % unit["id"], {"phone": "025-1111 2222"}, cur.etag)
        self.assertJsonError(r, 403, "forbidden")
        e = self.denied_entry(r, "member.jindun")
        self.assertEqual(e["action"], "unit.update")
        self.assertEqual(e["details"]["reason"], "forbidden")
        js = self.login("reviewer.js")
        r = js.patch_if("/api/v1/units/%d" % unit["id"], {"phone": "025-1111 2222"}, cur.etag)
        self.assertJsonError(r, 403, "forbidden")
        # a hidden record stays hidden even for a forbidden action
        gd = self.login("reviewer.gd")
        r = gd.patch_if("/api/v1/units/%d" % unit["id"], {"phone": "025-1111 2222"}, cur.etag)
        self.assertJsonError(r, 404, "not_found")

    def test_unit_officer_updates_own_unit_only(self):
        o = self.login("officer.jindun")
        unit = self.units[JINDUN]
        cur = o.get("/api/v1/units/%d" % unit["id"])
        r = o.patch_if("/api/v1/units/%d" % unit["id"], {"phone": "025-3333 4444"}, cur.etag)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["phone"], "025-3333 4444")
        # identity fields are the registry's
        r2 = o.patch_if("/api/v1/units/%d" % unit["id"], {"uscc": "91110000101623741K"}, r.etag)
        self.assertJsonError(r2, 403, "forbidden", "uscc")
        r2 = o.patch_if("/api/v1/units/%d" % unit["id"], {"region": "320500"}, r.etag)
        self.assertJsonError(r2, 403, "forbidden", "region")
        r2 = o.patch_if("/api/v1/units/%d" % self.units[SUZHOU]["id"], {"phone": "1"}, r.etag)
        self.assertJsonError(r2, 404)

    def test_users_outside_jurisdiction_hidden(self):
        gd = self.login("reviewer.gd")
        r = gd.get("/api/v1/users/%d" % self.users["reviewer.js"]["id"])
        self.assertJsonError(r, 404)
        m = self.login("member.jindun")
        r = m.get("/api/v1/users/%d" % self.users["sysadmin"]["id"])
        self.assertJsonError(r, 404)

    def test_national_reviewer_sees_all_but_top_secret_labels_rule(self):
        n = self.login("reviewer.nation")  # national, top_secret
        names = [u["name"] for u in n.get("/api/v1/units?limit=200").json["items"]]
        for name in (JINDUN, SUZHOU, SHENZHEN, SECRET_UNIT):
            self.assertIn(name, names)

    def test_label_with_foreign_compartment_refused(self):
        sec, _ = self.lesser_secadmin()
        sysadm = self.login("sysadmin")
        unit = sysadm.post("/api/v1/units", unit_body(region="320100"))
        self.assertStatus(unit, 201)
        r = sec.put_if("/api/v1/units/%d/label" % unit.json["id"],
                       {"level": "internal", "compartments": ["nuclear"]}, unit.etag)
        # this administrator lacks the compartment: may not set a label it does not
        # dominate
        self.assertJsonError(r, 422, "label_above_clearance")
        js = self.login("reviewer.js")
        self.assertStatus(js.get("/api/v1/units/%d" % unit.json["id"]), 200)
