"""Certificates issued on paper before the bureau used baomi, registered into the register:
a two-person act (an approver of the deciding bureau registers, a second member of its staff
confirms or rejects), every rule at its edge, the certificate signed and verifiable like any
other, showing its paper issue date, owing the annual report only from its registration
year, and living the same life: renewal, then expiry the day after valid_until."""

import os
import subprocess
import tempfile
from urllib.parse import quote

from harness import audit_all, cli
from test_apps_base import plus_days, q
from test_certs_life import LifeCase

NOW = "2026-07-06"


class PaperCase(LifeCase):
    """Registers paper certificates."""

    def body(self, unit, **over):
        b = {"unit_id": unit["id"], "number": "苏密资2021第%04d号" % unit["id"],
             "scheme": "integration", "grade": "B",
             "categories": ["software_development", "operation_maintenance"],
             "paper_issued": "2021-08-16", "valid_from": "2021-08-16",
             "valid_until": "2026-08-15", "note": "据纸质证书档案登记"}
        b.update(over)
        return b

    def register(self, body, login="approver.js", now=NOW, status=201, code=None, field=None):
        r = self.client(login, now).post("/api/v1/paper-registrations", body)
        self.assertStatus(r, status, code, field, msg="register by %s: %r" % (login, r))
        return r

    def decide(self, login, reg, what, body=None, now=NOW, status=200, code=None, etag=None):
        c = self.client(login, now)
        headers = {} if etag is False else {"If-Match": etag or '"v%d"' % reg["version"]}
        r = c.post("/api/v1/paper-registrations/%d/%s" % (reg["id"], what), body,
                   headers=headers)
        self.assertStatus(r, status, code, msg="%s by %s: %r" % (what, login, r))
        return r

    def registered(self, unit=None, now=NOW, **over):
        """A unit (fresh unless given) with a confirmed paper certificate: (unit, officer,
        certificate)."""
        offl = None
        if unit is None:
            unit, offl = self.new_unit()
        reg = self.register(self.body(unit, **over), now=now).json
        reg = self.decide("inspector.js", reg, "confirmation", now=now).json
        return unit, offl, self.cert("inspector.js", reg["certificate_id"], now).json


class PaperTest(PaperCase):

    def _write_bytes(self, data):
        fd, path = tempfile.mkstemp(suffix=".pdf")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        self.addCleanup(os.unlink, path)
        return path

    def test_two_person_registration_and_verification(self):
        unit, offl = self.new_unit()
        body = self.body(unit)
        r = self.register(body)
        reg = r.json
        self.assertEqual(r.header("location"), "/api/v1/paper-registrations/%d" % reg["id"])
        self.assertEqual(r.etag, '"v1"')
        self.assertEqual(reg["state"], "pending")
        self.assertEqual(reg["authority_id"], self.auths["320000"]["id"])
        self.assertEqual((reg["unit"], reg["uscc"]), (unit["name"], unit["uscc"]))
        self.assertEqual(reg["categories"], ["software_development", "operation_maintenance"])
        self.assertEqual(reg["registered_by"], self.uid("approver.js"))
        self.assertIsNone(reg["certificate_id"])
        # the registrant may reject (withdraw) but not confirm; a second member may both
        self.assertEqual(reg["can"], ["reject"])
        seen = self.client("inspector.js").get("/api/v1/paper-registrations/%d" % reg["id"])
        self.assertStatus(seen, 200)
        self.assertEqual(seen.json["can"], ["confirm", "reject"])
        # pending: not in the register yet
        anon = self.server.client()
        self.assertStatus(anon.get("/api/v1/public/certificates/" + quote(body["number"])), 404)

        # nobody off the bureau's staff sees it; the registrant may not confirm
        for login in ("expert.js", offl, "reviewer.gd"):
            self.assertStatus(self.client(login).get(
                "/api/v1/paper-registrations/%d" % reg["id"]), 404)
            self.decide(login, reg, "confirmation", status=404, code="not_found")
        self.assertStatus(self.client(offl).get("/api/v1/paper-registrations"), 403,
                          "forbidden")
        r = self.decide("approver.js", reg, "confirmation", status=403,
                        code="separation_of_duties")
        self.assertIn("registered", r.error["message"])
        # the confirmation needs the current version
        self.decide("inspector.js", reg, "confirmation", status=428, etag=False)
        self.decide("inspector.js", reg, "confirmation", status=412, etag='"v9"')

        r = self.decide("inspector.js", reg, "confirmation")
        reg = r.json
        self.assertEqual((reg["state"], reg["version"], r.etag), ("confirmed", 2, '"v2"'))
        self.assertEqual(reg["decided_by"], self.uid("inspector.js"))
        self.assertEqual(reg["can"], [])
        self.decide("reviewer.js", reg, "confirmation", status=409, code="not_pending")
        self.decide("reviewer.js", reg, "rejection", {"reason": "x"}, status=409,
                    code="not_pending")

        cert = self.cert("reviewer.js", reg["certificate_id"]).json
        self.assertEqual(cert["number"], body["number"])
        self.assertEqual(cert["state"], "valid")
        self.assertIsNone(cert["application_id"])
        self.assertEqual(cert["paper_issued"], "2021-08-16")
        self.assertEqual(cert["issued"], NOW)  # signed here on the day of confirmation
        self.assertEqual((cert["valid_from"], cert["valid_until"]),
                         ("2021-08-16", "2026-08-15"))
        self.assertEqual(cert["reports_from"], "2026-01-01")
        self.assertEqual((cert["unit"], cert["uscc"]), (unit["name"], unit["uscc"]))
        self.assertEqual((cert["decided_by"], cert["confirmed_by"]),
                         (self.uid("approver.js"), self.uid("inspector.js")))
        self.assertEqual(cert["authority_id"], self.auths["320000"]["id"])

        # in the public register, with the paper's date; the payload verifies offline
        pub = self.public(quote(body["number"]), NOW)
        self.assertEqual((pub["state"], pub["paper_issued"]), ("valid", "2021-08-16"))
        ok = self.verify(cert["payload"], NOW)
        self.assertEqual(ok.code, 0, ok)
        late = self.verify(cert["payload"], "2026-08-16")
        self.assertNotEqual(late.code, 0, late)
        self.assertIn("expired", late.out + late.err)

        # the printed certificate says when the paper was issued
        r = self.client("reviewer.js").get("/api/v1/certificates/%d/pdf" % cert["id"])
        self.assertStatus(r, 200)
        pdf = self._write_bytes(r.body)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
        self.assertIn("Paper certificate issued", text)
        self.assertIn("2021-08-16", text)

        # listed by state; audited with both people; the unit told
        items = self.client("reviewer.js").get(
            q("/api/v1/paper-registrations", state="confirmed")).json["items"]
        self.assertIn(reg["id"], [x["id"] for x in items])
        items = self.client("reviewer.js").get(
            q("/api/v1/paper-registrations", state="pending")).json["items"]
        self.assertNotIn(reg["id"], [x["id"] for x in items])
        aud = self.client("auditor")
        ents = audit_all(aud, action="certificate.paper_register",
                         object_id=str(reg["id"]))
        self.assertEqual([e["actor"] for e in ents], ["approver.js"])
        ents = audit_all(aud, action="certificate.paper_confirm",
                         object_id=str(cert["id"]))
        self.assertEqual([e["actor"] for e in ents], ["inspector.js"])
        self.assertEqual(ents[0]["details"]["registered_by"], self.uid("approver.js"))
        kinds = [n["kind"] for n in self.notifications(self.client(offl))]
        self.assertIn("certificate.registered", kinds)

        # the years before registration were examined on paper: 2025 is not owed
        r = self.client(offl, NOW).post("/api/v1/annual-reports",
                                        {"certificate_id": cert["id"], "year": 2025})
        self.assertStatus(r, 422, "not_owed", "year")
        # the number is taken now, and the unit holds a standing certificate
        other, _ = self.new_unit()
        self.register(self.body(other, number=body["number"]), status=409, code="number_taken",
                      field="number")
        self.register(self.body(unit, number="另一编号"), status=409, code="already_certified",
                      field="unit_id")

    def import_csv(self, text, login="approver.js", status=201, code=None, field=None,
                   content_type="text/csv; charset=utf-8"):
        r = self.client(login, NOW).request("POST", "/api/v1/paper-registrations/import",
                                            raw=text.encode("utf-8"),
                                            content_type=content_type)
        self.assertStatus(r, status, code, field, msg="import by %s: %r" % (login, r))
        return r

    def test_import_all_or_nothing(self):
        (u1, _), (u2, _) = self.new_unit(), self.new_unit()
        head = "unit_uscc,number,scheme,grade,categories,paper_issued,valid_from,valid_until,note"
        rows = ['%s,苏密资字〔2022〕%04d号,integration,B,software_development ; '
                'operation_maintenance,2022-03-01,2022-03-01,2027-02-28,"第一批,纸质档案"'
                % (u["uscc"], u["id"]) for u in (u1, u2)]
        good = "\ufeff" + head + "\r\n" + "\r\n".join(rows) + "\r\n\r\n"

        # one bad row refuses the whole file, each refusal named by its line
        bad = (good + "91000000000000000X,X1,integration,B,software_development,"
               "2022-03-01,2022-03-01,2027-02-28,\n"
               "%s,X2,integration,B,software_development,2022-02-30,2022-03-01,2027-02-28,\n"
               "%s,X3,integration,B,software_development,2022-03-01,2022-03-01,2027-03-01,\n"
               ",,,,,,,,\n" % (u1["uscc"], u2["uscc"]))
        r = self.import_csv(bad, status=422, code="import_invalid", field="csv")
        got = [(e["line"], e["field"], e["code"]) for e in r.json["error"]["rows"]]
        self.assertEqual(got, [(5, "unit_uscc", "invalid_value"),
                               (6, "paper_issued", "invalid_value"),
                               (7, "valid_until", "validity_too_long")])
        self.assertEqual(r.json["error"]["more"], 0)
        pending = self.client("reviewer.js").get(
            q("/api/v1/paper-registrations", state="pending", limit=200)).json["items"]
        self.assertFalse({u1["id"], u2["id"]} & {x["unit_id"] for x in pending})

        # the good file: every row pending, as the form registers it
        r = self.import_csv(good)
        self.assertEqual(r.json["registered"], 2)
        regs = [self.client("reviewer.js").get("/api/v1/paper-registrations/%d" % i).json
                for i in r.json["ids"]]
        self.assertEqual([x["unit_id"] for x in regs], [u1["id"], u2["id"]])
        self.assertEqual({x["state"] for x in regs}, {"pending"})
        self.assertEqual(regs[0]["categories"], ["software_development", "operation_maintenance"])
        self.assertEqual(regs[0]["note"], "第一批,纸质档案")
        self.assertTrue(audit_all(self.client("auditor"), action="certificate.paper_import"))
        # imported again: the numbers are held by the pending registrations
        r = self.import_csv(good, status=422, code="import_invalid")
        self.assertEqual([e["code"] for e in r.json["error"]["rows"]],
                         ["number_taken", "number_taken"])

        # the file itself
        self.import_csv(good, content_type="application/json", status=415)
        self.import_csv("", status=400, code="invalid_import", field="csv")
        self.import_csv(head + "\n", status=400, code="invalid_import")
        self.import_csv(head.replace(",note", ",remark") + "\n", status=400,
                        code="invalid_import")
        self.import_csv(head.replace("grade,", "") + "\n", status=400, code="invalid_import")
        r = self.import_csv(head + '\n"open,', status=400, code="invalid_csv", field="csv")
        self.assertIn("line 2", r.error["message"])
        self.import_csv(good, login="reviewer.js", status=403, code="forbidden")
        # rows left empty cost nothing (here 3 MB of them: no row at all), and a file
        # over 4 MiB is refused whole
        self.import_csv(head + "\n" + ",,,,,,,,\n" * 350000, status=400,
                        code="invalid_import")
        self.import_csv(head + "\n" + "x" * (4 << 20), status=413)

    def test_rules_at_their_edges(self):
        unit, _ = self.new_unit()
        reg = lambda **o: self.body(unit, **o)  # noqa: E731
        # shape: every field named
        for field in ("unit_id", "number", "scheme", "grade", "categories", "paper_issued",
                      "valid_from", "valid_until"):
            b = reg()
            del b[field]
            self.register(b, status=400, field=field)
        self.register(reg(valid_from="2021-02-30"), status=400, field="valid_from")
        self.register(reg(scheme="nope"), status=400, code="invalid_value", field="scheme")
        self.register(reg(grade="Z"), status=400, code="invalid_value", field="grade")
        self.register(reg(categories=["nope"]), status=400, code="invalid_value",
                      field="categories")
        self.register(reg(unit_id=999999), status=400, code="invalid_value", field="unit_id")
        self.register(reg(number="编" * 17), status=400, code="too_long", field="number")
        self.register(reg(number=""), status=400, field="number")
        self.register(reg(extra=1), status=400, field="extra")
        # dates: at most the scheme's 5 years, in force today, not ended
        self.register(reg(valid_until="2021-08-15"), status=422, code="invalid_period",
                      field="valid_until")
        self.register(reg(valid_until="2026-08-16"), status=422, code="validity_too_long",
                      field="valid_until")
        self.register(reg(valid_from=plus_days(NOW, 1), valid_until="2031-07-06",
                          paper_issued=NOW), status=422, code="not_yet_valid",
                      field="valid_from")
        self.register(reg(valid_from="2021-07-06", valid_until=plus_days(NOW, -1)), status=422,
                      code="already_ended", field="valid_until")
        self.register(reg(paper_issued=plus_days(NOW, 1)), status=422, code="invalid_date",
                      field="paper_issued")
        # the last day of validity is today, and the five years exactly: accepted
        ok = self.register(reg(valid_from="2021-07-07", valid_until=NOW)).json
        # one pending registration per unit and scheme; its number is held meanwhile
        self.register(reg(number="另一编号"), status=409, code="registration_pending",
                      field="unit_id")
        other, _ = self.new_unit()
        self.register(self.body(other, number=ok["number"]), status=409, code="number_taken",
                      field="number")
        # who registers: an approver of the bureau that decides such certificates
        self.register(self.body(other), login="reviewer.js", status=403, code="forbidden")
        self.register(self.body(other), login="inspector.js", status=403, code="forbidden")
        self.register(self.body(other, grade="A"), status=403, code="not_your_step")

        # rejected with a reason (required), then the number may be registered again
        self.decide("inspector.js", ok, "rejection", {}, status=400)
        r = self.decide("inspector.js", ok, "rejection", {"reason": "证书编号与档案不符"})
        self.assertEqual((r.json["state"], r.json["reason"]), ("rejected", "证书编号与档案不符"))
        self.decide("approver.js", r.json, "confirmation", status=409, code="not_pending")
        self.assertTrue(audit_all(self.client("auditor"), action="certificate.paper_reject",
                                  object_id=str(ok["id"])))
        again = self.register(self.body(other, number=ok["number"])).json
        # the rules are read again on the day of confirmation: ended meanwhile
        self.decide("inspector.js", again, "confirmation", now="2026-08-16", status=422,
                    code="already_ended")

    def test_review_findings(self):
        """Who asks is settled before the data speaks; every text fits; numbers the
        system will give are passed over when a paper certificate holds them."""
        unit, offl, cert, day = self.issue("2026-03-02")
        # nobody but an approver learns anything of a unit's certificates
        for login in (offl, "expert.js", "reviewer.gd", "inspector.js"):
            r = self.register(self.body(unit), login=login, status=403, code="forbidden")
            self.assertNotIn(unit["name"], r.error["message"])
        self.register(self.body(unit, unit_id=999999), status=400, code="invalid_value",
                      field="unit_id")
        # the paper's date: at most a year before valid_from, never day 0
        fresh, _ = self.new_unit()
        for bad in ("1970-01-01", plus_days("2021-08-16", -367)):
            self.register(self.body(fresh, paper_issued=bad), status=422, code="invalid_date",
                          field="paper_issued")
        # numbers as printed: no space at the ends, nothing invisible, one line
        for bad in (" JS-1", "JS-1 ", "JS\u202e-1", "JS\t1", "JS\u200b1"):
            self.register(self.body(fresh, number=bad), status=400, field="number")
        # a note of 2,000 four-byte characters is kept whole and read back
        note = "\U0001F600" * 2000
        reg = self.register(self.body(fresh, note=note)).json
        self.assertEqual(reg["note"], note)
        got = self.client("reviewer.js").get("/api/v1/paper-registrations/%d" % reg["id"])
        self.assertStatus(got, 200)
        self.assertEqual(got.json["note"], note)
        r = self.decide("inspector.js", reg, "rejection", {"reason": "\U0001F600" * 2000})
        self.assertEqual(len(r.json["reason"]), 2000)

        # the next number issuance would give is held by a paper certificate: passed over
        seq = int(cert["number"][-5:])
        held = "%s%05d" % (cert["number"][:-5], seq + 1)
        other, _, _ = self.registered(number=held, now=day)
        _, _, cert2, _ = self.issue("2026-03-02")
        self.assertEqual(cert2["number"], "%s%05d" % (cert["number"][:-5], seq + 2))
        # and so is a version's: "-2" held, the renamed unit's certificate gets "-3"
        self.registered(number=cert["number"] + "-2", now=day)
        self.unit_patch(offl, unit["id"], {"name": unit["name"] + "（更名）"}, now=day)
        numbers = [c["number"] for c in self.client("inspector.js").get(
            "/api/v1/certificates?unit_id=%d&limit=200" % unit["id"]).json["items"]]
        self.assertIn(cert["number"] + "-3", numbers)

        # a unit with an application in progress under the scheme waits for its decision
        busy, busy_off = self.new_unit()
        self.submitted(self.client(busy_off), now="2026-07-06")
        self.register(self.body(busy), status=409, code="application_open", field="unit_id")

    def unit_patch(self, login, unit_id, body, now=None):
        c = self.client(login, now)
        u = c.get("/api/v1/units/%d" % unit_id)
        self.assertStatus(u, 200)
        r = c.patch_if("/api/v1/units/%d" % unit_id, body, u.etag)
        self.assertStatus(r, 200, msg="unit patch: %r" % r)
        return r

    def test_renewed_then_expired(self):
        """A paper certificate is renewed in its window; on the day after valid_until the
        scheduler expires it (a renewal was granted: it is not cancelled) and the renewal,
        continuing from it, stands."""
        unit, offl, cert = self.registered(now="2026-03-02", valid_from="2021-10-01",
                                           paper_issued="2021-09-28",
                                           valid_until="2026-09-30")
        r = self.client(offl, "2026-06-01").post("/api/v1/applications", {
            "scheme": cert["scheme"], "grade": cert["grade"], "categories": cert["categories"],
            "renewal_of": cert["id"]})
        self.assertStatus(r, 201)
        off = self.client(offl, "2026-06-01")
        self.upload_all(off, r.json["id"])
        app = self.event(off, r.json, "submit").json
        app, d = self.drive(offl, "approved", "2026-06-01", app=app)
        r = self.client("inspector.js", d["close"]).post(
            "/api/v1/applications/%d/certificate" % app["id"])
        self.assertStatus(r, 201)
        new = r.json
        self.assertEqual((new["predecessor_id"], new["valid_from"]), (cert["id"], "2026-10-01"))
        self.assertIsNone(new["paper_issued"])
        self.assertEqual(new["reports_from"], "2026-10-01")

        r = cli("jobs", "run", "--data", self.server.data, "--now", "2026-10-01")
        self.assertEqual(r.code, 0, r)
        old = self.cert("inspector.js", cert["id"]).json
        self.assertEqual(old["state"], "expired")
        self.assertEqual(self.public(quote(cert["number"]), "2026-10-01")["state"], "expired")
        self.assertEqual(self.cert("inspector.js", new["id"]).json["state"], "valid")
        # run again: nothing more happens to it
        r = cli("jobs", "run", "--data", self.server.data, "--now", "2026-10-02")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.cert("inspector.js", cert["id"]).json["state"], "expired")
