"""CSRF protection of cookie sessions, and API tokens."""

import time

from harness import Client, ServerTestCase, audit_all, unit_body


class CsrfTest(ServerTestCase):
    def test_mutation_without_csrf_refused(self):
        c = self.login("sysadmin")
        body = unit_body()
        r = c.post("/api/v1/units", body, csrf=False)
        self.assertJsonError(r, 403, "csrf_failed")
        self.assertEqual(r.field, "X-CSRF-Token")
        # nothing was created
        lst = c.get("/api/v1/units?limit=200")
        self.assertStatus(lst, 200)
        self.assertEqual([u for u in lst.json["items"] if u["uscc"] == body["uscc"]], [])

    def test_mutation_with_wrong_csrf_refused(self):
        c = self.login("sysadmin")
        for bad in ("wrong", c.csrf[:-1], c.csrf + "A", "", c.csrf.upper()):
            if bad == c.csrf:
                continue
            r = c.post("/api/v1/units", unit_body(), headers={"X-CSRF-Token": bad})
            self.assertJsonError(r, 403, "csrf_failed")

    def test_csrf_of_another_session_refused(self):
        a = self.login("sysadmin")
        b = self.login("sysadmin")
        self.assertNotEqual(a.csrf, b.csrf)
        r = a.post("/api/v1/units", unit_body(), headers={"X-CSRF-Token": b.csrf})
        self.assertJsonError(r, 403, "csrf_failed")

    def test_mutation_with_csrf_ok(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/units", unit_body())
        self.assertStatus(r, 201)

    def test_get_needs_no_csrf(self):
        c = self.login("sysadmin")
        self.assertStatus(c.get("/api/v1/units", csrf=False), 200)

    def test_csrf_refusal_is_audited(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/regions", {"code": "320111", "name_zh": "浦口区",
                                       "name_en": "Pukou"}, csrf=False)
        self.assertJsonError(r, 403, "csrf_failed")
        aud = self.login("auditor")
        hits = [e for e in audit_all(aud, actor="sysadmin") if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1, hits)
        self.assertEqual(hits[0]["outcome"], "denied")

    def test_bearer_needs_no_csrf(self):
        c = self.login("sysadmin")
        t = c.post("/api/v1/me/tokens", {"name": "automation", "expires_in_days": 7})
        self.assertStatus(t, 201)
        bot = Client(self.server, token=t.json["token"])
        r = bot.post("/api/v1/units", unit_body())
        self.assertStatus(r, 201)


class TokenTest(ServerTestCase):
    def test_token_lifecycle(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/me/tokens", {"name": "ci-bot", "expires_in_days": 30})
        self.assertStatus(r, 201)
        secret = r.json["token"]
        tid = r.json["id"]
        self.assertTrue(secret.startswith("bmt_"), secret)
        self.assertEqual(len(secret), 4 + 43)
        self.assertEqual(r.json["name"], "ci-bot")
        self.assertTrue(secret.startswith(r.json["hint"]))
        self.assertLessEqual(len(r.json["hint"]), 8)
        self.assertIsNone(r.json["revoked_at"])
        self.assertIsNotNone(r.json["expires_at"])
        # listed, without the secret
        lst = c.get("/api/v1/me/tokens")
        self.assertStatus(lst, 200)
        mine = [t for t in lst.json["items"] if t["id"] == tid]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("token", mine[0])
        self.assertNotIn(secret, lst.body.decode())
        self.assertNotIn(secret[4:], lst.body.decode())
        # use it
        bot = Client(self.server, token=secret)
        me = bot.get("/api/v1/me")
        self.assertStatus(me, 200)
        self.assertEqual(me.json["auth"], "token")
        self.assertEqual(me.json["user"]["login"], "sysadmin")
        self.assertNotIn("csrf_token", me.json)
        self.assertIsNone(me.header("set-cookie"))
        self.assertStatus(bot.get("/api/v1/units"), 200)
        # a token is not a session
        self.assertJsonError(bot.delete("/api/v1/session"), 403, "session_required")
        self.assertJsonError(bot.post("/api/v1/me/password", {"current_password": "x",
                                                              "new_password": "y"}),
                             403, "session_required")
        # revoke (needs CSRF with a cookie session)
        self.assertJsonError(c.delete("/api/v1/me/tokens/%d" % tid, csrf=False), 403,
                             "csrf_failed")
        self.assertStatus(bot.get("/api/v1/me"), 200)
        r = c.delete("/api/v1/me/tokens/%d" % tid)
        self.assertStatus(r, 204)
        r = bot.get("/api/v1/me")
        self.assertJsonError(r, 401, "token_revoked")
        self.assertJsonError(c.delete("/api/v1/me/tokens/%d" % tid), 409, "already_revoked")
        lst = c.get("/api/v1/me/tokens")
        self.assertIsNotNone([t for t in lst.json["items"] if t["id"] == tid][0]["revoked_at"])

    def test_token_cannot_create_tokens(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/me/tokens", {"name": "parent", "expires_in_days": 1})
        self.assertStatus(r, 201)
        bot = Client(self.server, token=r.json["token"])
        r2 = bot.post("/api/v1/me/tokens", {"name": "child", "expires_in_days": 1})
        self.assertStatus(r2, 403)
        self.assertNotIn("token", r2.json)
        lst = c.get("/api/v1/me/tokens")
        self.assertEqual([t for t in lst.json["items"] if t["name"] == "child"], [])

    def test_token_can_revoke_itself(self):
        c = self.login("secadmin")
        r = c.post("/api/v1/me/tokens", {"name": "self-revoke", "expires_in_days": 1})
        bot = Client(self.server, token=r.json["token"])
        self.assertStatus(bot.delete("/api/v1/me/tokens/%d" % r.json["id"]), 204)
        self.assertJsonError(bot.get("/api/v1/me"), 401, "token_revoked")

    def test_other_users_token_hidden(self):
        a = self.login("sysadmin")
        r = a.post("/api/v1/me/tokens", {"name": "mine", "expires_in_days": 1})
        b = self.login("secadmin")
        self.assertJsonError(b.delete("/api/v1/me/tokens/%d" % r.json["id"]), 404)
        self.assertJsonError(b.delete("/api/v1/me/tokens/999999"), 404)
        self.assertStatus(Client(self.server, token=r.json["token"]).get("/api/v1/me"), 200)

    def test_token_expiry(self):
        c = self.login("auditor")
        r = c.post("/api/v1/me/tokens", {"name": "short-lived", "expires_in_days": 1})
        self.assertStatus(r, 201)
        bot = Client(self.server, token=r.json["token"])
        self.assertStatus(bot.get("/api/v1/me"), 200)
        # Nobody waits a day: move its expiry into the past in the database.
        with self.server.db() as db:
            db.execute("UPDATE api_tokens SET expires_at = ? WHERE id = ?",
                       (int(time.time() * 1000) - 1000, r.json["id"]))
        db.close()
        self.assertJsonError(bot.get("/api/v1/me"), 401, "token_expired")

    def test_token_expiry_limits(self):
        c = self.login("sysadmin")
        for days in (0, -1, 367, 3661):
            r = c.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": days})
            self.assertJsonError(r, 400, None, "expires_in_days")
        self.assertJsonError(c.post("/api/v1/me/tokens", {"name": "x"}), 400, "missing_field",
                             "expires_in_days")
        self.assertJsonError(c.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": "7"}),
                             400, "invalid_type", "expires_in_days")
        self.assertStatus(c.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": 366}), 201)

    def test_disabled_user_token_refused(self):
        adm = self.login("sysadmin")
        from harness import unique
        login = unique("tok.")
        u = adm.post("/api/v1/users", {"login": login, "display_name": "T",
                                       "password": "Temp-Password-2026"})
        c = Client(self.server)
        c.login(login, "Temp-Password-2026")
        self.assertStatus(c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                                         "new_password": "Fresh-Password-2026"}),
                          204)
        t = c.post("/api/v1/me/tokens", {"name": "t", "expires_in_days": 1})
        self.assertStatus(t, 201)
        bot = Client(self.server, token=t.json["token"])
        self.assertStatus(bot.get("/api/v1/me"), 200)
        cur = adm.get("/api/v1/users/%d" % u.json["id"])
        self.assertStatus(adm.patch_if("/api/v1/users/%d" % u.json["id"], {"disabled": True},
                                       cur.etag), 200)
        self.assertJsonError(bot.get("/api/v1/me"), 401)
        self.assertJsonError(c.get("/api/v1/me"), 401)

    def test_token_audit(self):
        c = self.login("sysadmin")
        r = c.post("/api/v1/me/tokens", {"name": "audited", "expires_in_days": 2})
        d = c.delete("/api/v1/me/tokens/%d" % r.json["id"])
        aud = self.login("auditor")
        entries = audit_all(aud, object_type="api_token", object_id=str(r.json["id"]))
        by_rid = {e["request_id"]: e for e in entries}
        self.assertEqual(by_rid[r.rid]["action"], "api_token.create")
        self.assertEqual(by_rid[r.rid]["actor"], "sysadmin")
        self.assertEqual(by_rid[r.rid]["details"]["name"], "audited")
        self.assertEqual(by_rid[d.rid]["action"], "api_token.revoke")
        blob = str(entries)
        self.assertNotIn(r.json["token"], blob)
        self.assertNotIn(r.json["token"][4:], blob)
