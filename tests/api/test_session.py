"""Login, lockout, rate limit, session expiry, logout, forced password change."""

import statistics
import threading
import time

from harness import DEMO_PASSWORD, Client, ServerTestCase, audit_all, unique


class LoginTest(ServerTestCase):
    config = {"lockout_failures": 3, "lockout_window": 60, "lockout_duration": 2}

    def test_login_success(self):
        c = Client(self.server)
        r = c.login("sysadmin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["user"]["login"], "sysadmin")
        self.assertEqual(r.json["user"]["roles"], ["system_admin"])
        self.assertEqual(r.json["auth"], "session")
        self.assertTrue(r.json["csrf_token"])
        self.assertNotIn("pw_hash", r.json["user"])
        cookie = r.header("set-cookie")
        self.assertIn("bm_session=", cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertIn("Path=/", cookie)
        self.assertNotIn("Secure", cookie)  # plain HTTP here; see the TLS test
        self.assertNotIn(c.session, r.body.decode())  # the session token only in the cookie
        me = c.get("/api/v1/me")
        self.assertStatus(me, 200)
        self.assertEqual(me.json["user"]["login"], "sysadmin")
        self.assertEqual(me.json["csrf_token"], r.json["csrf_token"])

    def test_sessions_keep_the_real_clock(self):
        """A test build's business clock (X-Baomi-Test-Now) never applies to logins,
        password changes or tokens: a session opened with a past date stays valid."""
        c = Client(self.server)
        c.now = "2026-01-05"
        r = c.login("reviewer.js")
        self.assertStatus(r, 200)
        # the login answer names the business day too
        self.assertEqual(r.json["today"], "2026-01-05")
        self.assertStatus(c.get("/api/v1/me"), 200)
        self.assertStatus(c.get("/api/v1/applications"), 200)
        c.now = "2027-06-01"
        me = c.get("/api/v1/me")
        self.assertStatus(me, 200)
        # the business day the rules apply, which date fields default to
        self.assertEqual(me.json["today"], "2027-06-01")

    def test_login_failure_same_answer(self):
        c = Client(self.server)
        wrong = c.login("auditor", "not-the-password-1")
        unknown = c.login("nobody.here", "not-the-password-1")
        for r in (wrong, unknown):
            self.assertJsonError(r, 401, "invalid_credentials")
            self.assertIsNone(r.header("set-cookie"))
            self.assertNotIn("bm_session", c.cookies)
        self.assertEqual(wrong.json, unknown.json)
        self.assertEqual(wrong.body, unknown.body)
        # and a disabled-looking or locked account gives the same answer (checked below)

    def test_login_timing_unknown_vs_wrong(self):
        c = Client(self.server)

        def timed(login):
            t = time.perf_counter()
            r = c.login(login, "Wrong-Password-123")
            self.assertStatus(r, 401)
            return time.perf_counter() - t

        # interleave to spread noise evenly; expert.js is never used elsewhere with
        # a wrong password, and 2 failures stay below the lockout threshold of 3 ...
        # so use distinct accounts for the "wrong password" side.
        wrong, unknown = [], []
        for i, login in enumerate(["expert.js", "approver.js", "inspector.nj", "reviewer.nation",
                                   "expert.js", "approver.js", "inspector.nj"]):
            wrong.append(timed(login))
            unknown.append(timed(unique("ghost.")))
        mw, mu = statistics.median(wrong), statistics.median(unknown)
        self.assertLess(abs(mw - mu), max(0.5 * max(mw, mu), 0.03),
                        "login for an unknown user (median %.3fs) and a wrong password "
                        "(median %.3fs) take clearly different times" % (mu, mw))
        # reset the failure counters of those accounts
        for login in ("expert.js", "approver.js", "inspector.nj", "reviewer.nation"):
            self.assertStatus(Client(self.server).login(login), 200)

    def test_lockout(self):
        adm = self.login("sysadmin")
        target = adm.post("/api/v1/users", {"login": unique("lock."), "display_name": "Lock",
                                            "password": "Initial-Pass-2026"})
        self.assertStatus(target, 201)
        login, uid = target.json["login"], target.json["id"]
        before = Client(self.server)
        self.assertStatus(before.login(login, "Initial-Pass-2026"), 200)
        c = Client(self.server)
        for _ in range(3):
            self.assertJsonError(c.login(login, "Wrong-Password-xx"), 401, "invalid_credentials")
        # locked: even the right password is refused, with the same answer
        r = c.login(login, "Initial-Pass-2026")
        self.assertJsonError(r, 401, "invalid_credentials")
        self.assertEqual(r.json, c.login("no.such.user", "Initial-Pass-2026").json)
        u = adm.get("/api/v1/users/%d" % uid)
        self.assertStatus(u, 200)
        self.assertTrue(u.json["locked"], u)
        # a locked account's existing session stops working
        self.assertJsonError(before.get("/api/v1/me"), 401)
        # the lock and the refused attempt are in the audit trail
        aud = self.login("auditor")
        entries = audit_all(aud, object_type="user", object_id=str(uid))
        actions = [(e["action"], e["outcome"]) for e in entries]
        self.assertIn(("user.lock", "ok"), actions)
        reasons = [e["details"].get("reason") for e in entries
                   if e["action"] == "session.login" and e["outcome"] == "failure"]
        self.assertEqual(reasons.count("wrong_password"), 3, entries)
        self.assertIn("locked", reasons)
        time.sleep(2.3)
        r = c.login(login, "Initial-Pass-2026")
        self.assertStatus(r, 200)
        self.assertFalse(r.json["user"]["locked"])

    def test_wrong_current_password_counts_towards_lockout(self):
        adm = self.login("sysadmin")
        t = adm.post("/api/v1/users", {"login": unique("guess."), "display_name": "G",
                                       "password": "Initial-Pass-2026"})
        self.assertStatus(t, 201)
        c = Client(self.server)
        self.assertStatus(c.login(t.json["login"], "Initial-Pass-2026"), 200)
        for _ in range(3):
            r = c.post("/api/v1/me/password", {"current_password": "Guessed-Pass-2026",
                                               "new_password": "Brand-New-Pass-2026"})
            self.assertIn(r.status, (400, 401), r)
        # locked now: the session is gone and the right password is refused
        self.assertJsonError(c.get("/api/v1/me"), 401)
        self.assertJsonError(Client(self.server).login(t.json["login"], "Initial-Pass-2026"),
                             401, "invalid_credentials")
        self.assertTrue(adm.get("/api/v1/users/%d" % t.json["id"]).json["locked"])

    def test_success_resets_failure_count(self):
        adm = self.login("sysadmin")
        t = adm.post("/api/v1/users", {"login": unique("reset."), "display_name": "R",
                                       "password": "Initial-Pass-2026"})
        self.assertStatus(t, 201)
        c = Client(self.server)
        for _ in range(2):
            self.assertStatus(c.login(t.json["login"], "Wrong-Password-xx"), 401)
        self.assertStatus(c.login(t.json["login"], "Initial-Pass-2026"), 200)
        for _ in range(2):
            self.assertStatus(c.login(t.json["login"], "Wrong-Password-xx"), 401)
        self.assertStatus(c.login(t.json["login"], "Initial-Pass-2026"), 200)

    def test_disabled_account_same_answer(self):
        adm = self.login("sysadmin")
        t = adm.post("/api/v1/users", {"login": unique("dis."), "display_name": "D",
                                       "password": "Initial-Pass-2026"})
        self.assertStatus(t, 201)
        self.assertStatus(adm.patch_if("/api/v1/users/%d" % t.json["id"], {"disabled": True},
                                       t.etag), 200)
        r = Client(self.server).login(t.json["login"], "Initial-Pass-2026")
        self.assertJsonError(r, 401, "invalid_credentials")

    def test_logout(self):
        c = self.login("reviewer.js")
        token = c.session
        self.assertStatus(c.get("/api/v1/me"), 200)
        r = c.logout()
        self.assertStatus(r, 204)
        sc = r.header("set-cookie")
        self.assertIn("bm_session=;", sc)
        self.assertIn("Max-Age=0", sc)
        self.assertNotIn("bm_session", c.cookies)
        # the old cookie no longer works
        old = Client(self.server)
        old.cookies["bm_session"] = token
        self.assertJsonError(old.get("/api/v1/me"), 401, "unauthenticated")
        self.assertJsonError(c.get("/api/v1/me"), 401, "unauthenticated")

    def test_logout_needs_csrf(self):
        c = self.login("reviewer.js")
        self.assertJsonError(c.delete("/api/v1/session", csrf=False), 403, "csrf_failed")
        self.assertStatus(c.get("/api/v1/me"), 200)

    def test_unauthenticated(self):
        c = Client(self.server)
        r = c.get("/api/v1/me")
        self.assertJsonError(r, 401, "unauthenticated")
        self.assertIn("Bearer", r.header("www-authenticate") or "")
        self.assertJsonError(c.get("/api/v1/units"), 401)
        c.cookies["bm_session"] = "garbage"
        self.assertJsonError(c.get("/api/v1/me"), 401, "unauthenticated")
        c.cookies["bm_session"] = "A" * 43
        self.assertJsonError(c.get("/api/v1/me"), 401, "unauthenticated")
        c = Client(self.server, token="bmt_" + "A" * 43)
        self.assertJsonError(c.get("/api/v1/me"), 401, "invalid_token")
        r = Client(self.server).get("/api/v1/me", headers={"Authorization": "Basic YTpi"})
        self.assertJsonError(r, 401)

    def test_login_with_stale_cookie(self):
        """A browser still holding an old session cookie (the cookie is HttpOnly, so
        script cannot drop it) must be able to log in again."""
        c = self.login("reviewer.js")
        stale = c.session
        self.assertStatus(c.logout(), 204)
        c.cookies["bm_session"] = stale
        c.csrf = None
        r = c.login("reviewer.js")
        self.assertStatus(r, 200, msg="login with a stale session cookie refused: %r" % (r,))

    def test_login_body_validation(self):
        c = Client(self.server)
        self.assertJsonError(c.post("/api/v1/session", {"login": "sysadmin"}), 400,
                             "missing_field", "password")
        self.assertJsonError(c.post("/api/v1/session", {"login": "sysadmin", "password": 1}),
                             400, "invalid_type", "password")
        self.assertJsonError(c.post("/api/v1/session", {"login": "sysadmin", "password": "x",
                                                        "remember": True}), 400, "unknown_field",
                             "remember")


class RateLimitTest(ServerTestCase):
    config = {"login_rate_per_minute": 20, "login_rate_burst": 3}

    def test_login_rate_limit(self):
        c = Client(self.server)
        statuses = []
        for _ in range(6):
            statuses.append(c.login("nobody.x", "Wrong-Password-1").status)
            if statuses[-1] == 429:
                break
        # the burst (3) is answered normally, then the address is limited
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertTrue(all(st == 401 for st in statuses[:-1]), statuses)
        self.assertLessEqual(len(statuses) - 1, 3, statuses)
        r = c.login("sysadmin")
        self.assertJsonError(r, 429, "rate_limited")
        ra = r.header("retry-after")
        self.assertIsNotNone(ra, "429 without Retry-After")
        self.assertTrue(ra.isdigit() and 1 <= int(ra) <= 60, ra)
        # refused before any password work: even the right password gets 429
        self.assertIsNone(r.header("set-cookie"))
        time.sleep(int(ra) + 0.2)
        self.assertStatus(c.login("sysadmin"), 200)
        # read the trail straight from the database: another login would wait for a token
        db = self.server.db()
        rows = db.execute("SELECT outcome, action FROM audit_log WHERE request_id = ?",
                          (r.rid,)).fetchall()
        db.close()
        self.assertEqual([tuple(x) for x in rows], [("rate_limited", "session.login")],
                         "no rate_limited audit entry")

class RefusalAuditLimitTest(ServerTestCase):
    config = {"refusal_audit_per_minute": 5}

    def test_anonymous_refusals_audit_bounded(self):
        anon = Client(self.server)
        rids = set()
        for _ in range(20):
            r = anon.get("/api/v1/units")
            self.assertJsonError(r, 401)
            rids.add(r.rid)
        aud = self.login("auditor")
        entries = [e for e in audit_all(aud, action="request.denied") if e["request_id"] in rids]
        self.assertGreaterEqual(len(entries), 1, "anonymous refusals not audited at all")
        self.assertLessEqual(len(entries), 6, "anonymous refusals audited without bound")


class IdleExpiryTest(ServerTestCase):
    config = {"session_idle_timeout": 2, "session_absolute_timeout": 600,
              "lockout_failures": 3, "lockout_window": 2, "lockout_duration": 600}

    def test_failures_outside_window_do_not_lock(self):
        adm = self.login("sysadmin")
        t = adm.post("/api/v1/users", {"login": unique("win."), "display_name": "W",
                                       "password": "Initial-Pass-2026"})
        self.assertStatus(t, 201)
        c = Client(self.server)
        for _ in range(2):
            self.assertStatus(c.login(t.json["login"], "Wrong-Password-xx"), 401)
        time.sleep(2.3)  # the window (2 s) has passed: counting starts again
        for _ in range(2):
            self.assertStatus(c.login(t.json["login"], "Wrong-Password-xx"), 401)
        self.assertStatus(c.login(t.json["login"], "Initial-Pass-2026"), 200)
        # three within the window do lock (for 600 s here)
        for _ in range(3):
            self.assertStatus(c.login(t.json["login"], "Wrong-Password-xx"), 401)
        self.assertStatus(c.login(t.json["login"], "Initial-Pass-2026"), 401)

    def test_idle_expiry(self):
        c = self.login("reviewer.js")
        self.assertStatus(c.get("/api/v1/me"), 200)
        self.assertEqual(c.get("/api/v1/me").json["session_idle_timeout"], 2)
        time.sleep(2.6)
        r = c.get("/api/v1/me")
        self.assertJsonError(r, 401, "session_expired")
        self.assertIn("inactiv", r.error["message"])
        self.assertIn("Max-Age=0", r.header("set-cookie") or "", "expired cookie not cleared")
        # the session is gone for good
        self.assertJsonError(c.get("/api/v1/me"), 401)
        # and the user can log in again
        self.assertStatus(Client(self.server).login("reviewer.js"), 200)

    def test_activity_keeps_session_alive(self):
        """An idle timeout counts inactivity: a session used every 0.5 s must outlive it."""
        c = self.login("expert.js")
        start = time.time()
        while time.time() - start < 3.5:
            r = c.get("/api/v1/me")
            self.assertStatus(r, 200, msg="session in active use expired after %.1fs "
                              "(idle timeout 2 s): %r" % (time.time() - start, r))
            time.sleep(0.5)


class AbsoluteExpiryTest(ServerTestCase):
    config = {"session_idle_timeout": 600, "session_absolute_timeout": 2}

    def test_absolute_expiry(self):
        c = self.login("reviewer.js")
        time.sleep(1.0)
        self.assertStatus(c.get("/api/v1/me"), 200)
        time.sleep(1.5)
        r = c.get("/api/v1/me")
        self.assertJsonError(r, 401, "session_expired")
        self.assertIn("maximum age", r.error["message"])


class PasswordChangeTest(ServerTestCase):
    def test_must_change_password_flow(self):
        adm = self.login("sysadmin")
        login = unique("newbie.")
        r = adm.post("/api/v1/users", {"login": login, "display_name": "新用户",
                                       "password": "Temp-Password-2026"})
        self.assertStatus(r, 201)
        self.assertTrue(r.json["must_change_password"])
        c = Client(self.server)
        r = c.login(login, "Temp-Password-2026")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["user"]["must_change_password"])
        # everything but the own account and the password change is refused
        for path in ("/api/v1/units", "/api/v1/authorities", "/api/v1/me/tokens",
                     "/api/v1/regions"):
            self.assertJsonError(c.get(path), 403, "password_change_required")
        self.assertJsonError(c.post("/api/v1/me/tokens", {"name": "x", "expires_in_days": 1}),
                             403, "password_change_required")
        self.assertStatus(c.get("/api/v1/me"), 200)
        # wrong current password
        r = c.post("/api/v1/me/password", {"current_password": "nope-nope-nope",
                                           "new_password": "Brand-New-Pass-2026"})
        self.assertJsonError(r, 400, "wrong_password", "current_password")
        # weak new password
        r = c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                           "new_password": "short"})
        self.assertJsonError(r, 400, "weak_password", "new_password")
        r = c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                           "new_password": login})
        self.assertJsonError(r, 400, "weak_password", "new_password")
        r = c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                           "new_password": "Temp-Password-2026"})
        self.assertJsonError(r, 400, "weak_password", "new_password")
        # without CSRF
        r = c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                           "new_password": "Brand-New-Pass-2026"}, csrf=False)
        self.assertJsonError(r, 403, "csrf_failed")
        r = c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                           "new_password": "Brand-New-Pass-2026"})
        self.assertStatus(r, 204)
        # the current session continues and is no longer restricted
        me = c.get("/api/v1/me")
        self.assertStatus(me, 200)
        self.assertFalse(me.json["user"]["must_change_password"])
        self.assertStatus(c.get("/api/v1/me/tokens"), 200)
        # old password refused, new one works
        self.assertStatus(Client(self.server).login(login, "Temp-Password-2026"), 401)
        self.assertStatus(Client(self.server).login(login, "Brand-New-Pass-2026"), 200)

    def test_password_change_ends_other_sessions(self):
        adm = self.login("sysadmin")
        login = unique("multi.")
        r = adm.post("/api/v1/users", {"login": login, "display_name": "M",
                                       "password": "Temp-Password-2026"})
        self.assertStatus(r, 201)
        a = Client(self.server)
        b = Client(self.server)
        self.assertStatus(a.login(login, "Temp-Password-2026"), 200)
        self.assertStatus(b.login(login, "Temp-Password-2026"), 200)
        self.assertStatus(a.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                                         "new_password": "Another-Pass-2026"}),
                          204)
        self.assertStatus(a.get("/api/v1/me"), 200)
        self.assertJsonError(b.get("/api/v1/me"), 401)

    def test_reset_by_admin_forces_change(self):
        adm = self.login("sysadmin")
        login = unique("reset.")
        r = adm.post("/api/v1/users", {"login": login, "display_name": "R",
                                       "password": "Temp-Password-2026"})
        self.assertStatus(r, 201)
        c = Client(self.server)
        self.assertStatus(c.login(login, "Temp-Password-2026"), 200)
        self.assertStatus(c.post("/api/v1/me/password", {"current_password": "Temp-Password-2026",
                                                         "new_password": "Another-Pass-2026"}),
                          204)
        tok = c.post("/api/v1/me/tokens", {"name": "before-reset", "expires_in_days": 1})
        self.assertStatus(tok, 201)
        bot = Client(self.server, token=tok.json["token"])
        self.assertStatus(bot.get("/api/v1/me"), 200)
        r = adm.post("/api/v1/users/%d/password" % r.json["id"], {"password": "Reset-Pass-2026x"})
        self.assertStatus(r, 200)
        self.assertTrue(r.json["must_change_password"])
        # the reset ended the user's sessions and API tokens
        self.assertJsonError(c.get("/api/v1/me"), 401)
        self.assertJsonError(bot.get("/api/v1/me"), 401)
        c = Client(self.server)
        self.assertStatus(c.login(login, "Reset-Pass-2026x"), 200)
        self.assertJsonError(c.get("/api/v1/units"), 403, "password_change_required")
        # weak reset refused
        r = adm.post("/api/v1/users/%d/password" % r.json["id"], {"password": "short"})
        self.assertJsonError(r, 400, "weak_password", "password")
