"""The `baomi` command line: user management, migrate, backup/restore, help."""

import os
import shutil
import sqlite3
import subprocess
import time
import unittest

from harness import (BIN, DEFAULT_CONFIG, Client, Server, cli, copy_data_dir, free_port,
                     new_data_dir, sanitizer_report, tmpdir, unit_body)


def rows(data, sql, args=()):
    db = sqlite3.connect(os.path.join(data, "baomi.db"))
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


class CliTestBase(unittest.TestCase):
    problems = []

    @classmethod
    def setUpClass(cls):
        cls.problems = []

    @classmethod
    def tearDownClass(cls):
        if cls.problems:
            raise AssertionError("servers did not stop cleanly:\n" + "\n".join(cls.problems))

    def start(self, data, pw=None):
        s = Server(data=data, admin_password=pw)
        s.start()
        self.addCleanup(self.stop, s)
        return s

    def stop(self, s):
        if not s.running():
            return
        code = s.stop()
        bad = sanitizer_report(s.stderr())
        if code != 0 or bad:
            type(self).problems.append("%s: exit %s %s" % (self.id(), code, bad or ""))


class CliUserTest(CliTestBase):
    def test_help_and_usage(self):
        r = cli("help")
        self.assertEqual(r.code, 0, r)
        for cmd in ("init", "serve", "migrate", "user", "audit", "backup", "restore"):
            self.assertIn(cmd, r.out)
        r = cli("help", "user")
        self.assertEqual(r.code, 0, r)
        self.assertIn("user add", r.out)
        self.assertEqual(cli("help", "frobnicate").code, 2)
        r = cli("frobnicate")
        self.assertEqual(r.code, 2, r)
        self.assertIn("unknown command", r.err)
        self.assertEqual(cli().code, 2)
        self.assertEqual(cli("--version").code, 0)
        self.assertEqual(cli("user").code, 2)
        self.assertEqual(cli("user", "frob").code, 2)
        self.assertEqual(cli("audit").code, 2)
        self.assertEqual(cli("backup").code, 2)

    def test_user_commands(self):
        data, _ = new_data_dir()
        auths = {r["region"]: r["id"] for r in rows(data, "SELECT id, region FROM authorities")}
        before = rows(data, "SELECT MAX(seq) AS m FROM audit_log")[0]["m"]
        # weak password refused
        r = cli("user", "add", "cli.weak", "--name", "Weak", "--password-stdin", "--data", data,
                stdin="short\n")
        self.assertEqual(r.code, 1, r)
        self.assertIn("12", r.err)
        # two administrator roles refused
        r = cli("user", "add", "cli.two", "--name", "Two", "--role", "system_admin", "--role",
                "security_auditor", "--password-stdin", "--data", data,
                stdin="Cli-Password-2026\n")
        self.assertEqual(r.code, 1, r)
        self.assertIn("mutually exclusive", r.err)
        r = cli("user", "add", "cli.bad", "--name", "Bad", "--role", "emperor", "--data", data)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(rows(data, "SELECT login FROM users WHERE login LIKE 'cli.%'"), [])
        # a good one
        r = cli("user", "add", "cli.user", "--name", "命令行用户", "--role", "reviewer",
                "--authority", str(auths["320000"]), "--clearance", "confidential",
                "--password-stdin", "--data", data, stdin="Cli-Password-2026\n")
        self.assertEqual(r.code, 0, r)
        self.assertIn("created user cli.user", r.out)
        self.assertNotIn("Cli-Password-2026", r.out + r.err)
        # generated password
        r = cli("user", "add", "cli.gen", "--name", "Generated", "--data", data)
        self.assertEqual(r.code, 0, r)
        gen = [l.split(":", 1)[1].strip() for l in r.out.splitlines() if l.startswith("password:")]
        self.assertEqual(len(gen), 1, r)
        self.assertGreaterEqual(len(gen[0]), 12)
        # duplicate
        r = cli("user", "add", "cli.user", "--name", "Again", "--password-stdin", "--data", data,
                stdin="Cli-Password-2026\n")
        self.assertEqual(r.code, 1, r)
        r = cli("user", "list", "--data", data)
        self.assertEqual(r.code, 0, r)
        self.assertIn("cli.user", r.out)
        self.assertIn("reviewer", r.out)
        r = cli("user", "passwd", "cli.user", "--password-stdin", "--data", data,
                stdin="Reset-Password-2026\n")
        self.assertEqual(r.code, 0, r)
        r = cli("user", "passwd", "cli.user", "--password-stdin", "--data", data, stdin="weak\n")
        self.assertEqual(r.code, 1, r)
        r = cli("user", "passwd", "nobody.at.all", "--password-stdin", "--data", data,
                stdin="Reset-Password-2026\n")
        self.assertEqual(r.code, 1, r)
        # the server sees the same accounts
        s = self.start(data)
        c = Client(s)
        r = c.login("cli.user", "Reset-Password-2026")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["user"]["must_change_password"])
        self.assertEqual(r.json["user"]["roles"], ["reviewer"])
        self.assertEqual(r.json["user"]["clearance"]["level"], "confidential")
        self.assertEqual(Client(s).login("cli.gen", gen[0]).status, 200)
        # disable while the server runs
        r = cli("user", "disable", "cli.user", "--data", data)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(c.get("/api/v1/me").status, 401)
        self.assertEqual(Client(s).login("cli.user", "Reset-Password-2026").status, 401)
        self.stop(s)
        # audit entries, by the operator
        entries = rows(data, "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq", (before,))
        ops = [(e["action"], e["actor_login"], e["outcome"]) for e in entries
               if e["actor_login"] == "operator"]
        self.assertIn(("user.create", "operator", "ok"), ops)
        self.assertEqual([a for a, _, _ in ops].count("user.create"), 2)
        self.assertIn(("user.password_reset", "operator", "ok"), ops)
        self.assertIn(("user.disable", "operator", "ok"), ops)
        uid = str(rows(data, "SELECT id FROM users WHERE login = 'cli.user'")[0]["id"])
        self.assertEqual([e["action"] for e in entries
                          if e["actor_login"] == "operator" and e["object_id"] == uid],
                         ["user.create", "user.password_reset", "user.disable"])
        for e in entries:
            for secret in ("Cli-Password-2026", "Reset-Password-2026", gen[0]):
                self.assertNotIn(secret, e["details"])
        r = cli("audit", "verify", "--data", data)
        self.assertEqual(r.code, 0, r)

    def test_migrate(self):
        data, _ = new_data_dir()
        r = cli("migrate", "--data", data)
        self.assertEqual(r.code, 0, r)
        self.assertIn("0 migrations applied", r.out)
        r = cli("migrate", "--data", data, "extra")
        self.assertEqual(r.code, 2, r)

    def test_newer_schema_refused(self):
        data, _ = new_data_dir()
        db = sqlite3.connect(os.path.join(data, "baomi.db"))
        db.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                   "VALUES (9999, 'from_the_future', 'x', 0)")
        db.commit()
        db.close()
        port = free_port()
        p = subprocess.run([BIN, "serve", "--data", data, "--listen", "127.0.0.1:%d" % port,
                            "--threads", "1"], capture_output=True, text=True, timeout=30)
        self.assertIsNone(sanitizer_report(p.stderr), p.stderr[-2000:])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("9999", p.stderr)
        self.assertIn("upgrade", p.stderr)
        r = cli("migrate", "--data", data)
        self.assertEqual(r.code, 1, r)
        self.assertIn("9999", r.err)
        # and user commands refuse it too
        r = cli("user", "list", "--data", data)
        self.assertEqual(r.code, 1, r)

    def test_not_initialised(self):
        d = tmpdir("empty")
        r = cli("serve", "--data", d, "--listen", "127.0.0.1:%d" % free_port())
        self.assertEqual(r.code, 1, r)
        self.assertIn("init", r.err)
        r = cli("user", "list", "--data", d)
        self.assertEqual(r.code, 1, r)
        # init twice refused
        data, _ = new_data_dir()
        r = cli("init", "--data", data)
        self.assertEqual(r.code, 1, r)
        self.assertIn("already", r.err)

    def test_cli_reads_the_servers_scheme_directory(self):
        """BAOMI_SCHEMES points the CLI where it points the server."""
        data, _ = new_data_dir()
        empty = tmpdir("schemes-empty")
        r = cli("user", "list", "--data", data, env={"BAOMI_SCHEMES": empty})
        self.assertEqual(r.code, 1, r)
        self.assertIn("no scheme files", r.err)
        copy = tmpdir("schemes-copy")
        root = os.environ.get("BAOMI_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
        for name in os.listdir(os.path.join(root, "data", "schemes")):
            shutil.copy(os.path.join(root, "data", "schemes", name), copy)
        r = cli("user", "list", "--data", data, env={"BAOMI_SCHEMES": copy})
        self.assertEqual(r.code, 0, r)
        self.assertIn("sysadmin", r.out)

    def test_second_server_refused(self):
        data, _ = new_data_dir()
        s = self.start(data)
        r = cli("serve", "--data", data, "--listen", "127.0.0.1:%d" % free_port(), timeout=30)
        self.assertEqual(r.code, 1, r)
        self.assertIn("another baomi server", r.err)
        self.assertEqual(Client(s).get("/healthz").status, 200)

    def test_bad_config_refused(self):
        data, _ = new_data_dir()
        for cfg in ('{"session_idle_timeout": 0}', '{"no_such_setting": 1}', "{",
                    '{"lockout_failures": "3"}',
                    '{"annual_report_due_by_scheme": {"military": "02-29"}}',
                    '{"annual_report_due_by_scheme": {"military": "4-30"}}',
                    '{"annual_report_due_by_scheme": {"military": 430}}',
                    '{"annual_report_due_by_scheme": ["military"]}'):
            with open(os.path.join(data, "config.json"), "w") as f:
                f.write(cfg)
            r = cli("serve", "--data", data, "--listen", "127.0.0.1:%d" % free_port(),
                    timeout=30)
            self.assertEqual(r.code, 1, (cfg, r))
            self.assertIn("config.json", r.err)


class CliBackupTest(CliTestBase):
    def test_backup_and_restore(self):
        data, _ = new_data_dir()
        s = self.start(data)
        adm = s.login("sysadmin")
        before = adm.post("/api/v1/units", unit_body())
        self.assertEqual(before.status, 201)
        out = tmpdir("backup")
        f = os.path.join(out, "baomi-backup.db")
        r = cli("backup", f, "--data", data)
        self.assertEqual(r.code, 0, r)
        self.assertIn("backup written", r.out)
        self.assertIn("audit trail ok", r.out)
        self.assertTrue(os.path.exists(f))
        self.assertFalse(os.path.exists(f + ".partial"))
        # not over an existing file
        self.assertEqual(cli("backup", f, "--data", data).code, 1)
        # the backup is sound on its own
        check = os.path.join(tmpdir("check"), "data")
        os.makedirs(check)
        shutil.copy(f, os.path.join(check, "baomi.db"))
        r = cli("audit", "verify", "--data", check, "--pubkey",
                os.path.join(data, "keys", "audit.pub"))
        self.assertEqual(r.code, 0, r)
        db = sqlite3.connect(f)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(db.execute("SELECT COUNT(*) FROM units WHERE uscc = ?",
                                    (before.json["uscc"],)).fetchone()[0], 1)
        db.close()
        # a write after the backup
        after = adm.post("/api/v1/units", unit_body())
        self.assertEqual(after.status, 201)
        # restore refuses while the server runs
        r = cli("restore", f, "--data", data)
        self.assertEqual(r.code, 1, r)
        self.assertIn("running", r.err)
        self.assertEqual(adm.get("/api/v1/units/%d" % after.json["id"]).status, 200)
        self.stop(s)
        # a damaged backup is refused and changes nothing
        bad = os.path.join(out, "damaged.db")
        with open(f, "rb") as src, open(bad, "wb") as dst:
            blob = bytearray(src.read())
            blob[len(blob) // 2: len(blob) // 2 + 4096] = b"\x00" * 4096
            dst.write(blob)
        r = cli("restore", bad, "--data", data)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(len(rows(data, "SELECT id FROM units WHERE id = ?", (after.json["id"],))),
                         1)
        # restore when stopped
        r = cli("restore", f, "--data", data)
        self.assertEqual(r.code, 0, r)
        s = self.start(data)
        adm = s.login("sysadmin")
        self.assertEqual(adm.get("/api/v1/units/%d" % before.json["id"]).status, 200)
        self.assertEqual(adm.get("/api/v1/units/%d" % after.json["id"]).status, 404)
        aud = s.login("auditor")
        v = aud.get("/api/v1/audit/verify")
        self.assertTrue(v.json["ok"], v)
        self.stop(s)
        self.assertEqual(cli("audit", "verify", "--data", data).code, 0)
