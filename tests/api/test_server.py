"""Server basics: probes, OpenAPI, headers, request ids and the access log, static files,
graceful shutdown, TLS."""

import http.client
import json
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import time
import unittest

from harness import (BIN, Client, Server, ServerTestCase, cli, sanitizer_report, tmpdir,
                     unit_body, wait_until)

INDEX = "<!doctype html><html><head><title>baomi test page</title></head><body>测试</body></html>\n"
CSS = "body { color: #222; }\n"


def make_web_dir():
    d = tmpdir("web")
    with open(os.path.join(d, "index.html"), "w", encoding="utf-8") as f:
        f.write(INDEX)
    with open(os.path.join(d, "style.css"), "w") as f:
        f.write(CSS)
    os.makedirs(os.path.join(d, "js"))
    with open(os.path.join(d, "js", "app.js"), "w") as f:
        f.write("export const x = 1;\n")
    return d


class BasicsTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server_kwargs = {"web": make_web_dir()}
        super().setUpClass()
        cls.adm = cls.server.login("sysadmin")

    def sample(self):
        """(response, is_api) for a spread of API and static requests."""
        anon = Client(self.server)
        return [
            (anon.get("/healthz"), True),
            (anon.get("/readyz"), True),
            (anon.get("/api/v1/me"), True),                       # 401
            (self.adm.get("/api/v1/units"), True),                # 200
            (self.adm.get("/api/v1/nope"), True),                 # 404
            (self.adm.request("PUT", "/api/v1/units", body={}), True),  # 405
            (self.adm.post("/api/v1/units", raw="x", content_type="text/plain"), True),  # 415
            (anon.post("/api/v1/session", {"login": "a", "password": "b" * 5000}), True),  # 413
            (anon.get("/"), False),
            (anon.get("/style.css"), False),
            (anon.get("/js/app.js"), False),
            (anon.get("/no-such-file.html"), False),
        ]

    def test_healthz_readyz(self):
        r = Client(self.server).get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"status": "ok"})
        r = Client(self.server).get("/readyz")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "ready")

    def test_openapi(self):
        r = Client(self.server).get("/api/v1/openapi.json")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("content-type").startswith("application/json"))
        doc = r.json
        self.assertTrue(doc["openapi"].startswith("3."))
        for p in ("/api/v1/session", "/api/v1/units", "/api/v1/audit"):
            self.assertIn(p, doc["paths"])

    def test_security_headers(self):
        for r, is_api in self.sample():
            with self.subTest(path=r.path, status=r.status):
                csp = r.header("content-security-policy") or ""
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("default-src", csp)
                self.assertEqual(r.header("x-content-type-options"), "nosniff")
                self.assertIn(r.header("referrer-policy"),
                              ("no-referrer", "same-origin", "strict-origin"))
                self.assertEqual(r.header("x-frame-options"), "DENY")
                self.assertIsNone(r.header("strict-transport-security"))  # plain HTTP

    def test_cache_control_on_api(self):
        for r, is_api in self.sample():
            if is_api:
                with self.subTest(path=r.path, status=r.status):
                    self.assertIn("no-store", r.header("cache-control") or "", r)

    def test_api_errors_are_json(self):
        for r, is_api in self.sample():
            if is_api and r.status >= 400:
                with self.subTest(path=r.path, status=r.status):
                    self.assertTrue(r.header("content-type").startswith("application/json"), r)
                    self.assertIn("code", r.json["error"])

    def test_request_id_everywhere_and_in_access_log(self):
        rs = [r for r, _ in self.sample()]
        ids = []
        for r in rs:
            with self.subTest(path=r.path, status=r.status):
                self.assertEqual(len(r.header_all("x-request-id")), 1, r.headers)
                self.assertTrue(r.rid)
                ids.append(r.rid)
        self.assertEqual(len(set(ids)), len(ids), "request ids are not unique")

        def logged():
            lines = {l.get("request_id"): l for l in self.server.access_log_lines()}
            return lines if all(i in lines for i in ids) else None

        lines = wait_until(logged, timeout=5)
        self.assertIsNotNone(lines, "not every request id is in the access log")
        for r in rs:
            line = lines[r.rid]
            self.assertEqual(line["status"], r.status)
            self.assertEqual(line["method"], r.method)
            self.assertEqual(line["path"], r.path.split("?")[0])
            self.assertEqual(line["client"], "127.0.0.1")

    def test_request_id_matches_audit(self):
        r = self.adm.post("/api/v1/units", unit_body())
        self.assertStatus(r, 201)
        aud = self.server.login("auditor")
        items = aud.get("/api/v1/audit?action=unit.create&object_id=%d" % r.json["id"]).json["items"]
        self.assertEqual([e["request_id"] for e in items], [r.rid])

    def test_static_files(self):
        c = Client(self.server)
        r = c.get("/")
        self.assertStatus(r, 200)
        self.assertEqual(r.body.decode("utf-8"), INDEX)
        self.assertTrue(r.header("content-type").startswith("text/html"))
        r = c.get("/index.html")
        self.assertStatus(r, 200)
        self.assertEqual(r.body.decode("utf-8"), INDEX)
        r = c.get("/style.css")
        self.assertStatus(r, 200)
        self.assertEqual(r.body.decode(), CSS)
        self.assertTrue(r.header("content-type").startswith("text/css"))
        r = c.get("/js/app.js")
        self.assertStatus(r, 200)
        self.assertIn("javascript", r.header("content-type"))
        self.assertEqual(c.get("/no-such-file.html").status, 404)
        r = c.get("/js/")
        self.assertNotEqual(r.status, 200, "directory listing served: %r" % r)

    def test_static_cannot_escape_web_dir(self):
        for path in ("/../keys/audit.key", "/%2e%2e/%2e%2e/etc/passwd", "/../../../../etc/passwd",
                     "/..%2f..%2fetc%2fpasswd"):
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            self.assertNotIn(b"root:", body, path)
            self.assertNotIn(b"PRIVATE", body.upper(), path)

    def test_sighup_does_not_stop(self):
        self.server.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        self.assertIsNone(self.server.proc.poll(), "SIGHUP stopped the server")
        self.assertStatus(Client(self.server).get("/healthz"), 200)

    def test_keepalive_many_requests(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        for _ in range(50):
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
        conn.close()

    def test_concurrent_readers(self):
        import threading
        errors = []

        def run():
            c = Client(self.server, token=None)
            c.cookies, c.csrf = dict(self.adm.cookies), self.adm.csrf
            for _ in range(20):
                r = c.get("/api/v1/units?limit=5")
                if r.status != 200:
                    errors.append(r)

        ts = [threading.Thread(target=run) for _ in range(6)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])


class GracefulShutdownTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s = cls.server = Server()
        s.start()
        body = json.dumps({"login": "sysadmin", "password": "Baomi-Demo-2026"}).encode()
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=15)
        # a request in flight: headers and half the body sent
        sock.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:20])
        time.sleep(0.3)
        t0 = time.time()
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        cls.still_running = s.proc.poll() is None
        try:
            sock.sendall(body[20:])
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError as e:
            data = ("socket error: %s" % e).encode()
        sock.close()
        cls.reply = data
        cls.code = s.stop()
        cls.took = time.time() - t0
        cls.sanitizer = sanitizer_report(s.stderr())
        db = sqlite3.connect(os.path.join(s.data, "baomi.db"))
        cls.entries = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        cls.last_head = db.execute("SELECT COALESCE(MAX(size), 0) FROM audit_heads").fetchone()[0]
        cls.logins = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login' "
                                "AND outcome = 'ok'").fetchone()[0]
        db.close()

    def test_in_flight_request_completes(self):
        self.assertTrue(self.still_running, "server exited with a request in flight")
        head = self.reply.split(b"\r\n", 1)[0]
        self.assertIn(b" 200 ", head, self.reply[:300])
        self.assertIn(b"csrf_token", self.reply)
        self.assertEqual(self.logins, 1)

    def test_exit_status_zero(self):
        self.assertEqual(self.code, 0, self.server.stderr()[-2000:])
        self.assertIsNone(self.sanitizer, self.sanitizer)
        self.assertLess(self.took, 12)

    def test_final_signed_head(self):
        self.assertGreater(self.entries, 0)
        self.assertEqual(self.last_head, self.entries, "no signed head covering every entry")
        r = cli("audit", "verify", "--data", self.server.data)
        self.assertEqual(r.code, 0, r)


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        d = tmpdir("tls")
        cls.cert, cls.key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", cls.key, "-out",
                        cls.cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                       check=True, capture_output=True)
        cls.server = Server(tls=(cls.cert, cls.key))
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop_checked()

    def test_https_login_secure_cookie(self):
        c = Client(self.server)
        r = c.get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertIn("max-age=", r.header("strict-transport-security") or "")
        r = c.login("sysadmin")
        self.assertEqual(r.status, 200, r)
        sc = r.header("set-cookie")
        self.assertIn("; Secure", sc)
        self.assertIn("HttpOnly", sc)
        self.assertIn("SameSite=Strict", sc)
        self.assertEqual(c.get("/api/v1/me").status, 200)
        self.assertEqual(c.post("/api/v1/units", unit_body()).status, 201)
        r = c.logout()
        self.assertEqual(r.status, 204)
        self.assertIn("Secure", r.header("set-cookie"))

    def test_tls_version(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as s:
                self.assertIn(s.version(), ("TLSv1.2", "TLSv1.3"))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ctx.minimum_version = ssl.TLSVersion.TLSv1
        except (ValueError, AttributeError):
            return
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            with self.assertRaises((ssl.SSLError, OSError)):
                with ctx.wrap_socket(raw) as s:
                    s.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
                    s.recv(100)

    def test_plain_http_to_tls_port_fails(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            self.assertNotEqual(r.status, 200)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()

    def test_tls_options_checked(self):
        r = cli("serve", "--data", self.server.data, "--listen", "127.0.0.1:1",
                "--tls-cert", self.cert)
        self.assertEqual(r.code, 2, r)
        d = tmpdir("badtls")
        bad = os.path.join(d, "bad.pem")
        with open(bad, "w") as f:
            f.write("not a certificate\n")
        data = Server().data  # an unused copy: the running server holds the lock on its own
        r = cli("serve", "--data", data, "--listen", "127.0.0.1:1", "--tls-cert", bad,
                "--tls-key", bad, timeout=30)
        self.assertEqual(r.code, 1, r)
        self.assertIn("TLS", r.err)
