"""harness.py - start the real baomi server and talk to it like a client would.

Standard library only. The pieces:

- ``BIN``: the binary under test ($BAOMI_BIN, else <repo>/build/dev/baomi).
- ``template()``: one ``baomi init --demo`` data directory per run; servers get copies
  (``fresh=True`` runs a real ``init --demo`` instead).
- ``Server``: ``baomi serve`` on a free 127.0.0.1 port with an optional DATA/config.json,
  waits for /healthz, stops with SIGTERM and checks exit status 0 and a stderr free of
  AddressSanitizer / UBSan / LeakSanitizer reports.
- ``Client``: cookie jar, CSRF header on non-GET, JSON in and out, If-Match helpers,
  Bearer tokens.
- ``ServerTestCase``: a unittest base class with one server per class.
- helpers: USCC check characters (GB 32100), the audit entry encoding and RFC 6962 Merkle
  roots (to forge consistent rewrites), running CLI commands.
"""

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("BAOMI_ROOT") or os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("BAOMI_BIN") or os.path.join(ROOT, "build", "dev", "baomi")
DEMO_PASSWORD = "Baomi-Demo-2026"
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer")

# Same settings tests/run.sh exports, so that running run.py by hand behaves alike.
os.environ.setdefault("ASAN_OPTIONS", "abort_on_error=0:halt_on_error=1:detect_leaks=1:exitcode=66")
os.environ.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1:exitcode=67")
if os.path.exists(os.path.join(ROOT, "tests", "lsan.supp")):
    os.environ.setdefault("LSAN_OPTIONS", "suppressions=%s:print_suppressions=0" %
                          os.path.join(ROOT, "tests", "lsan.supp"))

# Login from one address is rate limited (30/min by default); every test logs in from
# 127.0.0.1, so servers get a generous limit unless a test sets its own.
DEFAULT_CONFIG = {"login_rate_per_minute": 100000, "login_rate_burst": 100000}

_tmp_lock = threading.RLock()
_tmp_root = None


def tmp_root():
    """A per-run scratch directory under <repo>/.test-tmp/api."""
    global _tmp_root
    with _tmp_lock:
        if _tmp_root is None:
            base = os.path.join(ROOT, ".test-tmp", "api")
            os.makedirs(base, exist_ok=True)
            # failed runs keep their directories; drop those more than a day old
            for old in os.listdir(base):
                p = os.path.join(base, old)
                try:
                    if old.startswith("run-") and time.time() - os.path.getmtime(p) > 86400:
                        shutil.rmtree(p, ignore_errors=True)
                except OSError:
                    pass
            _tmp_root = tempfile.mkdtemp(prefix="run-", dir=base)
        return _tmp_root


def tmpdir(prefix):
    return tempfile.mkdtemp(prefix=prefix + "-", dir=tmp_root())


def sanitizer_report(text):
    """The first sanitizer line in text, or None."""
    for line in text.splitlines():
        for mark in SANITIZER_MARKS:
            if mark in line:
                return line.strip()
    return None


# ---------------------------------------------------------------- CLI


class CliResult:
    def __init__(self, args, code, out, err):
        self.args, self.code, self.out, self.err = args, code, out, err

    def __repr__(self):
        return "baomi %s -> exit %s\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(self.args), self.code, self.out, self.err[-3000:])


def cli(*args, stdin=None, timeout=120, check_sanitizer=True, env=None):
    """Run `baomi ARGS...` (env: variables to add); returns CliResult. Fails loudly on a
    sanitizer report."""
    p = subprocess.run([BIN] + list(args), input=stdin, capture_output=True, text=True,
                       timeout=timeout, env=dict(os.environ, **(env or {})))
    r = CliResult(list(args), p.returncode, p.stdout, p.stderr)
    if check_sanitizer:
        bad = sanitizer_report(p.stderr)
        if bad is not None:
            raise AssertionError("sanitizer report from %r: %s" % (r, bad))
    return r


_ADMIN_RE = re.compile(r"first system administrator: login (\S+), password (\S+)")


def init_data_dir(path, config=None):
    """`baomi init --demo --data path`; returns the admin password. config, if given, is
    written to path/config.json first (init reads it too, e.g. audit_head_interval)."""
    if config:
        os.makedirs(path, mode=0o700, exist_ok=True)
        with open(os.path.join(path, "config.json"), "w") as f:
            json.dump(config, f)
    r = cli("init", "--demo", "--data", path)
    if r.code != 0:
        raise RuntimeError("init failed: %r" % r)
    m = _ADMIN_RE.search(r.out)
    if m is None or m.group(1) != "admin":
        raise RuntimeError("no admin password in init output: %r" % r)
    return m.group(2)


_template = None


def template():
    """(path, admin_password) of a demo data directory made once per run."""
    global _template
    with _tmp_lock:
        if _template is None:
            path = os.path.join(tempfile.mkdtemp(prefix="template-", dir=tmp_root()), "data")
            _template = (path, init_data_dir(path))
        return _template


def copy_data_dir(src, dst):
    shutil.copytree(src, dst)
    return dst


def new_data_dir(fresh=False):
    """(path, admin_password) of a demo data directory for one server."""
    d = os.path.join(tmpdir("srv"), "data")
    if fresh:
        return d, init_data_dir(d)
    src, pw = template()
    copy_data_dir(src, d)
    return d, pw


# ---------------------------------------------------------------- server


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """One `baomi serve` process on 127.0.0.1."""

    def __init__(self, data=None, admin_password=None, config=None, tls=None, web=None,
                 threads=2, fresh=False, default_config=True):
        if data is None:
            data, admin_password = new_data_dir(fresh)
        self.data = data
        self.admin_password = admin_password
        self.config = dict(DEFAULT_CONFIG) if default_config else {}
        self.config.update(config or {})
        self.tls = tls  # (cert, key) or None
        self.web = web
        self.threads = threads
        self.proc = None
        self.port = None
        self.logdir = tmpdir("log")
        self.access_log = os.path.join(self.logdir, "access.log")
        self.stdout_path = os.path.join(self.logdir, "stdout")
        self.stderr_path = os.path.join(self.logdir, "stderr")
        self.starts = 0

    # -- life cycle

    def write_config(self):
        path = os.path.join(self.data, "config.json")
        if self.config:
            with open(path, "w") as f:
                json.dump(self.config, f)
        elif os.path.exists(path):
            os.unlink(path)

    def command(self):
        cmd = [BIN, "serve", "--data", self.data, "--listen", "127.0.0.1:%d" % self.port,
               "--threads", str(self.threads), "--access-log", self.access_log]
        if self.tls:
            cmd += ["--tls-cert", self.tls[0], "--tls-key", self.tls[1]]
        if self.web:
            cmd += ["--web", self.web]
        return cmd

    def start(self, timeout=20):
        self.write_config()
        for attempt in range(3):
            self.port = free_port()
            self.starts += 1
            # each start appends to the same stderr file: the whole history is checked
            self._out = open(self.stdout_path, "ab")
            self._err = open(self.stderr_path, "ab")
            self.proc = subprocess.Popen(self.command(), stdout=self._out, stderr=self._err,
                                         stdin=subprocess.DEVNULL)
            deadline = time.time() + timeout
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    r = Client(self).get("/healthz")
                    if r.status == 200 and self.proc.poll() is None:
                        return self
                except (OSError, http.client.HTTPException, ssl.SSLError):
                    pass
                time.sleep(0.05)
            code = self.proc.poll()
            if code is None:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("server did not answer /healthz within %ss:\n%s" %
                                   (timeout, self.stderr()[-3000:]))
            if "cannot listen" in self.stderr() and attempt < 2:
                continue  # lost a race for the port
            raise RuntimeError("server exited with %s at start:\n%s" % (code, self.stderr()[-3000:]))
        raise RuntimeError("could not start server")

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=30):
        """SIGTERM and wait; returns the exit status (does not assert)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = "timeout (killed)"
        self._out.close()
        self._err.close()
        return code

    def kill(self):
        """SIGKILL: a crash."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._out.close()
        self._err.close()

    def stop_checked(self, testcase=None):
        """Stop with SIGTERM; assert exit 0 and no sanitizer report."""
        code = self.stop()
        err = self.stderr()
        bad = sanitizer_report(err)
        msg = None
        if bad is not None:
            msg = "server stderr holds a sanitizer report (exit %s): %s\n%s" % (
                code, bad, _tail_report(err))
        elif code != 0:
            msg = "server exited with %s after SIGTERM\n%s" % (code, err[-3000:])
        if msg is not None:
            raise AssertionError(msg)
        return code

    # -- convenience

    def client(self, **kw):
        return Client(self, **kw)

    def login(self, login, password=DEMO_PASSWORD, **kw):
        c = Client(self, **kw)
        r = c.login(login, password)
        if r.status != 200:
            raise AssertionError("login %s failed: %s" % (login, r))
        return c

    def admin(self):
        return self.login("admin", self.admin_password)

    def db(self):
        """A sqlite3 connection to the live database (WAL: readers are fine)."""
        import sqlite3
        con = sqlite3.connect(os.path.join(self.data, "baomi.db"), timeout=10)
        con.row_factory = sqlite3.Row
        return con

    def access_log_lines(self):
        try:
            with open(self.access_log, encoding="utf-8") as f:
                return [json.loads(l) for l in f if l.strip()]
        except FileNotFoundError:
            return []


def _tail_report(err, lines=24):
    """The start of the first sanitizer report (or the tail of err)."""
    i = -1
    for mark in ("==ERROR", "runtime error:"):
        j = err.find(mark)
        if j >= 0 and (i < 0 or j < i):
            i = j
    if i < 0:
        return err[-2000:]
    i = err.rfind("\n", 0, i) + 1
    return "\n".join(err[i:].splitlines()[:lines])


# ---------------------------------------------------------------- client


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status, self.headers, self.body = method, path, status, headers, body
        self._json = None

    def header(self, name):
        return self.headers.get(name)

    def header_all(self, name):
        return self.headers.get_all(name) or []

    @property
    def rid(self):
        return self.headers.get("x-request-id")

    @property
    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json

    @property
    def error(self):
        try:
            return self.json.get("error") or {}
        except (ValueError, AttributeError):
            return {}

    @property
    def code(self):
        return self.error.get("code")

    @property
    def field(self):
        return self.error.get("field")

    @property
    def etag(self):
        return self.headers.get("etag")

    def __repr__(self):
        body = self.body[:800].decode("utf-8", "replace")
        return "<%s %s -> %s %s>" % (self.method, self.path, self.status, body)

    __str__ = __repr__


class Client:
    """An HTTP client that keeps its cookies and CSRF token, like the web UI."""

    def __init__(self, server, token=None, timeout=30):
        self.server = server
        self.token = token  # Bearer API token
        self.cookies = {}
        self.csrf = None
        self.user = None
        self.timeout = timeout
        # test builds: the day the business rules see (X-Baomi-Test-Now), or None
        self.now = None

    def _conn(self):
        if self.server.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=self.timeout,
                                               context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout)

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json", csrf=True, cookies=True):
        h = {}
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
        if data is not None and content_type is not None:
            h["Content-Type"] = content_type
        if self.token is not None:
            h["Authorization"] = "Bearer " + self.token
        if cookies and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if csrf and method not in ("GET", "HEAD") and self.csrf is not None:
            h["X-CSRF-Token"] = self.csrf
        if self.now is not None:
            h["X-Baomi-Test-Now"] = self.now
        if headers:
            for k, v in headers.items():
                if v is None:
                    h.pop(k, None)
                else:
                    h[k] = v
        conn = self._conn()
        try:
            conn.request(method, path, body=data, headers=h)
            resp = conn.getresponse()
            payload = resp.read()
            r = Response(method, path, resp.status, resp.headers, payload)
        finally:
            conn.close()
        for sc in r.header_all("set-cookie"):
            self._take_cookie(sc)
        return r

    def _take_cookie(self, sc):
        parts = [p.strip() for p in sc.split(";")]
        name, _, value = parts[0].partition("=")
        attrs = {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}
        if attrs.get("max-age") == "0" or value == "":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def patch_if(self, path, body, etag, **kw):
        return self.request("PATCH", path, body, headers={"If-Match": etag}, **kw)

    def put_if(self, path, body, etag, **kw):
        return self.request("PUT", path, body, headers={"If-Match": etag}, **kw)

    def edit(self, method, path, body):
        """GET the record for its ETag, then send method with If-Match."""
        cur = self.get(path)
        if cur.status != 200:
            return cur
        return self.request(method, path, body, headers={"If-Match": cur.etag})

    def login(self, login, password=DEMO_PASSWORD):
        r = self.post("/api/v1/session", {"login": login, "password": password})
        if r.status == 200:
            self.csrf = r.json.get("csrf_token")
            self.user = r.json.get("user")
        return r

    def logout(self):
        return self.delete("/api/v1/session")

    @property
    def session(self):
        return self.cookies.get("bm_session")


# ---------------------------------------------------------------- test base


class ServerTestCase(unittest.TestCase):
    """One server per class; subclasses may set config / server_kwargs."""

    config = None
    server_kwargs = {}
    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(config=cls.config, **cls.server_kwargs)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None and cls.server.proc is not None:
            cls.server.stop_checked()

    # helpers

    def login(self, login, password=DEMO_PASSWORD):
        return self.server.login(login, password)

    def assertStatus(self, r, status, code=None, field=None, msg=None):
        want = status if isinstance(status, (tuple, list)) else (status,)
        self.assertIn(r.status, want, msg or ("unexpected status: %r" % (r,)))
        if code is not None:
            self.assertEqual(r.code, code, "error code: %r" % (r,))
        if field is not None:
            self.assertEqual(r.field, field, "error field: %r" % (r,))

    def assertJsonError(self, r, status, code=None, field=None):
        self.assertStatus(r, status, code, field)
        self.assertTrue((r.header("content-type") or "").startswith("application/json"),
                        "error is not JSON: %r" % (r,))
        self.assertIn("error", r.json)
        self.assertIn("code", r.json["error"])
        self.assertIn("message", r.json["error"])


# ---------------------------------------------------------------- domain helpers

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(body17):
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def uscc(body17):
    assert len(body17) == 17
    return body17 + uscc_check_char(body17)


_uscc_lock = threading.Lock()
_uscc_counter = [int(time.time() * 1000) % 10 ** 6]


def new_uscc(region="320100"):
    """A fresh valid USCC, distinct within this run."""
    with _uscc_lock:
        _uscc_counter[0] += 1
        n = _uscc_counter[0]
    digits = ""
    for _ in range(7):
        digits = USCC_ALPHABET[n % 31] + digits
        n //= 31
    return uscc("91" + region + "MA" + digits)


_name_counter = [0]


def unique(prefix):
    with _uscc_lock:
        _name_counter[0] += 1
        return "%s%d%d" % (prefix, os.getpid() % 1000, _name_counter[0])


def unit_body(**over):
    b = {"name": unique("测试单位"), "uscc": new_uscc(), "region": "320100",
         "address": "南京市鼓楼区北京西路 1 号", "legal_representative": "张三",
         "registered_on": "2010-05-06", "phone": "025-8000 0000"}
    b.update(over)
    return b


# ---- audit encoding (src/sec/audit.c) and RFC 6962 roots (src/sec/merkle.c)

AUDIT_STR_COLUMNS = ("actor_login", "actor_roles", "action", "object_type", "object_id",
                     "outcome", "request_id", "client_addr", "details")


def audit_entry_encode(row):
    out = b"BMA1" + struct.pack(">QQQ", row["seq"], row["ts"], row["actor_id"] & (2 ** 64 - 1))
    for col in AUDIT_STR_COLUMNS:
        v = (row[col] or "").encode("utf-8")
        out += struct.pack(">I", len(v)) + v
    return out


def merkle_leaf(data):
    return hashlib.sha256(b"\x00" + data).digest()


def merkle_node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def merkle_root(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return merkle_node(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def merkle_roots(leaves):
    """Root after each prefix 1..n (a frontier, as the server computes them)."""
    roots, frontier, size = [], [], 0
    for leaf in leaves:
        h, level = leaf, 0
        while size & (1 << level):
            h = merkle_node(frontier[level], h)
            level += 1
        while len(frontier) <= level:
            frontier.append(None)
        frontier[level] = h
        size += 1
        r = None
        for lv in range(len(frontier)):
            if size & (1 << lv):
                r = frontier[lv] if r is None else merkle_node(frontier[lv], r)
        roots.append(r)
    return roots


def wait_until(pred, timeout=10, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def audit_all(client, **filters):
    """Every audit entry matching filters, following next_cursor (newest first)."""
    from urllib.parse import urlencode
    items, cursor = [], None
    while True:
        q = dict(filters)
        q.setdefault("limit", 500)
        if cursor:
            q["cursor"] = cursor
        r = client.get("/api/v1/audit?" + urlencode(q))
        if r.status != 200:
            raise AssertionError("audit list failed: %r" % (r,))
        items += r.json["items"]
        cursor = r.json.get("next_cursor")
        if not cursor:
            return items
