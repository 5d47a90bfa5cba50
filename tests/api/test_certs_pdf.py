"""The printed certificate from the server (issue 4 §1-§2): GET /api/v1/certificates/{id}/pdf of
an issued certificate is a one-page PDF whose text (pdftotext) holds the number, the unit, its
USCC and the scheme's names in both languages; drawn at 300 dpi (pdftoppm) its QR code reads back
(`baomi cert verify --qr`) as the very payload the register holds, which verifies against the
server's published trust and status lists, and so does the PDF itself (`--pdf`) and the PDF
uploaded to POST /api/v1/public/verify. Visibility is the certificate's: another province's
reviewer gets 404, an anonymous caller 401."""

import json
import os
import subprocess
import tempfile

from harness import Client, cli
from test_apps_base import AppsTestCase


class PdfTest(AppsTestCase):
    config = {"register_rate_per_minute": 1000000}
    cert = None

    def setUp(self):
        if type(self).cert is None:
            _, offl = self.new_unit()
            app, d = self.drive(offl, "approved", "2026-07-06")
            r = self.client("inspector.js", d["close"]).post(
                "/api/v1/applications/%d/certificate" % app["id"])
            self.assertStatus(r, 201)
            type(self).cert, type(self).day, type(self).officer = r.json, d["close"], offl

    def pdf(self, login):
        return self.client(login, self.day).get("/api/v1/certificates/%d/pdf" % self.cert["id"])

    def test_pdf_text_qr_and_verification(self):
        r = self.pdf("reviewer.js")
        self.assertStatus(r, 200)
        self.assertEqual(r.header("content-type"), "application/pdf")
        self.assertEqual(r.header("content-disposition"),
                         'inline; filename="certificate-%s.pdf"' % self.cert["number"])
        self.assertTrue(r.body.startswith(b"%PDF-"))
        # the unit's officer may print its own certificate too, byte for byte the same
        mine = self.pdf(self.officer)
        self.assertStatus(mine, 200)
        self.assertEqual(mine.body, r.body)

        anon = Client(self.server)
        anon.now = self.day
        keys = anon.get("/api/v1/public/keys")
        status = anon.get("/api/v1/public/status-list")
        self.assertStatus(keys, 200)
        self.assertStatus(status, 200)
        with tempfile.TemporaryDirectory() as d:
            pdf = os.path.join(d, "cert.pdf")
            with open(pdf, "wb") as f:
                f.write(r.body)
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                                  capture_output=True).stdout.decode("utf-8")
            for want in (self.cert["number"], self.cert["unit"], self.cert["uscc"],
                         self.cert["scheme_name"]["zh-CN"], self.cert["scheme_name"]["en"]):
                self.assertIn(want, text)
            pages = subprocess.run(["pdfinfo", pdf], check=True,
                                   capture_output=True).stdout.decode()
            self.assertRegex(pages, r"Pages:\s+1\n")

            trust, st = os.path.join(d, "trust.json"), os.path.join(d, "status.json")
            with open(trust, "w") as f:
                json.dump(keys.json, f)
            with open(st, "w") as f:
                json.dump(status.json, f)
            stem = os.path.join(d, "page")
            subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, stem],
                           check=True)
            for how in (["--qr", stem + ".png"], ["--pdf", pdf]):
                out = cli("cert", "verify", *how, "--trust", trust, "--status", st,
                          "--now", self.day)
                self.assertEqual(out.code, 0, out)
                self.assertTrue(out.out.startswith("valid: "), out)

        # the server reads the printed page's QR code as the register's payload
        v = anon.post("/api/v1/public/verify", raw=r.body, content_type="application/pdf")
        self.assertStatus(v, 200)
        self.assertEqual(v.json["result"], "valid", v.json)
        full = self.client("reviewer.js", self.day).get(
            "/api/v1/certificates/%d" % self.cert["id"])
        self.assertEqual(v.json["payload"], full.json["payload"])

    def test_visibility(self):
        self.assertStatus(self.pdf("reviewer.gd"), 404, "not_found")
        r = Client(self.server).get("/api/v1/certificates/%d/pdf" % self.cert["id"])
        self.assertStatus(r, 401)
        r = self.client("reviewer.js", self.day).get("/api/v1/certificates/999999/pdf")
        self.assertStatus(r, 404, "not_found")
        r = self.client("reviewer.js", self.day).get("/api/v1/certificates/x/pdf")
        self.assertStatus(r, (400, 404))

    def test_status_list_stays_fresh(self):
        # a month without any sanction: the list the register hands out is signed afresh
        # (at most a day old), so verification does not fail as stale
        later = Client(self.server)
        later.now = "2026-08-24"
        r = later.get("/api/v1/public/status-list")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["issued"].startswith("2026-08-2"), r.json["issued"])
        full = self.client("reviewer.js", self.day).get(
            "/api/v1/certificates/%d" % self.cert["id"])
        v = later.post("/api/v1/public/verify", {"payload": full.json["payload"]})
        self.assertStatus(v, 200)
        self.assertEqual(v.json["result"], "valid", v.json)
        self.assertEqual(v.json["status_age"], 0)
        # asked again the same day, it is the same list (no new signature per request)
        again = later.get("/api/v1/public/status-list")
        self.assertEqual(again.json, r.json)
