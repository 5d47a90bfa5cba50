"""The public register without login: search by unit name, USCC or number, paging, every
state shown (a suspended unit may take no new classified work), one certificate by number,
the trust list and the signed status list in their file forms, ETags with 304, validation
errors naming the field, and the per-address rate limit (429 with Retry-After)."""

import base64
import re
import zlib

from harness import Client
from test_apps_base import AppsTestCase, plus_days, q
from test_certs_jobs import JobsCase
from test_certs_life import period_last

ITEM_KEYS = {"number", "unit", "uscc", "scheme", "scheme_name", "grade", "grade_name",
             "categories", "category_names", "issued", "valid_from", "valid_until", "state",
             "state_label", "no_new_classified_work", "authority_id", "authority",
             "paper_issued"}


class PublicRegisterTest(AppsTestCase):
    config = {"register_rate_per_minute": 1000000}

    def anon(self, now=None):
        c = Client(self.server)
        c.now = now
        return c

    def issue(self, start):
        unit, offl = self.new_unit()
        app, d = self.drive(offl, "approved", start)
        r = self.client("inspector.js", d["close"]).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201)
        return unit, r.json

    def search(self, **params):
        r = self.anon().get(q("/api/v1/public/certificates", **params))
        self.assertStatus(r, 200, msg=repr(r))
        return r

    def test_keys_and_status_list_before_and_after(self):
        # the status list exists before any certificate of this test: signed, all valid
        r = self.anon().get("/api/v1/public/status-list")
        self.assertStatus(r, 200)
        sl = r.json
        self.assertEqual(set(sl), {"format", "issued", "kid", "size", "list", "signature"})
        self.assertEqual(sl["format"], "baomi-status-list-v1")
        self.assertEqual(sl["size"], 131072)
        self.assertRegex(sl["kid"], r"^[0-9a-f]{16}$")
        self.assertRegex(sl["issued"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        bits = zlib.decompress(base64.b64decode(sl["list"]))
        self.assertEqual(len(bits), 131072 // 4)
        self.assertEqual(len(base64.b64decode(sl["signature"])), 64)
        # asked again: the same list, the same ETag, 304 on If-None-Match
        r2 = self.anon().get("/api/v1/public/status-list")
        self.assertEqual(r2.json, sl)
        self.assertTrue(r.etag)
        self.assertEqual(r2.etag, r.etag)
        r3 = self.anon().get("/api/v1/public/status-list", headers={"If-None-Match": r.etag})
        self.assertEqual(r3.status, 304, r3)
        self.assertEqual(r3.etag, r.etag)

        # the trust list: the status key of the national authority
        t = self.anon().get("/api/v1/public/keys")
        self.assertStatus(t, 200)
        self.assertEqual(set(t.json), {"format", "keys"})
        self.assertEqual(t.json["format"], "baomi-trust-list-v1")
        by_kid = {k["kid"]: k for k in t.json["keys"]}
        sk = by_kid[sl["kid"]]
        self.assertEqual(sk["uses"], ["status_list"])
        self.assertEqual(sk["authority_id"], self.auths["000000"]["id"])
        for k in t.json["keys"]:
            self.assertEqual(set(k), {"kid", "authority_id", "authority", "public_key",
                                      "valid_from", "valid_until", "uses"})
            self.assertRegex(k["public_key"], r"^[0-9a-f]{64}$")
            self.assertLessEqual(k["valid_from"], k["valid_until"])

        # after an issue the issuer's key is listed; the ETag changes when that key is new
        # (made for this issue), and not otherwise
        _, cert = self.issue("2026-07-06")
        t2 = self.anon().get("/api/v1/public/keys")
        ck = [k for k in t2.json["keys"] if k["kid"] == cert["kid"]]
        self.assertEqual(len(ck), 1)
        self.assertEqual(ck[0]["uses"], ["certificate"])
        self.assertEqual(ck[0]["authority_id"], cert["authority_id"])
        self.assertEqual(ck[0]["authority"], cert["authority"]["zh-CN"])
        if cert["kid"] in by_kid:
            self.assertEqual(t2.etag, t.etag)
        else:
            self.assertNotEqual(t2.etag, t.etag)
        r4 = self.anon().get("/api/v1/public/status-list", headers={"If-None-Match": r.etag})
        self.assertStatus(r4, 200)
        self.assertNotEqual(r4.etag, r.etag)
        bits = zlib.decompress(base64.b64decode(r4.json["list"]))
        # two bits per entry, the first entry in the top bits: a valid certificate is 0
        # (the demo's suspended and revoked certificates have entries of their own)
        i = cert["status_index"]
        self.assertEqual((bits[i // 4] >> (6 - 2 * (i % 4))) & 3, 0)

    def test_search_paging_and_one_by_number(self):
        made = [self.issue(s) for s in ("2026-07-06", "2026-07-13", "2026-07-20")]
        unit, cert = made[0]

        # by a part of the unit's name, by USCC, by number
        part = unit["name"][2:8]
        by_name = self.search(q=part).json["items"]
        self.assertIn(cert["number"], [i["number"] for i in by_name])
        self.assertTrue(all(part in i["unit"] for i in by_name))
        by_uscc = self.search(q=unit["uscc"]).json["items"]
        self.assertEqual([i["number"] for i in by_uscc], [cert["number"]])
        by_number = self.search(q=cert["number"]).json["items"]
        self.assertEqual(len(by_number), 1)
        item = by_number[0]
        self.assertEqual(set(item), ITEM_KEYS)
        self.assertEqual(item["unit"], unit["name"])
        self.assertEqual(item["uscc"], unit["uscc"])
        self.assertEqual((item["state"], item["no_new_classified_work"]), ("valid", False))
        self.assertEqual(item["state_label"]["zh-CN"], "有效")
        self.assertEqual(item["grade_name"]["zh-CN"], "乙级")
        self.assertTrue(item["scheme_name"]["en"])
        self.assertEqual(item["authority"]["zh-CN"], self.auths["320000"]["name_zh"])
        self.assertEqual(item["authority"]["en"], self.auths["320000"]["name_en"])
        self.assertEqual(item["valid_until"], cert["valid_until"])
        # nothing private in the register
        self.assertNotIn("payload", item)
        self.assertEqual(self.search(q="没有这样的单位名称").json,
                         {"items": [], "next_cursor": None})
        # "%" and "_" are taken literally
        self.assertEqual(self.search(q="%").json["items"], [])
        self.assertEqual(self.search(q="_").json["items"], [])

        # paging: one per page, every certificate once, in order
        seen, cursor = [], None
        for _ in range(200):
            p = {"limit": 1}
            if cursor:
                p["cursor"] = cursor
            page = self.search(**p).json
            self.assertLessEqual(len(page["items"]), 1)
            seen += [i["number"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        everything = self.search(limit=100).json["items"]
        self.assertEqual(seen, [i["number"] for i in everything])
        for _, c in made:
            self.assertIn(c["number"], seen)

        # ETag and 304 on the search
        r = self.search(q=unit["uscc"])
        r2 = self.anon().get(q("/api/v1/public/certificates", q=unit["uscc"]),
                             headers={"If-None-Match": r.etag})
        self.assertEqual(r2.status, 304, r2)
        r3 = self.anon().get(q("/api/v1/public/certificates", q=unit["uscc"]),
                             headers={"If-None-Match": '"h0000000000000000"'})
        self.assertStatus(r3, 200)

        # one certificate by number: status, grade, categories, validity, authority, payload
        r = self.anon().get("/api/v1/public/certificates/%s" % cert["number"])
        self.assertStatus(r, 200)
        self.assertEqual(set(r.json), ITEM_KEYS | {"status_index", "kid", "payload"})
        self.assertEqual(r.json["payload"], cert["payload"])
        self.assertEqual(r.json["categories"], cert["categories"])
        self.assertEqual(r.json["status_index"], cert["status_index"])
        r304 = self.anon().get("/api/v1/public/certificates/%s" % cert["number"],
                               headers={"If-None-Match": r.etag})
        self.assertEqual(r304.status, 304)
        self.assertStatus(self.anon().get("/api/v1/public/certificates/JCB99209900001"), 404,
                          "not_found")
        self.assertStatus(self.anon().get("/api/v1/public/certificates/" + "9" * 60), 404,
                          "not_found")

        # every state is shown; a suspended unit may take no new classified work
        con = self.sqlite()
        with con:
            con.execute("UPDATE certificates SET state = 'suspended' WHERE number = ?",
                        (made[1][1]["number"],))
            con.execute("UPDATE certificates SET state = 'revoked' WHERE number = ?",
                        (made[2][1]["number"],))
        con.close()
        s1 = self.search(q=made[1][1]["number"]).json["items"][0]
        self.assertEqual((s1["state"], s1["no_new_classified_work"]), ("suspended", True))
        self.assertEqual(s1["state_label"]["zh-CN"], "暂停")
        s2 = self.search(q=made[2][1]["number"]).json["items"][0]
        self.assertEqual((s2["state"], s2["no_new_classified_work"]), ("revoked", False))

    def test_validation_names_the_field(self):
        a = self.anon()
        for params, field in (({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
                              ({"cursor": "x"}, "cursor"), ({"q": ""}, "q"),
                              ({"q": "名" * 129}, "q"), ({"colour": "red"}, "colour")):
            r = a.get(q("/api/v1/public/certificates", **params))
            self.assertJsonError(r, 400, field=field)
        self.assertJsonError(a.get("/api/v1/public/keys?x=1"), 400)
        self.assertJsonError(a.get("/api/v1/public/status-list?x=1"), 400)
        r = a.post("/api/v1/public/keys", {})
        self.assertEqual(r.status, 405)


class PublicLookupCacheTest(JobsCase):
    """Each worker keeps the encoded answer of a lookup by number until the database
    changes: a change made through the API (by either worker), by `baomi jobs run` (another
    process) or by any other connection shows on the very next lookup, with a new ETag."""

    LOOKUPS = 6  # fresh connections each: both workers answer and keep the answer

    def lookups(self, number, etag=None):
        """LOOKUPS lookups of number (with If-None-Match: etag when given); all must agree.
        Returns the last response."""
        rs = [Client(self.server).get("/api/v1/public/certificates/%s" % number,
                                      headers={"If-None-Match": etag} if etag else {})
              for _ in range(self.LOOKUPS)]
        for r in rs:
            self.assertEqual((r.status, r.etag, r.body), (rs[0].status, rs[0].etag,
                                                           rs[0].body), r)
            self.assertEqual(r.header("cache-control"), "no-store")
        return rs[-1]

    def test_changes_show_on_the_next_lookup(self):
        _, _, cert, day = self.issue("2026-07-06")
        number, until = cert["number"], cert["valid_until"]
        first = self.lookups(number)
        self.assertStatus(first, 200)
        self.assertEqual((first.json["state"], first.json["no_new_classified_work"]),
                         ("valid", False))
        self.assertRegex(first.etag, r'^"h[0-9a-f]{16}"$')
        self.assertEqual(first.header("content-type"), "application/json; charset=utf-8")
        # kept answers still give 304 on If-None-Match, with the ETag and no body
        r304 = self.lookups(number, first.etag)
        self.assertEqual((r304.status, r304.etag, r304.body), (304, first.etag, b""))
        self.assertStatus(self.lookups(number, '"h0000000000000000"'), 200)

        # suspended through the API: the next lookups show it, with a new ETag
        self.cev("approver.js", cert, "suspend", {"reason": "rectification_rejected",
                                                  "start": day, "end": period_last(day, 12)},
                 day)
        sus = self.lookups(number)
        self.assertStatus(sus, 200)
        self.assertEqual((sus.json["state"], sus.json["no_new_classified_work"]),
                         ("suspended", True))
        self.assertNotEqual(sus.etag, first.etag)
        self.assertEqual(self.lookups(number, first.etag).status, 200)
        self.assertEqual(self.lookups(number, sus.etag).status, 304)

        # expired (then cancelled) by `baomi jobs run`, another process (the counts
        # include the demo's certificates of the same period)
        expired, cancelled, _ = self.run_jobs(plus_days(until, 1))
        self.assertGreaterEqual(min(expired, cancelled), 1)
        gone = self.lookups(number)
        self.assertStatus(gone, 200)
        self.assertEqual((gone.json["state"], gone.json["no_new_classified_work"]),
                         ("cancelled", False))
        self.assertNotIn(gone.etag, (first.etag, sus.etag))
        self.assertEqual(self.lookups(number, gone.etag).status, 304)

        # any other connection's write is seen too
        con = self.sqlite()
        with con:
            con.execute("UPDATE certificates SET state = 'revoked' WHERE number = ?",
                        (number,))
        con.close()
        self.assertEqual(self.lookups(number).json["state"], "revoked")


class PublicRateLimitTest(AppsTestCase):
    config = {"register_rate_per_minute": 3}

    def test_429_per_address(self):
        a = Client(self.server)
        codes = [a.get("/api/v1/public/keys").status for _ in range(3)]
        self.assertEqual(codes, [200, 200, 200])
        r = a.get("/api/v1/public/certificates")
        self.assertJsonError(r, 429, "rate_limited")
        self.assertTrue(re.match(r"^\d+$", r.header("retry-after") or ""), r)
        self.assertJsonError(a.get("/api/v1/public/status-list"), 429, "rate_limited")
        self.assertJsonError(a.get("/api/v1/public/certificates/JCB32202600001"), 429)


class DemoRegisterTest(AppsTestCase):
    def test_demo_approvals_are_in_the_register(self):
        """`baomi demo` issues the certificates of its approved cases (two people each), so
        the public register is not empty on a fresh demo."""
        for name, scheme in (("南京鼓楼软件有限公司", "integration"),
                             ("南京航天配套有限公司", "military")):
            r = Client(self.server).get(q("/api/v1/public/certificates", q=name))
            self.assertEqual(r.status, 200, r)
            items = r.json["items"]
            self.assertEqual(len(items), 1, (name, items))
            self.assertEqual((items[0]["scheme"], items[0]["state"]), (scheme, "valid"))
            full = self.client("reviewer.js").get(
                q("/api/v1/certificates", scheme=scheme, limit=200))
            mine = [c for c in full.json["items"] if c["unit"] == name]
            self.assertEqual(len(mine), 1)
            self.assertNotEqual(mine[0]["decided_by"], mine[0]["confirmed_by"])
