"""Exports of lists (issue 4 §7): the applications list as CSV and XLSX, in Chinese and English,
holding exactly the rows the caller's list holds (jurisdiction applies), with formula-looking text
defused in CSV, and bad `format`/`lang` values refused naming the field. The XLSX is opened with
the standard library's zipfile and its sheet read back cell by cell."""

import csv
import io
import re
import zipfile
import xml.etree.ElementTree as ET

from test_apps_base import AppsTestCase

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_rows(data):
    """The first sheet of an XLSX file as a list of rows of strings ('' for empty cells)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            idx = 0
            for ch in col:
                idx = idx * 26 + ord(ch) - 64
            v = c.find("m:v", NS)
            if c.get("t") == "s":
                cells[idx - 1] = shared[int(v.text)]
            elif c.get("t") == "inlineStr":
                cells[idx - 1] = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            else:
                cells[idx - 1] = v.text if v is not None else ""
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    return rows


def csv_rows(data):
    assert data.startswith(b"\xef\xbb\xbf"), data[:8]
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


class ExportTest(AppsTestCase):
    cases = None

    def setUp(self):
        if type(self).cases is None:
            cases = []
            for i in range(3):
                _, offl = self.new_unit()
                cases.append((offl, self.submitted(self.client(offl), now="2026-06-01",
                                                   tag="x%d" % i)))
            type(self).cases = cases
        self.rv = self.client("reviewer.js", "2026-06-02")

    def listed(self, c, **params):
        path = "/api/v1/applications?limit=200"
        for k, v in params.items():
            path += "&%s=%s" % (k, v)
        r = c.get(path)
        self.assertStatus(r, 200)
        return [a for a in r.json["items"]]

    def export(self, c, fmt, lang=None, extra=""):
        path = "/api/v1/applications?format=" + fmt + ("&lang=" + lang if lang else "") + extra
        r = c.get(path)
        self.assertStatus(r, 200)
        return r

    def test_csv_zh_matches_list(self):
        items = self.listed(self.rv, state="open")
        r = self.export(self.rv, "csv", extra="&state=open")
        self.assertEqual(r.header("content-type"), "text/csv; charset=utf-8")
        self.assertIn("attachment", r.header("content-disposition"))
        self.assertEqual(r.header("cache-control"), "no-store")
        rows = csv_rows(r.body)
        self.assertEqual(rows[0][:3], ["受理编号", "单位", "统一社会信用代码"])
        self.assertEqual(len(rows) - 1, len(items))
        by_uscc = {row[2]: row for row in rows[1:]}
        for a in items:
            row = by_uscc[a["unit"]["uscc"]]
            self.assertEqual(row[1], a["unit"]["name"])
            self.assertEqual(row[3], a["scheme"]["name_zh"])
            self.assertEqual(row[4], a["grade"])
            self.assertEqual(row[5], "、".join(a["categories"]))
            self.assertEqual(row[7], a["dates"]["received_on"] or "")
        mine = {a["unit"]["uscc"] for _, a in self.cases}
        for row in rows[1:]:
            if row[2] in mine:
                self.assertEqual(row[6], "已提交待受理", "the state in words")
                self.assertEqual(row[7], "2026-06-01")

    def test_xlsx_en_matches_list(self):
        items = self.listed(self.rv, state="open")
        r = self.export(self.rv, "xlsx", "en", "&state=open")
        self.assertEqual(r.header("content-type"), XLSX_TYPE)
        self.assertTrue(r.body.startswith(b"PK"))
        rows = xlsx_rows(r.body)
        self.assertEqual(rows[0][:4], ["Number", "Unit", "USCC", "Scheme"])
        self.assertEqual(len(rows) - 1, len(items))
        usccs = sorted(row[2] for row in rows[1:])
        self.assertEqual(usccs, sorted(a["unit"]["uscc"] for a in items))
        for row in rows[1:]:
            a = next(a for a in items if a["unit"]["uscc"] == row[2])
            self.assertEqual(row[3], a["scheme"]["name_en"])
            self.assertNotEqual(row[6], a["state"], "the state is in words, not its code")

    def test_unit_sees_only_its_own(self):
        offl, app = self.cases[0]
        c = self.client(offl, "2026-06-02")
        rows = csv_rows(self.export(c, "csv").body)
        self.assertEqual(len(rows), 2, rows)
        self.assertEqual(rows[1][2], app["unit"]["uscc"])

    def test_formula_defused(self):
        # a unit name that a spreadsheet would run as a formula is exported as text
        unit, offl = self.new_unit()
        c = self.client(offl, "2026-06-02")
        unit_id = unit["id"]
        u = self.adm.get("/api/v1/units/%d" % unit_id)
        self.assertStatus(u, 200)
        r = self.adm.patch_if("/api/v1/units/%d" % unit_id, {"name": "=HYPERLINK(\"x\")有限公司"},
                           u.etag)
        self.assertStatus(r, 200)
        self.create(c)
        rows = csv_rows(self.export(c, "csv").body)
        self.assertEqual(rows[1][1], "'=HYPERLINK(\"x\")有限公司")
        rows = xlsx_rows(self.export(c, "xlsx").body)
        self.assertEqual(rows[1][1], "=HYPERLINK(\"x\")有限公司")

    def test_bad_values_name_the_field(self):
        r = self.rv.get("/api/v1/applications?format=pdf")
        self.assertStatus(r, 400, "invalid_value")
        self.assertEqual(r.json["error"]["field"], "format")
        r = self.rv.get("/api/v1/applications?format=csv&lang=fr")
        self.assertStatus(r, 400, "invalid_value")
        self.assertEqual(r.json["error"]["field"], "lang")

    def test_anonymous_refused(self):
        from harness import Client
        r = Client(self.server).get("/api/v1/applications?format=csv")
        self.assertStatus(r, 401)


class CertificateExportTest(AppsTestCase):
    """The certificate list (private, jurisdiction applies) and the public register (as
    searched, no login) as files; the demo data holds issued certificates."""
    config = {"register_rate_per_minute": 1000000}

    def test_private_list_csv_matches(self):
        c = self.client("reviewer.js")
        r = c.get("/api/v1/certificates?limit=200")
        self.assertStatus(r, 200)
        items = r.json["items"]
        self.assertTrue(items, "the demo has certificates")
        f = c.get("/api/v1/certificates?format=csv")
        self.assertStatus(f, 200)
        self.assertEqual(f.header("content-disposition"),
                         "attachment; filename*=UTF-8''certificates.csv")
        rows = csv_rows(f.body)
        self.assertEqual(rows[0][:3], ["证书编号", "单位", "统一社会信用代码"])
        self.assertEqual(sorted(row[0] for row in rows[1:]), sorted(i["number"] for i in items))
        for row in rows[1:]:
            cert = next(i for i in items if i["number"] == row[0])
            self.assertEqual(row[3], cert["scheme_name"]["zh-CN"])
            self.assertEqual(row[5], "、".join(n["zh-CN"] for n in cert["category_names"]))
            self.assertEqual(row[8], cert["state_label"]["zh-CN"])
            self.assertEqual(row[10], cert["authority"]["zh-CN"])
        # another province sees none of Jiangsu's
        gd = csv_rows(self.client("reviewer.gd").get("/api/v1/certificates?format=csv").body)
        self.assertFalse(set(row[0] for row in gd[1:]) & set(i["number"] for i in items))

    def test_public_register_xlsx_without_login(self):
        from harness import Client
        anon = Client(self.server)
        page = anon.get("/api/v1/public/certificates?limit=100")
        self.assertStatus(page, 200)
        r = anon.get("/api/v1/public/certificates?format=xlsx&lang=en")
        self.assertStatus(r, 200)
        self.assertEqual(r.header("content-type"), XLSX_TYPE)
        rows = xlsx_rows(r.body)
        self.assertEqual(rows[0][0], "Number")
        self.assertEqual(sorted(row[0] for row in rows[1:]),
                         sorted(i["number"] for i in page.json["items"]))
        for row in rows[1:]:
            cert = next(i for i in page.json["items"] if i["number"] == row[0])
            self.assertEqual(row[8], cert["state_label"]["en"])
        # searched: only the matches
        one = page.json["items"][0]
        rows = csv_rows(anon.get("/api/v1/public/certificates?format=csv&q=" +
                                 one["number"]).body)
        self.assertEqual([row[0] for row in rows[1:]], [one["number"]])
        r = anon.get("/api/v1/public/certificates?format=doc")
        self.assertStatus(r, 400, "invalid_value", "format")
