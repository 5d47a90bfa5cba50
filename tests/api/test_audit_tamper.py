"""`baomi audit verify` catches every way of rewriting the trail behind the server's back."""

import os
import re
import shutil
import sqlite3
import unittest

from harness import (DEFAULT_CONFIG, Client, Server, init_data_dir, audit_entry_encode, cli, copy_data_dir, merkle_leaf,
                     merkle_roots, sanitizer_report, tmpdir, unit_body)

HEAD_INTERVAL = 4
FAILED_RE = re.compile(r"FAILED verification at entry (\d+)")


class AuditTamperTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = dict(DEFAULT_CONFIG, audit_head_interval=HEAD_INTERVAL)
        data = os.path.join(tmpdir("tamper-src"), "data")
        pw = init_data_dir(data, config)
        cls.server = Server(data=data, admin_password=pw, config=config)
        cls.server.start()
        adm = cls.server.login("sysadmin")
        for _ in range(30):
            r = adm.post("/api/v1/units", unit_body())
            if r.status != 201:
                raise AssertionError(r)
        cls.server.login("auditor")
        code = cls.server.stop()
        bad = sanitizer_report(cls.server.stderr())
        cls.stop_problem = None
        if code != 0 or bad:
            cls.stop_problem = "server exit %s, sanitizer: %s" % (code, bad)
        cls.data = cls.server.data
        db = sqlite3.connect(os.path.join(cls.data, "baomi.db"))
        cls.n = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        cls.heads = [r[0] for r in db.execute("SELECT size FROM audit_heads ORDER BY size")]
        db.close()

    # -- helpers

    def copy(self):
        d = os.path.join(tmpdir("tamper"), "data")
        copy_data_dir(self.data, d)
        return d

    def open_untriggered(self, data):
        db = sqlite3.connect(os.path.join(data, "baomi.db"))
        db.row_factory = sqlite3.Row
        for t in ("audit_log_no_update", "audit_log_no_delete", "audit_heads_no_update",
                  "audit_heads_no_delete"):
            db.execute("DROP TRIGGER %s" % t)
        return db

    def verify(self, data):
        return cli("audit", "verify", "--data", data)

    def assertCaught(self, data, seq=None):
        r = self.verify(data)
        self.assertEqual(r.code, 1, "tampering not detected: %r" % r)
        m = FAILED_RE.search(r.out)
        self.assertIsNotNone(m, "no first bad sequence number named: %r" % r)
        if seq is not None:
            self.assertEqual(int(m.group(1)), seq, r)
        return int(m.group(1))

    def row(self, db, seq):
        return dict(db.execute("SELECT * FROM audit_log WHERE seq = ?", (seq,)).fetchone())

    # -- the baseline

    def test_server_stopped_cleanly(self):
        self.assertIsNone(self.stop_problem)

    def test_setup_has_heads(self):
        self.assertGreaterEqual(self.n, 40)
        self.assertIn(HEAD_INTERVAL, self.heads)
        self.assertIn(self.n, self.heads, "no signed head at shutdown")
        missing = set(range(HEAD_INTERVAL, self.n, HEAD_INTERVAL)) - set(self.heads)
        self.assertEqual(missing, set(), "no signed head at these sizes")

    def test_original_verifies(self):
        r = self.verify(self.data)
        self.assertEqual(r.code, 0, r)
        self.assertIn("audit trail ok", r.out)
        self.assertIn("%d entries" % self.n, r.out)
        db = sqlite3.connect(os.path.join(self.data, "baomi.db"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        db.close()

    def test_python_model_matches_stored_roots(self):
        db = sqlite3.connect(os.path.join(self.data, "baomi.db"))
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute("SELECT * FROM audit_log ORDER BY seq")]
        db.close()
        roots = merkle_roots([merkle_leaf(audit_entry_encode(r)) for r in rows])
        for r, root in zip(rows, roots):
            self.assertEqual(bytes(r["root"]), root, "seq %d" % r["seq"])

    def test_triggers_refuse_update_and_delete(self):
        d = self.copy()
        db = sqlite3.connect(os.path.join(d, "baomi.db"))
        for sql in ("UPDATE audit_log SET details = '{}' WHERE seq = 3",
                    "DELETE FROM audit_log WHERE seq = 3",
                    "DELETE FROM audit_log",
                    "UPDATE audit_heads SET ts = 0",
                    "DELETE FROM audit_heads"):
            with self.assertRaises(sqlite3.DatabaseError, msg=sql) as cm:
                db.execute(sql)
            self.assertIn("append-only", str(cm.exception))
        db.rollback()
        db.close()
        self.assertEqual(self.verify(d).code, 0)

    # -- corruptions

    def test_a_modified_details(self):
        d = self.copy()
        db = self.open_untriggered(d)
        db.execute("UPDATE audit_log SET details = ? WHERE seq = 10",
                   ('{"name":"forged"}',))
        db.commit()
        db.close()
        self.assertCaught(d, 10)

    def test_a2_modified_actor(self):
        d = self.copy()
        db = self.open_untriggered(d)
        db.execute("UPDATE audit_log SET actor_login = 'secadmin' WHERE seq = 17")
        db.commit()
        db.close()
        self.assertCaught(d, 17)

    def test_b_deleted_in_middle(self):
        d = self.copy()
        db = self.open_untriggered(d)
        db.execute("DELETE FROM audit_log WHERE seq = 12")
        db.commit()
        db.close()
        self.assertCaught(d, 12)

    def test_c_swapped(self):
        d = self.copy()
        db = self.open_untriggered(d)
        a, b = self.row(db, 15), self.row(db, 20)
        cols = [c for c in a if c != "seq"]
        for src, dst in ((a, 20), (b, 15)):
            db.execute("UPDATE audit_log SET %s WHERE seq = ?" % ", ".join("%s = ?" % c for c in cols),
                       [src[c] for c in cols] + [dst])
        db.commit()
        db.close()
        self.assertCaught(d, 15)

    def test_d_inserted_with_renumbering(self):
        d = self.copy()
        db = self.open_untriggered(d)
        forged = self.row(db, 7)
        forged["details"] = '{"name":"inserted"}'
        db.execute("UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 7")
        db.execute("UPDATE audit_log SET seq = -seq WHERE seq < 0")
        cols = list(forged)
        db.execute("INSERT INTO audit_log (%s) VALUES (%s)" % (", ".join(cols),
                                                               ", ".join("?" * len(cols))),
                   [forged[c] for c in cols])
        db.commit()
        self.assertEqual(db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0], self.n + 1)
        db.close()
        self.assertCaught(d, 7)

    def test_e_truncated_tail(self):
        d = self.copy()
        db = self.open_untriggered(d)
        keep = self.n - 5
        db.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        db.commit()
        db.close()
        self.assertCaught(d, keep + 1)

    def test_e2_truncated_tail_and_heads(self):
        d = self.copy()
        db = self.open_untriggered(d)
        keep = (self.n // HEAD_INTERVAL) * HEAD_INTERVAL - 2
        db.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        db.execute("DELETE FROM audit_heads WHERE size > ?", (keep,))
        db.commit()
        db.close()
        self.assertCaught(d, keep + 1)

    def test_f_consistent_rewrite_caught_by_signed_head(self):
        d = self.copy()
        db = self.open_untriggered(d)
        k = 10
        rows = [dict(r) for r in db.execute("SELECT * FROM audit_log ORDER BY seq")]
        rows[k - 1]["details"] = '{"name":"rewritten consistently"}'
        roots = merkle_roots([merkle_leaf(audit_entry_encode(r)) for r in rows])
        for r, root in zip(rows[k - 1:], roots[k - 1:]):
            db.execute("UPDATE audit_log SET details = ?, root = ? WHERE seq = ?",
                       (r["details"], root, r["seq"]))
        db.commit()
        db.close()
        seq = self.assertCaught(d)
        last_good_head = max(h for h in self.heads if h < k)
        self.assertEqual(seq, last_good_head + 1)

    def test_f2_rewrite_without_heads_would_pass(self):
        """Control for (f): the same rewrite with the signed heads removed verifies, which
        shows it is the signatures that catch (f), and that the rewrite was consistent."""
        d = self.copy()
        db = self.open_untriggered(d)
        rows = [dict(r) for r in db.execute("SELECT * FROM audit_log ORDER BY seq")]
        rows[9]["details"] = '{"name":"rewritten consistently"}'
        roots = merkle_roots([merkle_leaf(audit_entry_encode(r)) for r in rows])
        for r, root in zip(rows[9:], roots[9:]):
            db.execute("UPDATE audit_log SET details = ?, root = ? WHERE seq = ?",
                       (r["details"], root, r["seq"]))
        db.execute("DELETE FROM audit_heads")
        db.commit()
        db.close()
        self.assertEqual(self.verify(d).code, 0)

    def test_forged_head_signature(self):
        d = self.copy()
        db = self.open_untriggered(d)
        db.execute("UPDATE audit_heads SET sig = zeroblob(64) WHERE size = ?", (HEAD_INTERVAL * 2,))
        db.commit()
        db.close()
        self.assertCaught(d, HEAD_INTERVAL + 1)

    def test_api_verify_reports_corruption(self):
        d = self.copy()
        db = self.open_untriggered(d)
        db.execute("UPDATE audit_log SET outcome = 'ok' WHERE seq = 11")
        db.execute("UPDATE audit_log SET object_id = 'x' WHERE seq = 11")
        db.commit()
        db.close()
        s = Server(data=d)
        s.start()
        try:
            r = s.login("auditor").get("/api/v1/audit/verify")
            self.assertEqual(r.status, 200, r)
            self.assertFalse(r.json["ok"])
            self.assertEqual(r.json["first_bad_seq"], 11)
            self.assertTrue(r.json["problem"])
        finally:
            s.stop_checked()
