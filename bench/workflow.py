#!/usr/bin/env python3
"""Drive N complete qualification applications, draft to decision, with concurrent
clients against a running baomi (a test build: it needs X-Baomi-Test-Now to pass
the on-site date and the publicity window). Prints workflow transitions per second
and, measured in the same run on the same disk, raw SQLite durable single-row
commits per second.

usage: workflow.py BASE_URL DATA_DIR N CLIENTS
"""
import datetime
import hashlib
import http.client
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
PASSWORD = "Baomi-Demo-2026"


def uscc(body17):
    s = sum(ALPHABET.index(c) * w for c, w in zip(body17, WEIGHTS))
    return body17 + ALPHABET[(31 - s % 31) % 31]


class Client:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.cookie = None
        self.csrf = None
        self.now = None

    def req(self, method, path, body=None, etag=None, raw=None, ctype=None):
        h = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
            h["Content-Type"] = ctype
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        if etag:
            h["If-Match"] = etag
        if self.now:
            h["X-Baomi-Test-Now"] = self.now
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the server closed an idle keep-alive connection before reading: resend
            self.conn.close()
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
        text = r.read()
        sc = r.getheader("Set-Cookie")
        if sc and sc.startswith("bm_session=") and "Max-Age=0" not in sc:
            self.cookie = sc.split(";")[0]
        out = json.loads(text) if text and r.getheader("Content-Type", "").startswith("application/json") else text
        if r.status >= 400:
            raise RuntimeError("%s %s -> %d %s" % (method, path, r.status, out))
        return out, r.getheader("ETag")

    def login(self, login, password=PASSWORD):
        out, _ = self.req("POST", "/api/v1/session", {"login": login, "password": password})
        self.csrf = out["csrf_token"]
        return out


def setup(base, n):
    """Units, officers (logged in) and complete drafts with materials: not timed."""
    admin = Client(base)
    admin.login("sysadmin")
    sec = Client(base)
    sec.login("secadmin")
    users = {u["login"]: u["id"] for u in admin.req("GET", "/api/v1/users?limit=200")[0]["items"]}
    schemes = admin.req("GET", "/api/v1/schemes/integration")[0]
    items = [i for s in schemes["scoring"]["sections"] for i in s["items"]]
    stamp = int(time.time()) % 100000
    drafts = []
    for i in range(n):
        body = "91320100MB%05d%02d" % (stamp, i % 100) if n <= 100 else "91320100M%03d%05d" % (i // 100000, i % 100000)
        body = "".join(c if c in ALPHABET else "A" for c in body)[:17]
        unit, _ = admin.req("POST", "/api/v1/units", {"name": "性能测试单位%05d-%d" % (stamp, i),
                                                      "uscc": uscc(body), "region": "320100",
                                                      "registered_on": "2010-01-01"})
        login = "bench.%d.%d" % (stamp, i)
        u, _ = admin.req("POST", "/api/v1/users", {"login": login, "display_name": "性能测试",
                                                   "password": "Temp-Password-1234"})
        _, et = sec.req("GET", "/api/v1/users/%d" % u["id"])
        sec.req("PUT", "/api/v1/users/%d/access" % u["id"],
                {"roles": ["unit_officer"], "membership": {"unit_id": unit["id"]},
                 "clearance": {"level": "confidential"}}, etag=et)
        off = Client(base)
        off.login(login, "Temp-Password-1234")
        off.req("POST", "/api/v1/me/password", {"current_password": "Temp-Password-1234",
                                                 "new_password": PASSWORD})
        uid = unit["id"]
        _, et = off.req("GET", "/api/v1/units/%d" % uid)
        off.req("PATCH", "/api/v1/units/%d/profile" % uid,
                {"foreign_known": True, "foreign_direct_bp": 0, "foreign_indirect_bp": 0}, etag=et)
        for role in ("legal_representative", "principal_head", "actual_controller"):
            off.req("POST", "/api/v1/units/%d/people" % uid,
                    {"role": role, "name": "测试", "nationality": "CN", "foreign_residence": False,
                     "foreign_spouse": False, "dishonest": False})
        off.req("PUT", "/api/v1/units/%d/declarations/secrecy_body" % uid, {"value": True})
        app, _ = off.req("POST", "/api/v1/applications",
                         {"scheme": "integration", "grade": "B", "categories": ["software_development"]})
        mats, _ = off.req("GET", "/api/v1/applications/%d/materials" % app["id"])
        for m in mats["checklist"]:
            if m["required"]:
                off.req("POST", "/api/v1/applications/%d/materials/%s?name=%s.pdf" % (app["id"], m["material"], m["material"]),
                        raw=b"%PDF-1.4\n" + os.urandom(2048), ctype="application/pdf")
        drafts.append((off, app["id"]))
    return users, items, drafts


def bureau(base):
    """The bureau's people for one driving client, logged in (not timed: a login is a
    deliberately slow password hash)."""
    out = []
    for login in ("reviewer.js", "inspector.js", "expert.js", "approver.js"):
        c = Client(base)
        c.login(login)
        out.append(c)
    return out


def drive(people, users, items, drafts, counts, errors):
    """One client: every application of its share from submission to approval. counts:
    [transitions, other mutations] of this client."""
    try:
        rv, ins, ex, ap = people
        today = datetime.date.today()
        onsite = (today + datetime.timedelta(days=7)).isoformat()
        later = (today + datetime.timedelta(days=40)).isoformat()
        for off, aid in drafts:
            a, et = off.req("GET", "/api/v1/applications/%d" % aid)
            steps = [(off, "submit", {}), (rv, "accept", {}),
                     (rv, "list_onsite", {"opinion": "列入现场审查"})]
            for c, ev, body in steps:
                a, et = c.req("POST", "/api/v1/applications/%d/events/%s" % (aid, ev), body, etag=et)
                counts[0] += 1
            a, et = rv.req("PUT", "/api/v1/applications/%d/onsite" % aid,
                           {"date": onsite, "team": [{"user_id": users["reviewer.js"], "role": "leader"},
                                                     {"user_id": users["inspector.js"], "role": "staff"},
                                                     {"user_id": users["expert.js"], "role": "expert"}]}, etag=et)
            counts[1] += 1
            for c in (rv, ins, ex):
                c.now = onsite
                c.req("PUT", "/api/v1/applications/%d/onsite/sheet" % aid,
                      {"scores": [{"item": i["code"], "points": i["points"]} for i in items], "submit": True})
                counts[1] += 1
            a, et = rv.req("GET", "/api/v1/applications/%d" % aid)
            for c, ev, body, now in ((rv, "onsite_pass", {"opinion": "合格", "representative": "测试"}, onsite),
                                     (rv, "open_publicity", {}, onsite),
                                     (rv, "close_publicity", {}, later),
                                     (ap, "approve", {"reason": "准予许可"}, later)):
                c.now = now
                a, et = c.req("POST", "/api/v1/applications/%d/events/%s" % (aid, ev), body, etag=et)
                counts[0] += 1
            for c in (rv, ins, ex, ap):
                c.now = None
    except Exception as e:  # reported, never hidden
        errors.append(str(e))


def sqlite_commits(seconds=3.0):
    """Durable single-row commits per second: WAL, synchronous=FULL, like baomi."""
    d = tempfile.mkdtemp(prefix="baomi-bench-sqlite.")
    try:
        db = sqlite3.connect(os.path.join(d, "raw.db"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        n, start = 0, time.monotonic()
        while time.monotonic() - start < seconds:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 200,))
            db.execute("COMMIT")
            n += 1
        rate = n / (time.monotonic() - start)
        db.close()
        return rate
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    base, data, n, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    t0 = time.monotonic()
    users, items, drafts = setup(base, n)
    shares = [drafts[i::clients] for i in range(clients)]
    people = [bureau(base) for _ in shares]
    setup_s = time.monotonic() - t0
    counts = [[0, 0] for _ in shares]
    errors = []
    threads = [threading.Thread(target=drive, args=(p, users, items, s, c, errors))
               for p, s, c in zip(people, shares, counts)]
    t1 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t1
    counts = [sum(c[0] for c in counts), sum(c[1] for c in counts)]
    raw = sqlite_commits()
    if errors:
        print("errors:", errors[:3])
    print("baomi workflow benchmark: %d applications, %d concurrent clients (setup %.1f s)" % (n, clients, setup_s))
    print("  %-44s %10.0f /s" % ("workflow transitions (7 per application)", counts[0] / elapsed))
    print("  %-44s %10.0f /s" % ("all case mutations (transitions, team, sheets)", (counts[0] + counts[1]) / elapsed))
    print("  %-44s %10.0f /s" % ("raw SQLite durable single-row commits", raw))
    print("  %d applications approved in %.2f s" % (n, elapsed))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
