"""Crash safety: SIGKILL under concurrent writes loses no acknowledged write."""

import os
import sqlite3
import threading
import time
import unittest

from harness import Client, Server, audit_all, cli, sanitizer_report, unique, unit_body


class CrashTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s = cls.server = Server(threads=2)
        s.start()
        adm = s.login("sysadmin")
        t = adm.post("/api/v1/me/tokens", {"name": "crash-writer", "expires_in_days": 1})
        assert t.status == 201, t
        token = t.json["token"]
        cls.acked_units, cls.acked_users, cls.bad = [], [], []
        lock = threading.Lock()
        stop = threading.Event()

        def unit_writer():
            bot = Client(s, token=token, timeout=10)
            while not stop.is_set():
                body = unit_body()
                try:
                    r = bot.post("/api/v1/units", body)
                except Exception:
                    return  # the server is gone
                with lock:
                    if 200 <= r.status < 300:
                        cls.acked_units.append((body["uscc"], r.json["id"], r.rid))
                    else:
                        cls.bad.append(r)

        def user_writer():
            c = Client(s, timeout=10)
            c.cookies, c.csrf = dict(adm.cookies), adm.csrf
            while not stop.is_set():
                login = unique("crash.")
                try:
                    r = c.post("/api/v1/users", {"login": login, "display_name": "C",
                                                 "password": "Crash-Password-2026"})
                except Exception:
                    return
                with lock:
                    if 200 <= r.status < 300:
                        cls.acked_users.append((login, r.json["id"], r.rid))
                    else:
                        cls.bad.append(r)

        threads = [threading.Thread(target=unit_writer) for _ in range(4)]
        threads.append(threading.Thread(target=user_writer))
        for th in threads:
            th.start()
        deadline = time.time() + 15
        while time.time() < deadline and (len(cls.acked_units) < 60 or
                                          len(cls.acked_users) < 3):
            time.sleep(0.05)
        s.kill()  # SIGKILL mid-stream
        stop.set()
        for th in threads:
            th.join(15)
        cls.killed_stderr_sanitizer = sanitizer_report(s.stderr())
        s.start()
        cls.after = s.login("auditor")
        cls.adm = s.login("sysadmin")
        cls.units = {u["uscc"]: u for u in cls.all_units()}
        cls.audit = audit_all(cls.after)
        cls.verify_api = cls.after.get("/api/v1/audit/verify")
        cls.stop_code = s.stop()
        cls.stop_sanitizer = sanitizer_report(s.stderr())

    @classmethod
    def all_units(cls):
        items, cursor = [], None
        while True:
            r = cls.adm.get("/api/v1/units?limit=200" + ("&cursor=%s" % cursor if cursor else ""))
            assert r.status == 200, r
            items += r.json["items"]
            cursor = r.json["next_cursor"]
            if not cursor:
                return items

    def test_writes_happened(self):
        self.assertGreater(len(self.acked_units), 10)
        self.assertGreater(len(self.acked_users), 0)
        self.assertEqual(self.bad, [], "writes refused under concurrency")

    def test_acknowledged_units_present(self):
        missing = [u for u in self.acked_units if u[0] not in self.units]
        self.assertEqual(missing, [], "acknowledged units lost in the crash")
        for uscc, uid, _ in self.acked_units:
            self.assertEqual(self.units[uscc]["id"], uid)

    def test_acknowledged_users_present(self):
        db = sqlite3.connect(os.path.join(self.server.data, "baomi.db"))
        logins = {r[0] for r in db.execute("SELECT login FROM users")}
        db.close()
        self.assertEqual([u for u in self.acked_users if u[0] not in logins], [])

    def test_acknowledged_writes_audited(self):
        rids = {e["request_id"]: e for e in self.audit}
        for uscc, uid, rid in self.acked_units:
            self.assertIn(rid, rids)
            self.assertEqual(rids[rid]["action"], "unit.create")
            self.assertEqual(rids[rid]["object_id"], str(uid))
        for login, uid, rid in self.acked_users:
            self.assertEqual(rids[rid]["action"], "user.create")

    def test_integrity_check(self):
        db = sqlite3.connect(os.path.join(self.server.data, "baomi.db"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        self.assertEqual(db.execute("PRAGMA foreign_key_check").fetchall(), [])
        db.close()

    def test_audit_verifies_after_crash(self):
        self.assertEqual(self.verify_api.status, 200, self.verify_api)
        self.assertTrue(self.verify_api.json["ok"], self.verify_api)
        r = cli("audit", "verify", "--data", self.server.data)
        self.assertEqual(r.code, 0, r)

    def test_restarted_server_stops_cleanly(self):
        self.assertIsNone(self.killed_stderr_sanitizer)
        self.assertEqual(self.stop_code, 0)
        self.assertIsNone(self.stop_sanitizer, self.stop_sanitizer)
