"""Verifying certificates (issue 4 §2): every test vector of tests/vectors/certificates/
through POST /api/v1/public/verify in its own context and through `baomi cert verify`;
the printed certificate (`baomi cert pdf`) read back as text by pdftotext and as a QR code
from a 300 dpi PNG scan and from the PDF itself; pictures and PDFs uploaded to the
endpoint, checked against the server's own lists; and the endpoint's validation errors
and per-address rate limit."""

import contextlib
import glob
import http.client
import json
import os
import shutil
import subprocess
import unittest

from harness import BIN, ROOT, Client, ServerTestCase, cli, tmpdir

VECTORS = os.path.join(ROOT, "tests", "vectors", "certificates")
STEPS = ["prefix", "base45", "encoding", "key", "key_validity", "signature", "validity",
         "status_signature", "status_freshness", "status"]
VERIFY = "/api/v1/public/verify"
HAVE_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


@contextlib.contextmanager
def case(**what):
    """Name the case in a failure and stop there (run.py does not report subTest
    failures, so loops must fail the test itself)."""
    try:
        yield
    except AssertionError as e:
        raise AssertionError("%s: %s" % (", ".join("%s=%s" % kv for kv in what.items()), e)) \
            from None


def vectors():
    out = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        with open(path, encoding="utf-8") as f:
            out.append((os.path.basename(path), json.load(f)))
    return out


def vector(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


def write_context(d, vec):
    """The vector's trust list and status list as files in d: (trust, status or None)."""
    trust = os.path.join(d, "trust.json")
    with open(trust, "w", encoding="utf-8") as f:
        json.dump(vec["trust_list"], f, ensure_ascii=False)
    status = None
    if vec["status_list"] is not None:
        status = os.path.join(d, "status.json")
        with open(status, "w", encoding="utf-8") as f:
            json.dump(vec["status_list"], f)
    return trust, status


def context_args(vec, trust, status):
    args = ["--trust", trust, "--now", vec["now"], "--max-age", str(vec["max_age"])]
    if status is not None:
        args += ["--status", status]
    return args


class SourceClient(Client):
    """A client whose connections come from another loopback address (127.0.0.0/8), so
    that the per-address rate limit of one test does not spend another's tokens."""

    def __init__(self, server, source):
        super().__init__(server)
        self.source = source

    def _conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout,
                                          source_address=(self.source, 0))


def verify_body(vec):
    return {"payload": vec["payload"], "trust_list": vec["trust_list"],
            "status_list": vec["status_list"], "today": vec["now"], "max_age": vec["max_age"]}


class VectorsTest(ServerTestCase):
    """The whole folder, through the API and through `baomi cert verify`."""

    def test_every_vector_through_the_api(self):
        c = SourceClient(self.server, "127.0.0.2")
        vecs = vectors()
        self.assertGreaterEqual(len(vecs), 69)
        results = set()
        for name, vec in vecs:
            with case(vector=name):
                r = c.post(VERIFY, verify_body(vec))
                self.assertStatus(r, 200)
                j = r.json
                self.assertEqual(j["result"], vec["expected"], "%s: %s" % (name, j["reason"]))
                self.assertEqual(j["steps"],
                                 [{"step": s, "outcome": vec["steps"][s]} for s in STEPS])
                self.assertEqual(j["lists"], "request")
                self.assertEqual(j["payload"], vec["payload"])
                self.assertTrue(j["reason"])
                # the certificate is shown once it decoded, never before
                if vec["steps"]["encoding"] == "pass":
                    self.assertIsInstance(j["certificate"], dict)
                    self.assertEqual(len(j["certificate"]["kid"]), 16)
                    self.assertRegex(j["certificate"]["valid_until"], r"^\d{4}-\d\d-\d\d$")
                else:
                    self.assertIsNone(j["certificate"])
                if vec["status_list"] is None:
                    self.assertIsNone(j["status_age"])
                    self.assertIsNone(j["status"])
                else:
                    self.assertIsInstance(j["status_age"], int)
                results.add(j["result"])
        # the folder reaches every verdict the verifier has
        self.assertEqual(len(results), 15, sorted(results))

    def test_every_vector_through_the_cli(self):
        d = tmpdir("certcli")
        for name, vec in vectors():
            with case(vector=name):
                trust, status = write_context(d, vec)
                # as an argument: standard input would drop a final line end
                r = cli("cert", "verify", *context_args(vec, trust, status), "--",
                        vec["payload"])
                self.assertEqual(r.code, 0 if vec["expected"] == "valid" else 1, repr(r))
                self.assertEqual(r.out.split(":", 1)[0], vec["expected"], repr(r))
                self.assertEqual(r.out.count("\n"), 1, repr(r))

    def test_payload_exactly_as_given(self):
        # the text is not trimmed: a trailing newline is a base45 fault, as offline
        vec = vector("valid.json")
        body = verify_body(vec)
        body["payload"] += "\n"
        r = SourceClient(self.server, "127.0.0.2").post(VERIFY, body)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["result"], "bad_base45")


@unittest.skipUnless(HAVE_POPPLER, "poppler-utils (pdftotext, pdftoppm) not installed")
class PrintedTest(ServerTestCase):
    """`baomi cert pdf`, read back by people (text) and by machines (the QR code)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tmpdir("certpdf")

    def render(self, name, vec):
        out = os.path.join(self.dir, name + ".pdf")
        r = cli("cert", "pdf", "--payload", vec["payload"], "--out", out)
        self.assertEqual(r.code, 0, repr(r))
        self.assertTrue(os.path.getsize(out) > 1000)
        return out

    def test_pdf_text_scan_and_verify(self):
        vec = vector("status-valid.json")
        trust, status = write_context(self.dir, vec)
        ctx = context_args(vec, trust, status)
        first = cli("cert", "verify", vec["payload"], *ctx)
        self.assertEqual(first.code, 0, repr(first))
        number = first.out.split(": ", 1)[1].split(",", 1)[0]
        self.assertEqual(number, "JCA-2024-000123")
        pdf = self.render("valid", vec)
        # real text: a reader or a search engine finds the number, the unit, its USCC
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        for want in (number, "南京金盾信息安全技术有限公司", "91320106MA1N4K7B3J",
                     "2029-03-14", "保密资格证书", "Certificate of Secrecy Qualification",
                     "baomi cert verify"):
            self.assertIn(want, text)
        # deterministic: the same certificate prints the same bytes
        again = self.render("valid-again", vec)
        with open(pdf, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())
        # a 300 dpi scan of the page, its QR code read back and verified
        stem = os.path.join(self.dir, "page")
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, stem], check=True)
        r = cli("cert", "verify", "--qr", stem + ".png", *ctx)
        self.assertEqual(r.code, 0, repr(r))
        self.assertEqual(r.out, first.out)
        r = cli("cert", "verify", "--pdf", pdf, *ctx)
        self.assertEqual(r.code, 0, repr(r))
        self.assertEqual(r.out, first.out)

    def test_names_printed(self):
        vec = vector("valid.json")
        out = os.path.join(self.dir, "named.pdf")
        r = cli("cert", "pdf", "--payload", vec["payload"], "--out", out,
                "--scheme-zh", "涉密信息系统集成", "--scheme-en", "Classified system integration",
                "--grade-zh", "甲级", "--grade-en", "Grade A", "--categories-zh", "系统集成、软件开发",
                "--categories-en", "System integration, software development")
        self.assertEqual(r.code, 0, repr(r))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        for want in ("涉密信息系统集成", "Classified system integration", "甲级", "Grade A",
                     "系统集成、软件开发", "System integration, software development"):
            self.assertIn(want, text)
        # without names, the codes
        plain = self.render("plain", vec)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", plain, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        self.assertIn("integration", text)
        self.assertNotIn("甲级", text)
        # a name that is not UTF-8 is refused
        r = subprocess.run([BIN, "cert", "pdf", "--payload", vec["payload"], "--out", out,
                            "--grade-zh", b"\xff\xfe"], capture_output=True)
        self.assertEqual(r.returncode, 1, r)

    def test_revoked_certificate_prints_and_reads_revoked(self):
        vec = vector("status-revoked.json")
        d = tmpdir("certpdf-revoked")
        trust, status = write_context(d, vec)
        pdf = self.render("revoked", vec)
        r = cli("cert", "verify", "--pdf", pdf, *context_args(vec, trust, status))
        self.assertEqual(r.code, 1, repr(r))
        self.assertTrue(r.out.startswith("revoked: "), repr(r))

    def test_longest_certificate(self):
        # 128 CJK characters of name, every category: a version-22 code
        vec = vector("valid-long-name.json")
        d = tmpdir("certpdf-long")
        trust, status = write_context(d, vec)
        pdf = self.render("long", vec)
        stem = os.path.join(d, "page")
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, stem], check=True)
        r = cli("cert", "verify", "--qr", stem + ".png", *context_args(vec, trust, status))
        self.assertEqual(r.code, 0, repr(r))
        self.assertTrue(r.out.startswith("valid: "), repr(r))

    def test_cli_refusals(self):
        vec = vector("valid.json")
        trust, _ = write_context(self.dir, vec)
        junk = os.path.join(self.dir, "junk.png")
        with open(junk, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n not really")
        r = cli("cert", "verify", "--qr", junk, "--trust", trust)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn("junk.png", r.err)
        r = cli("cert", "verify", "--pdf", junk, "--trust", trust)
        self.assertEqual(r.code, 2, repr(r))
        r = cli("cert", "verify", "--qr", os.path.join(self.dir, "missing.png"), "--trust", trust)
        self.assertEqual(r.code, 2, repr(r))
        # a payload and an image at once, or two images: usage
        r = cli("cert", "verify", vec["payload"], "--qr", junk, "--trust", trust)
        self.assertEqual(r.code, 2, repr(r))
        r = cli("cert", "verify", "--qr", junk, "--pdf", junk, "--trust", trust)
        self.assertEqual(r.code, 2, repr(r))
        # cert pdf: a text that is no certificate prints nothing
        out = os.path.join(self.dir, "nothing.pdf")
        for bad in ("hello", "BM1:AAAA", vec["payload"][:-10]):
            r = cli("cert", "pdf", "--payload", bad, "--out", out)
            self.assertEqual(r.code, 1, repr(r))
            self.assertFalse(os.path.exists(out))
        r = cli("cert", "pdf", "--payload", vec["payload"])
        self.assertEqual(r.code, 2, repr(r))

    def test_upload_png_and_pdf_to_the_server(self):
        # the server's own trust list does not hold the test vectors' keys: a
        # well-formed certificate read from a picture is an unknown key there
        vec = vector("valid.json")
        pdf = self.render("upload", vec)
        stem = os.path.join(self.dir, "upload")
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, stem], check=True)
        c = Client(self.server)
        with open(stem + ".png", "rb") as f:
            png = f.read()
        with open(pdf, "rb") as f:
            pdf_bytes = f.read()
        for data, ctype in ((png, "image/png"), (pdf_bytes, "application/pdf")):
            with case(content_type=ctype):
                r = c.post(VERIFY, raw=data, content_type=ctype)
                self.assertStatus(r, 200)
                j = r.json
                self.assertEqual(j["result"], "unknown_key", j["reason"])
                self.assertEqual(j["lists"], "server")
                self.assertEqual(j["payload"], vec["payload"])
                self.assertEqual(j["certificate"]["number"], "JCA-2024-000123")
                outcomes = {s["step"]: s["outcome"] for s in j["steps"]}
                self.assertEqual(outcomes["encoding"], "pass")
                self.assertEqual(outcomes["key"], "fail")
                self.assertEqual(outcomes["status"], "skip")
        # the same text as JSON without a trust list: the server's lists too
        r = c.post(VERIFY, {"payload": vec["payload"]})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["result"], r.json["lists"]), ("unknown_key", "server"))

    def test_upload_garbage(self):
        c = Client(self.server)
        white = os.path.join(self.dir, "white")
        # a real PNG without any code in it: a corner of the page
        vec = vector("valid.json")
        self.render("blank-src", vec)
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-x", "0", "-y", "0",
                        "-W", "60", "-H", "20", os.path.join(self.dir, "blank-src.pdf"), white],
                       check=True)
        with open(white + ".png", "rb") as f:
            r = c.post(VERIFY, raw=f.read(), content_type="image/png")
        self.assertJsonError(r, 400, "no_qr_code", "image")
        cases = [(b"", "image/png", "bad_image"),
                 (b"GIF89a not a png", "image/png", "bad_image"),
                 (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "image/png", "bad_image"),
                 (b"", "application/pdf", "bad_pdf"),
                 (b"%PDF-1.5\n" + os.urandom(300), "application/pdf", "bad_pdf")]
        for data, ctype, code in cases:
            with case(content_type=ctype, data=data[:12]):
                r = c.post(VERIFY, raw=data, content_type=ctype)
                self.assertJsonError(r, 400, code, "image")


class ValidationTest(ServerTestCase):
    """What the endpoint refuses before verifying anything, and its rate limit."""

    def setUp(self):
        self.c = SourceClient(self.server, "127.0.0.5")

    def test_refusals(self):
        vec = vector("valid.json")
        good = verify_body(vec)
        cases = [
            ({"trust_list": vec["trust_list"]}, "payload"),
            (dict(good, payload=7), "payload"),
            (dict(good, payload="A" * 6000), "payload"),
            (dict(good, today="2026-02-30"), "today"),
            (dict(good, today=20260503), "today"),
            (dict(good, max_age=-1), "max_age"),
            (dict(good, max_age=3651), "max_age"),
            (dict(good, max_age="7"), "max_age"),
            (dict(good, trust_list={}), "trust_list"),
            (dict(good, trust_list={"format": "baomi-trust-list-v1", "keys": [], "x": 1}),
             "trust_list"),
            (dict(good, status_list={"format": "baomi-status-list-v1"}), "status_list"),
            ({"payload": vec["payload"], "status_list": vector("status-valid.json")["status_list"]},
             "status_list"),
            (dict(good, extra=1), "extra"),
        ]
        for body, field in cases:
            with case(field=field, body=str(body)[:80]):
                r = self.c.post(VERIFY, body)
                self.assertJsonError(r, 400, None, field)
        for raw in ("", "[]", "{", '{"payload": "a", "payload": "b"}', "null"):
            with case(raw=raw):
                self.assertJsonError(self.c.post(VERIFY, raw=raw), 400)
        r = self.c.post(VERIFY, raw="BM1:...", content_type="text/plain")
        self.assertJsonError(r, 415, "unsupported_media_type", "Content-Type")
        r = self.c.post(VERIFY, raw="BM1:...", content_type=None)
        self.assertJsonError(r, 415, "unsupported_media_type")
        self.assertJsonError(self.c.get(VERIFY), 405)
        # the explicit context works with a status list given as null, too
        r = self.c.post(VERIFY, dict(good, status_list=None))
        self.assertStatus(r, 200)
        self.assertEqual(r.json["result"], "valid")

    def test_body_limit(self):
        r = self.c.post(VERIFY, raw=b"\0" * (20 * 1024 * 1024 + 1), content_type="image/png")
        self.assertJsonError(r, 413)
        # an image within the route's limit but past the decoder's (16 MiB)
        r = self.c.post(VERIFY, raw=b"\x89PNG" + b"\0" * (17 * 1024 * 1024),
                        content_type="image/png")
        self.assertJsonError(r, 413, "image_too_large", "image")
        # JSON: 1 MiB
        body = json.dumps({"payload": "BM1:", "pad": "x" * (1024 * 1024)})
        self.assertJsonError(self.c.post(VERIFY, raw=body), 413, "payload_too_large")

    def test_rate_limit_per_address(self):
        c = SourceClient(self.server, "127.0.0.6")
        body = {"payload": "BM1:", "trust_list": vector("valid.json")["trust_list"]}
        served = 0
        r = None
        for _ in range(400):
            r = c.post(VERIFY, body)
            if r.status != 200:
                break
            self.assertEqual(r.json["result"], "bad_encoding")
            served += 1
        self.assertJsonError(r, 429, "rate_limited")
        self.assertTrue(int(r.header("retry-after")) >= 1)
        # 120 a minute with a burst of 120 (plus the few refilled meanwhile)
        self.assertGreaterEqual(served, 120)
        self.assertLess(served, 200)
        # another address is still served
        r = SourceClient(self.server, "127.0.0.7").post(VERIFY, body)
        self.assertStatus(r, 200)
