"""The scheduler's certificate duties: expiry the day after valid_until, then cancellation
when no renewal is open; renewal reminders 6, 3 and 1 months before expiry, each sent once.
Every run is idempotent (`baomi jobs run --now` twice gives the same result), and a server's
scheduler with two `baomi jobs run` at once on the same data directory do each job once (the
lease rows). One server may hold a data directory (DATA/server.lock), so the second server
runs on a copy of the directory whose database is a link to the first's."""

import datetime
import re
import sqlite3
import os
import threading
import time

from harness import Server, audit_all, cli, copy_data_dir, tmpdir, wait_until
from test_apps_base import plus_days, plus_months
from test_certs_life import LifeCase, period_last

CERT_RE = re.compile(r"certificates: (\d+) expired, (\d+) cancelled without renewal, "
                     r"(\d+) renewal reminders")


def months_before(day, months):
    """certlife_months_before: the last day at least months before day (month ends map to
    month ends)."""
    nxt = plus_days(day, 1)
    if nxt[8:] == "01":
        return plus_days(plus_months(nxt, -months), -1)
    return plus_months(day, -months)


class JobsCase(LifeCase):
    def run_jobs(self, now=None, data=None):
        """`baomi jobs run` (at now, or the real day); returns (expired, cancelled,
        reminders)."""
        args = ["jobs", "run", "--data", data or self.server.data]
        if now is not None:
            args += ["--now", now]
        r = cli(*args)
        self.assertEqual(r.code, 0, r)
        self.assertIsNotNone(re.search(r"jobs: \d+ deemed accepted, \d+ abandoned", r.out), r)
        m = CERT_RE.search(r.out)
        self.assertIsNotNone(m, r)
        return tuple(int(x) for x in m.groups())

    def reminders(self, offl, number):
        return [n for n in self.notifications(self.client(offl))
                if n["kind"] == "certificate.renewal_reminder" and number in n["text_en"]]


class ExpiryTest(JobsCase):
    def test_expiry_then_cancellation_twice_the_same(self):
        unit, offl, cert, day = self.issue("2026-07-06")
        cid, until = cert["id"], cert["valid_until"]
        # a suspended one expires too
        _, _, sus, _ = self.issue("2026-07-06")
        self.cev("approver.js", sus, "suspend", {"reason": "rectification_rejected",
                                                 "start": day, "end": period_last(day, 12)},
                 day)
        # the last day of validity: nothing yet for these two (the demo's older
        # certificates expire on the first run; the second finds nothing at all)
        self.run_jobs(until)
        self.assertEqual(self.run_jobs(until)[:2], (0, 0))
        self.assertEqual(self.cert("reviewer.js", cid).json["state"], "valid")
        # the day after: expired, and with no renewal open, cancelled
        self.assertEqual(self.run_jobs(plus_days(until, 1))[:2], (2, 2))
        c = self.cert("reviewer.js", cid).json
        self.assertEqual((c["state"], c["state_since"]), ("cancelled", plus_days(until, 1)))
        h = self.history("reviewer.js", cid)
        self.assertEqual([(e["event"], e["reason"], e["to"]) for e in h],
                         [("expire", None, "expired"),
                          ("cancel", "expired_without_renewal", "cancelled")])
        self.assertEqual([(e["by"], e["by_login"]) for e in h], [(None, "scheduler")] * 2)
        self.assertEqual(self.cert("reviewer.js", sus["id"]).json["state"], "cancelled")
        self.assertEqual([e["event"] for e in self.history("reviewer.js", sus["id"])],
                         ["suspend", "expire", "cancel"])
        self.assertEqual(self.public(cert["number"])["state"], "cancelled")
        # a second run, and a later one, change nothing
        self.assertEqual(self.run_jobs(plus_days(until, 1)), (0, 0, 0))
        self.assertEqual(self.run_jobs(plus_days(until, 40))[:2], (0, 0))
        self.assertEqual(len(self.history("reviewer.js", cid)), 2)
        acts = [e["action"] for e in audit_all(self.client("auditor"), object_type="certificate",
                                               object_id=str(cid))]
        self.assertEqual((acts.count("certificate.expire"), acts.count("certificate.cancel")),
                         (1, 1))
        # the suspended one's status-list entry went back to 0 (signed again at expiry)
        res = self.verify(sus["payload"], until)
        self.assertTrue(res.out.startswith("valid"), res)


class ReminderTest(JobsCase):
    # the demo's certificates share the data directory: counts are checked per certificate
    # (the unit's notices, cert_reminders), and a second run on the same day sends nothing

    def sent(self, offl, cert):
        return len(self.reminders(offl, cert["number"]))

    def test_reminders_once_each(self):
        unit, offl, cert, day = self.issue("2026-07-06")
        until = cert["valid_until"]
        due = {m: months_before(until, m) for m in (6, 3, 1)}
        steps = [(plus_days(due[6], -1), 0), (due[6], 1), (plus_days(due[6], 20), 1),
                 (plus_days(due[3], -1), 1), (due[3], 2), (plus_days(due[1], 3), 3),
                 (plus_days(due[1], 4), 3), (until, 3)]
        for now, want in steps:
            self.run_jobs(now)
            self.assertEqual(self.sent(offl, cert), want, now)
            self.assertEqual(self.run_jobs(now)[2], 0, "second run on %s" % now)
            self.assertEqual(self.sent(offl, cert), want, now)
        r = self.reminders(offl, cert["number"])
        texts = sorted(n["text_en"] for n in r)
        self.assertEqual(sum("file its renewal by %s" % due[3] in t for t in texts), 2, texts)
        self.assertEqual(sum("file a new application" in t for t in texts), 1, texts)
        rows = self.sqlite().execute(
            "SELECT months, sent_on FROM cert_reminders WHERE certificate_id = ? ORDER BY months",
            (cert["id"],)).fetchall()
        self.assertEqual([tuple(x) for x in rows],
                         [(1, plus_days(due[1], 3)), (3, due[3]), (6, due[6])])
        # the day after its last day it expires; no reminder after that
        self.run_jobs(plus_days(until, 1))
        self.assertEqual(self.sent(offl, cert), 3)

    def test_a_late_first_run_sends_only_the_latest(self):
        unit, offl, cert, day = self.issue("2026-08-03")
        due = {m: months_before(cert["valid_until"], m) for m in (6, 3, 1)}
        self.run_jobs(plus_days(due[1], 1))
        r = self.reminders(offl, cert["number"])
        self.assertEqual(len(r), 1)
        self.assertIn("file a new application", r[0]["text_en"])
        # an earlier lead is never sent after a later one, even if the clock goes back
        self.run_jobs(due[3])
        self.assertEqual(len(self.reminders(offl, cert["number"])), 1)


class ConcurrentSchedulersTest(JobsCase):
    def test_two_servers_and_two_cli_runs_do_each_job_once(self):
        _, offl_a, a, _ = self.issue("2026-07-06")
        _, offl_b, b, _ = self.issue("2026-07-06")
        data = self.server.data
        self.server.stop_checked()
        # the real day (China Standard Time): the server's scheduler knows no other clock
        today = (datetime.datetime.now(datetime.timezone.utc)
                 + datetime.timedelta(hours=8)).date().isoformat()
        b_until = plus_months(today, 2)
        con = sqlite3.connect(os.path.join(data, "baomi.db"), timeout=30)
        with con:
            con.execute("UPDATE certificates SET valid_until = ? WHERE id = ?",
                        (plus_days(today, -3), a["id"]))
            con.execute("UPDATE certificates SET valid_until = ? WHERE id = ?",
                        (b_until, b["id"]))
        con.close()

        # a second server on the same database: a copy of the data directory (the same
        # keys) whose baomi.db is a link to the first's (SQLite follows the link, so both
        # share one database, journal and locks), since DATA/server.lock admits one
        # server per directory
        data2 = os.path.join(tmpdir("data2"), "data")
        copy_data_dir(data, data2)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(os.path.join(data2, "baomi.db" + suffix)):
                os.unlink(os.path.join(data2, "baomi.db" + suffix))
        os.symlink(os.path.join(data, "baomi.db"), os.path.join(data2, "baomi.db"))

        # two servers, each running the scheduler as it starts, and two command-line runs,
        # all at once
        config = {"scheduler_hour": 0, "register_rate_per_minute": 1000000}
        server = Server(data=data, config=config)
        server2 = Server(data=data2, config=config)
        type(self).server = server
        self._clients.clear()
        results = []
        runs = [threading.Thread(target=lambda: results.append(
            cli("jobs", "run", "--data", data))) for _ in range(2)]
        runs.append(threading.Thread(target=server2.start))
        for t in runs:
            t.start()
        server.start()
        for t in runs:
            t.join(120)
        self.addCleanup(server2.stop_checked, self)
        self.assertEqual([r.code for r in results], [0, 0], results)
        self.assertTrue(server2.running(), server2.stderr()[-2000:])
        self.assertFalse(os.path.exists(os.path.join(data2, "baomi.db-wal")))

        def done():
            c = sqlite3.connect(os.path.join(data, "baomi.db"), timeout=30)
            try:
                st = c.execute("SELECT state FROM certificates WHERE id = ?",
                               (a["id"],)).fetchone()[0]
                held = c.execute("SELECT COUNT(*) FROM job_leases").fetchone()[0]
                return st == "cancelled" and held == 0
            finally:
                c.close()
        self.assertTrue(wait_until(done, timeout=60), "the scheduler did not finish")
        time.sleep(1)
        self.assertTrue(wait_until(done, timeout=30))

        h = self.history("reviewer.js", a["id"])
        self.assertEqual([e["event"] for e in h], ["expire", "cancel"])
        self.assertEqual(len(self.reminders(offl_b, b["number"])), 1)
        acts = audit_all(self.client("auditor"), action="certificate.renewal_reminder",
                         object_id=str(b["id"]))
        self.assertEqual(len(acts), 1)
        self.assertEqual(acts[0]["details"]["months"], 3)
        # both servers ran the scheduler (each logs its run)
        for srv in (server, server2):
            self.assertRegex(srv.stderr(), r"scheduler server:\d+: \d+ jobs skipped")
        # and one more run by hand finds nothing left
        self.assertEqual(self.run_jobs(data=data), (0, 0, 0))


class CalendarWarningTest(JobsCase):
    """The calendar job: from 1 October, when next year's working-day calendar is not
    loaded (the demo loads 2024-2026), the system administrators are told, once a year."""

    def warnings(self, now):
        r = cli("jobs", "run", "--data", self.server.data, "--now", now)
        self.assertEqual(r.code, 0, r)
        m = re.search(r"calendar: (\d+) warnings", r.out)
        self.assertIsNotNone(m, r)
        return int(m.group(1))

    def told(self):
        return [n for n in self.notifications(self.login("sysadmin"))
                if n["kind"] == "calendar.next_year_missing"]

    def test_warned_once_from_october(self):
        # today (November 2026) 2027 is missing: the demo's and the server's first runs
        # told the administrators already; no run tells them again
        told = self.told()
        self.assertEqual(len(told), 1, told)
        self.assertIn("2027", told[0]["text_zh"])
        self.assertIn("working-day calendar of 2027", told[0]["text_en"])
        self.assertEqual(self.warnings("2026-10-02"), 0)
        # 2028: not before 1 October 2027, then once
        self.assertEqual(self.warnings("2027-09-30"), 0)
        self.assertEqual(self.warnings("2027-10-01"), 1)
        self.assertEqual(self.warnings("2027-12-31"), 0)
        self.assertEqual([n["text_en"][28:32] for n in self.told()], ["2028", "2027"])
        # 2026's calendar is loaded: in October 2025 there is nothing to say
        self.assertEqual(self.warnings("2025-10-15"), 0)
        # a bureau user is not told
        self.assertFalse([n for n in self.notifications(self.login("reviewer.js"))
                          if n["kind"] == "calendar.next_year_missing"])
        entries = audit_all(self.login("auditor"), action="calendar.next_year_missing")
        self.assertEqual(len(entries), 2)
