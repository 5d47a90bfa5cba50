"""test_apps_base.py - what the qualification application scenarios share (no tests here).

- ``Cal``: the working-day calendar of domain.md section 6 (2024-2026), computed independently of
  the server, so that due dates are checked against the reference table, not against the
  server's own arithmetic.
- ``AppsTestCase``: a ServerTestCase that makes fresh units, officers and bureau users (through
  the API: system_admin creates, security_admin grants access), prepares an eligible unit
  profile, drafts, uploads and submits applications, and raises workflow events with If-Match.
- File makers: PDF, PNG, JPEG, DOCX, XLSX bytes that pass the server's content sniffing.

Every business date is given with X-Baomi-Test-Now (Client.now), so the scenarios do not depend
on the real date.
"""

import datetime
import hashlib
import io
import json
import os
import re
import sqlite3
import zipfile
from urllib.parse import urlencode

from harness import Client, ServerTestCase, audit_all, cli, unique, unit_body

TEMP_PASSWORD = "Temp-Password-2026"
USER_PASSWORD = "Scenario-Pass-2026x"

APP_NUMBER_RE = re.compile(r"^SQ-(integration|military)-\d{4}-\d{5}$")
ACCEPTANCE_NO_RE = re.compile(r"^SL-\d{4}-\d{5}$")


# ---------------------------------------------------------------- the reference calendar

_HOLIDAYS = {
    2024: ["01-01", ("02-10", "02-17"), ("04-04", "04-06"), ("05-01", "05-05"), "06-10",
           ("09-15", "09-17"), ("10-01", "10-07")],
    2025: ["01-01", ("01-28", "02-04"), ("04-04", "04-06"), ("05-01", "05-05"),
           ("05-31", "06-02"), ("10-01", "10-08")],
    2026: [("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"),
           ("06-19", "06-21"), ("09-25", "09-27"), ("10-01", "10-07")],
}
_ADJUSTED = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}


def D(s):
    return s if isinstance(s, datetime.date) else datetime.date.fromisoformat(s)


class Cal:
    holidays, workdays = set(), set()
    for _y, _spans in _HOLIDAYS.items():
        for _s in _spans:
            _a, _b = (_s, _s) if isinstance(_s, str) else _s
            _d = D("%d-%s" % (_y, _a))
            while _d <= D("%d-%s" % (_y, _b)):
                holidays.add(_d)
                _d += datetime.timedelta(days=1)
    for _y, _days in _ADJUSTED.items():
        for _s in _days:
            workdays.add(D("%d-%s" % (_y, _s)))

    @classmethod
    def working(cls, d):
        d = D(d)
        if d.year not in _HOLIDAYS:
            raise ValueError("no reference calendar for %d" % d.year)
        return d in cls.workdays or (d.weekday() < 5 and d not in cls.holidays)

    @classmethod
    def add(cls, d, n):
        """The n-th working day after d (n > 0), as an ISO string."""
        d = D(d)
        while n > 0:
            d += datetime.timedelta(days=1)
            if cls.working(d):
                n -= 1
        return d.isoformat()

    @classmethod
    def between(cls, a, b):
        """Working days d with a < d <= b."""
        a, b = D(a), D(b)
        if b < a:
            return -cls.between(b, a)
        n, d = 0, a
        while d < b:
            d += datetime.timedelta(days=1)
            n += cls.working(d)
        return n

    @classmethod
    def clock(cls, start, budget, today, pauses=()):
        """(due, used, remaining) of a clock started at start with pauses [(from, to)]:
        a day d counts when start < d, it is a working day and no pause has from < d <= to."""
        start, today = D(start), D(today)

        def counts(d):
            return cls.working(d) and not any(D(f) < d <= D(t) for f, t in pauses)

        used, d = 0, start
        while d < today:
            d += datetime.timedelta(days=1)
            used += counts(d)
        n, d = 0, start
        while n < budget:
            d += datetime.timedelta(days=1)
            n += counts(d)
        return d.isoformat(), used, budget - used


def plus_days(d, n):
    return (D(d) + datetime.timedelta(days=n)).isoformat()


def plus_months(d, n):
    d = D(d)
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    import calendar as _c
    return datetime.date(y, m, min(d.day, _c.monthrange(y, m)[1])).isoformat()


# ---------------------------------------------------------------- files that sniff right


def pdf_bytes(tag="", size=0):
    b = b"%PDF-1.4\n% " + tag.encode("utf-8") + b"\n"
    if size > len(b):
        # deterministic, incompressible-looking filler so chunk boundaries matter
        seed = hashlib.sha256(tag.encode("utf-8")).digest()
        out = bytearray(b)
        i = 0
        while len(out) < size:
            out += hashlib.sha256(seed + i.to_bytes(4, "big")).digest()
            i += 1
        b = bytes(out[:size])
    return b


PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
             b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
             b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def zip_bytes(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


DOCX_BYTES = zip_bytes(["word/document.xml"])
XLSX_BYTES = zip_bytes(["xl/workbook.xml"])


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def etag_of(app):
    return '"v%d"' % app["version"]


def q(path, **params):
    return path + ("?" + urlencode(params) if params else "")


# ---------------------------------------------------------------- the test base


class AppsTestCase(ServerTestCase):
    """A server per class with helpers for units, users and applications."""

    @classmethod
    def setUpClass(cls):
        # the server's own scheduler would act on the real day, not the test's: the
        # tests run the jobs themselves (baomi jobs run --now)
        cls.config = dict({"scheduler_hour": -1}, **(cls.config or {}))
        super().setUpClass()
        cls._clients = {}
        cls.adm = cls.server.login("sysadmin")
        cls.sec = cls.server.login("secadmin")
        cls.users = {u["login"]: u for u in
                     cls.adm.get("/api/v1/users?limit=200").json["items"]}
        cls.auths = {a["region"]: a for a in cls.adm.get("/api/v1/authorities").json["items"]}
        cls.passwords = {}

    # -- people

    @classmethod
    def client(cls, login, now=None):
        """A logged-in client for login (cached per class); now is set on it."""
        c = cls._clients.get(login)
        if c is None:
            c = Client(cls.server)
            r = c.login(login, cls.passwords.get(login, "Baomi-Demo-2026"))
            assert r.status == 200, "login %s: %r" % (login, r)
            cls._clients[login] = c
        c.now = now
        return c

    @classmethod
    def new_user(cls, roles, region=None, unit_id=None, level="confidential", prefix="t."):
        """A user made through the API (system_admin creates, security_admin grants access,
        the user changes the first password); returns (login, user id)."""
        login = unique(prefix)
        r = cls.adm.post("/api/v1/users", {"login": login, "display_name": "场景 " + login,
                                           "password": TEMP_PASSWORD})
        assert r.status == 201, r
        acc = {"roles": roles,
               "membership": {"authority_id": cls.auths[region]["id"] if region else None,
                              "unit_id": unit_id},
               "clearance": {"level": level, "compartments": []}}
        a = cls.sec.put_if("/api/v1/users/%d/access" % r.json["id"], acc, r.etag)
        assert a.status == 200, a
        c = Client(cls.server)
        assert c.login(login, TEMP_PASSWORD).status == 200
        p = c.post("/api/v1/me/password", {"current_password": TEMP_PASSWORD,
                                           "new_password": USER_PASSWORD})
        assert p.status == 204, p
        cls.passwords[login] = USER_PASSWORD
        cls._clients[login] = c
        cls.users[login] = dict(r.json, id=r.json["id"])
        return login, r.json["id"]

    @classmethod
    def uid(cls, login):
        return cls.users[login]["id"]

    # -- units

    @classmethod
    def new_unit(cls, region="320100", registered_on="2012-04-16", eligible=True, scheme=None,
                 now=None):
        """A fresh unit with its own officer; with eligible=True its profile meets every
        basic condition of both schemes. Returns (unit json, officer login)."""
        r = cls.adm.post("/api/v1/units", unit_body(region=region, registered_on=registered_on))
        assert r.status == 201, r
        unit = r.json
        login, _ = cls.new_user(["unit_officer"], unit_id=unit["id"], level="internal",
                                prefix="off.")
        if eligible:
            cls.make_eligible(cls.client(login, now), unit["id"])
        return unit, login

    @classmethod
    def make_eligible(cls, off, unit_id):
        u = off.get("/api/v1/units/%d" % unit_id)
        assert u.status == 200, u
        r = off.patch_if("/api/v1/units/%d/profile" % unit_id,
                         {"principal_head": "王建国", "actual_controller": "王建国",
                          "foreign_known": True, "foreign_direct_bp": 0,
                          "foreign_indirect_bp": 0}, u.etag)
        assert r.status == 200, r
        for role in ("legal_representative", "principal_head", "actual_controller"):
            r = off.post("/api/v1/units/%d/people" % unit_id,
                         {"role": role, "name": "王建国", "nationality": "CN",
                          "foreign_residence": False, "foreign_spouse": False,
                          "dishonest": False})
            assert r.status == 201, r
        for key in ("secrecy_body", "security_director", "classified_tasks"):
            r = off.put("/api/v1/units/%d/declarations/%s" % (unit_id, key), {"value": True})
            assert r.status == 200, r
        r = off.post("/api/v1/units/%d/premises" % unit_id,
                     {"address": "南京市建邺区江东中路 1 号", "tenure": "owned",
                      "since": "2012-05-01"})
        assert r.status == 201, r

    # -- applications

    def create(self, off, scheme="integration", grade="B", categories=None):
        r = off.post("/api/v1/applications", {
            "scheme": scheme, "grade": grade,
            "categories": categories or (["software_development", "operation_maintenance"]
                                         if scheme == "integration" else ["research"])})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["state"], "draft")
        self.assertEqual(r.etag, etag_of(r.json))
        return r.json

    def upload(self, c, app_id, material, data, name=None, status=201, code=None):
        r = c.post(q("/api/v1/applications/%d/materials/%s" % (app_id, material),
                     name=name or (material + ".pdf")),
                   raw=data, content_type="application/octet-stream")
        self.assertStatus(r, status, code)
        return r

    def upload_all(self, off, app_id, tag=""):
        mats = off.get("/api/v1/applications/%d/materials" % app_id)
        self.assertStatus(mats, 200)
        out = {}
        for m in mats.json["checklist"]:
            if m["required"]:
                data = pdf_bytes("%s %s %d" % (tag, m["material"], app_id))
                out[m["material"]] = self.upload(off, app_id, m["material"], data).json
        return out

    def get(self, c, app_id):
        r = c.get("/api/v1/applications/%d" % app_id)
        self.assertStatus(r, 200)
        return r.json

    def event(self, c, app, name, body=None, status=200, code=None, field=None, etag=None):
        """Raise event name on app (a dict or id) with the current ETag (fetched with c
        unless given). Returns the response; on success the new application JSON."""
        app_id = app if isinstance(app, int) else app["id"]
        if etag is None:
            cur = c.get("/api/v1/applications/%d" % app_id)
            self.assertStatus(cur, 200)
            etag = cur.etag
        r = c.post("/api/v1/applications/%d/events/%s" % (app_id, name), body or {},
                   headers={"If-Match": etag})
        self.assertStatus(r, status, code, field,
                          msg="%s on %d: %r" % (name, app_id, r))
        if status == 200:
            self.assertEqual(r.etag, etag_of(r.json))
        return r

    def submitted(self, off, scheme="integration", grade="B", now=None, tag=""):
        """A fresh application drafted, with every required material, and submitted."""
        off.now = now
        app = self.create(off, scheme, grade)
        self.upload_all(off, app["id"], tag)
        r = self.event(off, app, "submit")
        self.assertEqual(r.json["state"], "submitted")
        return r.json

    def schedule(self, c, app_id, date, team, status=200, code=None, etag=None):
        if etag is None:
            etag = c.get("/api/v1/applications/%d" % app_id).etag
        r = c.put("/api/v1/applications/%d/onsite" % app_id,
                  {"date": date, "team": [{"user_id": self.uid(l), "role": role}
                                          for l, role in team]},
                  headers={"If-Match": etag})
        self.assertStatus(r, status, code, msg="schedule: %r" % (r,))
        return r

    @classmethod
    def scheme_items(cls, scheme):
        c = cls.client("reviewer.js")
        sch = c.get("/api/v1/schemes/" + scheme).json
        return [i for s in sch["scoring"]["sections"] for i in s["items"]]

    def sheet(self, c, app_id, scheme, minus=0, vetoes=(), submit=True, status=200, code=None):
        """Score every item at full points less `minus` (not below 0) on items worth > 6."""
        items = self.scheme_items(scheme)
        scores = [{"item": i["code"],
                   "points": max(0, i["points"] - (minus if i["points"] > 6 else 0))}
                  for i in items]
        r = c.put("/api/v1/applications/%d/onsite/sheet" % app_id,
                  {"scores": scores, "vetoes": list(vetoes), "submit": submit})
        self.assertStatus(r, status, code, msg="sheet: %r" % (r,))
        return r

    def notes(self, c, app_id, kind=None):
        r = c.get("/api/v1/applications/%d/notes" % app_id)
        self.assertStatus(r, 200)
        return [n for n in r.json["items"] if kind is None or n["kind"] == kind]

    def timeline(self, c, app_id):
        r = c.get("/api/v1/applications/%d/timeline" % app_id)
        self.assertStatus(r, 200)
        return r.json["items"]

    def audit_of(self, app_id):
        return audit_all(self.client("auditor"), object_type="application",
                         object_id=str(app_id))

    def unread(self, c):
        r = c.get("/api/v1/notifications")
        self.assertStatus(r, 200)
        return r.json["unread"]

    def notifications(self, c, app_id=None, unread=False):
        r = c.get(q("/api/v1/notifications", limit=200, **({"unread": "true"} if unread else {})))
        self.assertStatus(r, 200)
        return [n for n in r.json["items"] if app_id is None or n["application_id"] == app_id]

    def list_apps(self, c, **params):
        items, cursor = [], None
        for _ in range(100):
            p = dict(params)
            if cursor:
                p["cursor"] = cursor
            r = c.get(q("/api/v1/applications", **p))
            self.assertStatus(r, 200)
            items += r.json["items"]
            cursor = r.json.get("next_cursor")
            if not cursor:
                return items
        self.fail("paging did not end")

    def jobs(self, now):
        """`baomi jobs run` on the live data directory at the given day."""
        r = cli("jobs", "run", "--data", self.server.data, "--now", now)
        self.assertEqual(r.code, 0, r)
        m = re.search(r"jobs: (\d+) deemed accepted, (\d+) abandoned", r.out)
        self.assertIsNotNone(m, r)
        return int(m.group(1)), int(m.group(2))

    def sqlite(self):
        con = sqlite3.connect(os.path.join(self.server.data, "baomi.db"), timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def assertClock(self, app, stage, due, used=None, remaining=None, paused=False):
        c = app["clock"]
        self.assertIsNotNone(c, "no clock on %s" % json.dumps(app, ensure_ascii=False)[:600])
        self.assertEqual(c["stage"], stage, c)
        self.assertEqual(c["due"], due, c)
        if used is not None:
            self.assertEqual(c["used"], used, c)
        if remaining is not None:
            self.assertEqual(c["remaining"], remaining, c)
        self.assertEqual(c["paused"], paused, c)

    # -- driving a grade B integration case along the happy path

    TEAM = (("reviewer.js", "leader"), ("inspector.nj", "staff"), ("expert.js", "expert"))
    ORDER = ("submitted", "superior_review", "onsite", "onsite_passed", "publicity",
             "decision", "approved")

    def drive(self, offl, target, start, scheme="integration", grade="B", app=None,
              rv="reviewer.js", team=None, approver="approver.js"):
        """Take a fresh case (or app) of offl's unit from the draft to state target, starting
        on the working day start: submit, accept the next working day, list the one after,
        on-site review 6 days later (moved to a working day), publicity from the next
        working day, close the day after it ends, approve. Returns (app, dates)."""
        d = {"submit": start}
        d["accept"] = Cal.add(start, 1)
        d["list"] = Cal.add(d["accept"], 1)
        o = plus_days(d["list"], 6)
        while not Cal.working(o):
            o = plus_days(o, 1)
        d["onsite"] = o
        d["publicity"] = Cal.add(o, 1)
        d["publicity_end"] = Cal.add(d["publicity"], 5)
        d["close"] = Cal.add(d["publicity_end"], 1)
        want = self.ORDER.index(target)
        team = team or self.TEAM
        off = self.client(offl)
        if app is None:
            app = self.submitted(off, scheme, grade, now=start, tag="drive")
        if want >= 1:
            app = self.event(self.client(rv, d["accept"]), app, "accept").json
        if want >= 2:
            app = self.event(self.client(rv, d["list"]), app, "list_onsite",
                             {"opinion": "列入现场审查"}).json
            app = self.schedule(self.client(rv, d["list"]), app["id"], d["onsite"], team).json
        if want >= 3:
            for login, _ in team:
                self.sheet(self.client(login, d["onsite"]), app["id"], scheme, 1)
            leader = [l for l, role in team if role == "leader"][0]
            app = self.event(self.client(leader, d["onsite"]), app, "onsite_pass",
                             {"opinion": "现场审查合格", "representative": "王建国"}).json
        if want >= 4:
            app = self.event(self.client(rv, d["publicity"]), app, "open_publicity").json
        if want >= 5:
            app = self.event(self.client(rv, d["close"]), app, "close_publicity").json
        if want >= 6:
            app = self.event(self.client(approver, d["close"]), app, "approve",
                             {"reason": "准予许可"}).json
        self.assertEqual(app["state"], target)
        return app, d
