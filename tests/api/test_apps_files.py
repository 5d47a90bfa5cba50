"""An application's materials: content sniffing against the scheme's accepted types, the
required-materials checklist, files frozen at submission, uploads only while the unit may
change them, exact downloads, and sealed files that refuse to be served when the database was
tampered with (a flipped byte, a dropped last chunk, two chunks swapped): 500 seal_broken and
an audit entry application.file_broken."""

import hashlib

from harness import audit_all
from test_apps_base import (DOCX_BYTES, JPEG_BYTES, PNG_BYTES, XLSX_BYTES, AppsTestCase,
                            pdf_bytes, sha256)


class MaterialsTest(AppsTestCase):
    config = {"max_upload_mb": 1}

    def materials(self, c, aid):
        r = c.get("/api/v1/applications/%d/materials" % aid)
        self.assertStatus(r, 200)
        return r.json

    def test_sniffing_and_types(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        app = self.create(off)
        aid = app["id"]
        # a PNG named .pdf is a PNG
        f = self.upload(off, aid, "business_licence", PNG_BYTES, name="营业执照.pdf").json
        self.assertEqual(f["type"], "png")
        self.assertEqual(f["name"], "营业执照.pdf")
        self.assertEqual(f["size"], len(PNG_BYTES))
        self.assertEqual(f["sha256"], sha256(PNG_BYTES))
        self.assertEqual((f["phase"], f["frozen"]), ("draft", False))
        r = off.get("/api/v1/applications/%d/files/%d" % (aid, f["file_id"]))
        self.assertStatus(r, 200)
        self.assertEqual(r.header("content-type"), "image/png")
        self.assertEqual(r.body, PNG_BYTES)
        # text is no document
        r = self.upload(off, aid, "application_form", "申请书正文".encode("utf-8"),
                        name="申请书.pdf", status=415, code="unsupported_file_type")
        self.assertEqual(r.field, "file")
        self.upload(off, aid, "application_form", b"", name="empty.pdf", status=415)
        self.upload(off, aid, "application_form", b"PK\x03\x04junk", name="x.docx", status=415)
        # a real type, but not one this material accepts
        self.upload(off, aid, "application_form", PNG_BYTES, name="form.png", status=415,
                    code="unsupported_file_type")
        self.upload(off, aid, "application_form", XLSX_BYTES, name="form.xlsx", status=415)
        self.upload(off, aid, "secrecy_rules", JPEG_BYTES, name="rules.jpg", status=415)
        # accepted ones
        self.assertEqual(self.upload(off, aid, "application_form", DOCX_BYTES,
                                     name="申请书.docx").json["type"], "docx")
        self.assertEqual(self.upload(off, aid, "capital_structure", XLSX_BYTES,
                                     name="股权.xlsx").json["type"], "xlsx")
        self.assertEqual(self.upload(off, aid, "premises", JPEG_BYTES,
                                     name="房产证.jpg").json["type"], "jpeg")
        # unknown material, bad names
        self.upload(off, aid, "passport", pdf_bytes("x"), status=400, code="invalid_value")
        self.upload(off, aid, "premises", pdf_bytes("x"), name="../etc/passwd", status=400)
        self.upload(off, aid, "premises", pdf_bytes("x"), name="a\\b.pdf", status=400)
        r = off.post("/api/v1/applications/%d/materials/premises" % aid, raw=pdf_bytes("x"),
                     content_type="application/pdf")
        self.assertJsonError(r, 400, None, "name")
        # the configured size limit (1 MiB here)
        self.upload(off, aid, "contracts_3y", pdf_bytes("big", (1 << 20) + 1), status=413,
                    code="payload_too_large")
        self.assertEqual(self.upload(off, aid, "contracts_3y", pdf_bytes("big", 1 << 20))
                         .json["size"], 1 << 20)
        # only the officer uploads; to the bureau an unsubmitted draft does not exist
        self.upload(self.client("reviewer.js", "2026-03-02"), aid, "premises", pdf_bytes("x"),
                    status=404)
        self.upload(self.client("member.jindun", "2026-03-02"), aid, "premises",
                    pdf_bytes("x"), status=404)
        # every upload is audited with its digest
        ups = [e for e in self.audit_of(aid) if e["action"] == "application.file_upload"]
        self.assertEqual(len(ups), 5)
        self.assertIn(sha256(PNG_BYTES), [e["details"]["sha256"] for e in ups])

    def test_checklist_blocks_submit_and_freezes(self):
        unit, offl = self.new_unit()
        off = self.client(offl, "2026-03-02")
        app = self.create(off)
        aid = app["id"]
        mats = self.materials(off, aid)
        required = [m["material"] for m in mats["checklist"] if m["required"]]
        self.assertEqual(len(required), 9)
        self.assertFalse(any(m["present"] for m in mats["checklist"]))
        pdf = {m["material"]: m["types"] for m in mats["checklist"]}
        self.assertEqual(pdf["business_licence"], ["pdf", "ofd", "jpeg", "png"])
        for m in required[:7]:
            self.upload(off, aid, m, pdf_bytes(m))
        r = self.event(off, aid, "submit", status=422, code="materials_missing")
        self.assertEqual(r.field, "materials")
        for m in required[7:]:
            self.assertIn(m, r.error["message"])
        for m in required[:7]:
            self.assertNotIn('"%s"' % m, r.error["message"])
        # and as data, in the scheme's order
        self.assertEqual(r.error["missing"], required[7:])
        self.assertEqual(self.get(off, aid)["state"], "draft")
        # a file can be replaced while a draft
        extra = self.upload(off, aid, required[7], pdf_bytes("wrong one")).json
        self.assertStatus(off.delete("/api/v1/applications/%d/files/%d" %
                                     (aid, extra["file_id"])), 204)
        self.assertNotIn(extra["file_id"],
                         [f["file_id"] for f in self.materials(off, aid)["files"]])
        self.event(off, aid, "submit", status=422, code="materials_missing")
        for m in required[7:]:
            self.upload(off, aid, m, pdf_bytes(m))
        self.assertTrue(all(m["present"] for m in self.materials(off, aid)["checklist"]
                            if m["required"]))
        app = self.event(off, aid, "submit").json
        files = self.materials(off, aid)["files"]
        self.assertEqual(len(files), 9)
        self.assertTrue(all(f["frozen"] for f in files))
        # frozen: no removal, no more uploads until the bureau asks for them
        r = off.delete("/api/v1/applications/%d/files/%d" % (aid, files[0]["file_id"]))
        self.assertJsonError(r, 409, "file_frozen")
        self.upload(off, aid, "premises", pdf_bytes("late"), status=409, code="illegal_transition")
        # the snapshot lists the frozen files with their digests
        snap = self.client("reviewer.js").get("/api/v1/applications/%d/submission" % aid).json
        self.assertEqual(sorted((f["material"], f["sha256"])
                                for f in snap["snapshot"]["materials"]),
                         sorted((f["material"], f["sha256"]) for f in files))
        # returned for correction: uploads again, frozen on correction
        rv = self.client("reviewer.js", "2026-03-03")
        self.event(rv, aid, "accept")
        rv.now = "2026-03-04"
        self.event(rv, aid, "return", {"reason": "材料需更正", "items": ["场所证明过期"]})
        off.now = "2026-03-05"
        self.assertEqual(self.get(off, aid)["state"], "superior_correction")
        fix = self.upload(off, aid, "premises", pdf_bytes("new lease")).json
        self.assertEqual((fix["phase"], fix["frozen"]), ("correction", False))
        app = self.event(off, aid, "correct").json
        self.assertEqual(app["state"], "superior_review")
        files = self.materials(off, aid)["files"]
        self.assertTrue(all(f["frozen"] for f in files))
        self.assertJsonError(off.delete("/api/v1/applications/%d/files/%d" %
                                        (aid, fix["file_id"])), 409, "file_frozen")
        self.upload(off, aid, "premises", pdf_bytes("later"), status=409,
                    code="illegal_transition")


class SealTest(AppsTestCase):
    """Tampering with the live database: the sealed file is never served."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit, cls.offl = cls.new_unit()

    def fresh(self, tag, size):
        off = self.client(self.offl, "2026-03-02")
        app = self.create(off)
        data = pdf_bytes(tag, size)
        f = self.upload(off, app["id"], "contracts_3y", data, name="%s.pdf" % tag).json
        return app["id"], f, data

    def download(self, login, aid, fid):
        return self.client(login).get("/api/v1/applications/%d/files/%d" % (aid, fid))

    def chunks(self, fid):
        con = self.sqlite()
        try:
            return [(r["seq"], bytes(r["data"])) for r in con.execute(
                "SELECT seq, data FROM file_chunks WHERE file_id = ? ORDER BY seq", (fid,))]
        finally:
            con.close()

    def write(self, sql, args):
        con = self.sqlite()
        try:
            con.execute(sql, args)
            con.commit()
        finally:
            con.close()

    def assertBroken(self, aid, fid):
        r = self.download(self.offl, aid, fid)
        self.assertJsonError(r, 500, "seal_broken")
        self.assertNotIn(b"%PDF", r.body)
        hits = [e for e in audit_all(self.client("auditor"), action="application.file_broken")
                if e["request_id"] == r.rid]
        self.assertEqual(len(hits), 1, "no application.file_broken entry for %r" % (r,))
        self.assertEqual(hits[0]["details"]["file_id"], fid)
        self.assertEqual(hits[0]["details"]["application_id"], aid)
        # and again: still refused, still recorded
        self.assertJsonError(self.download(self.offl, aid, fid), 500, "seal_broken")

    def test_untampered_exact_bytes(self):
        for size in (10, 65536, 65537, 3 * 65536 + 100):
            aid, f, data = self.fresh("exact-%d" % size, size)
            listed = [x for x in self.client(self.offl).get(
                "/api/v1/applications/%d/materials" % aid).json["files"]
                if x["file_id"] == f["file_id"]][0]
            self.assertEqual(listed["sha256"], hashlib.sha256(data).hexdigest())
            self.assertEqual(listed["size"], len(data))
            r = self.download(self.offl, aid, f["file_id"])
            self.assertStatus(r, 200)
            self.assertEqual(len(r.body), len(data), size)
            self.assertEqual(hashlib.sha256(r.body).hexdigest(), listed["sha256"])
            self.assertEqual(r.header("content-type"), "application/pdf")
            self.assertEqual(r.header("cache-control"), "no-store")
            self.assertIn("attachment", r.header("content-disposition"))
            self.assertEqual(len(self.chunks(f["file_id"])), max(1, -(-size // 65536)))
            # the stored chunks are not the plaintext
            self.assertNotIn(b"%PDF", b"".join(c for _, c in self.chunks(f["file_id"])))
        downloads = [e for e in self.audit_of(aid) if e["action"] == "application.file_download"]
        self.assertEqual(len(downloads), 1)
        self.assertEqual(downloads[0]["actor"], self.offl)
        self.assertEqual(downloads[0]["details"]["sha256"], hashlib.sha256(data).hexdigest())

    def test_flipped_byte(self):
        aid, f, data = self.fresh("flip", 1000)
        seq, blob = self.chunks(f["file_id"])[0]
        b = bytearray(blob)
        b[len(b) // 2] ^= 0x01
        self.write("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = ?",
                   (bytes(b), f["file_id"], seq))
        self.assertBroken(aid, f["file_id"])
        # other files are unaffected
        aid2, f2, data2 = self.fresh("flip-neighbour", 500)
        self.assertEqual(self.download(self.offl, aid2, f2["file_id"]).body, data2)

    def test_flipped_byte_in_a_later_chunk(self):
        aid, f, data = self.fresh("flip-later", 3 * 65536 + 5)
        seq, blob = self.chunks(f["file_id"])[2]
        b = bytearray(blob)
        b[-1] ^= 0x80
        self.write("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = ?",
                   (bytes(b), f["file_id"], seq))
        self.assertBroken(aid, f["file_id"])

    def test_dropped_last_chunk(self):
        aid, f, data = self.fresh("drop", 2 * 65536 + 10)
        chunks = self.chunks(f["file_id"])
        self.assertEqual(len(chunks), 3)
        self.write("DELETE FROM file_chunks WHERE file_id = ? AND seq = ?",
                   (f["file_id"], chunks[-1][0]))
        self.assertBroken(aid, f["file_id"])

    def test_dropped_last_chunk_and_count(self):
        """Also lowering the chunk count in files: the stream then lacks its final tag."""
        aid, f, data = self.fresh("drop-count", 2 * 65536 + 10)
        chunks = self.chunks(f["file_id"])
        self.write("DELETE FROM file_chunks WHERE file_id = ? AND seq = ?",
                   (f["file_id"], chunks[-1][0]))
        self.write("UPDATE files SET chunks = chunks - 1 WHERE id = ?", (f["file_id"],))
        self.assertBroken(aid, f["file_id"])

    def test_swapped_chunks(self):
        aid, f, data = self.fresh("swap", 3 * 65536)
        chunks = self.chunks(f["file_id"])
        self.assertEqual(len(chunks), 3)
        (s0, c0), (s1, c1) = chunks[0], chunks[1]
        self.write("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = ?",
                   (c1, f["file_id"], s0))
        self.write("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = ?",
                   (c0, f["file_id"], s1))
        self.assertBroken(aid, f["file_id"])

    def test_chunk_from_another_file(self):
        aid, f, data = self.fresh("graft-a", 1000)
        aid2, f2, data2 = self.fresh("graft-b", 1000)
        self.write("UPDATE file_chunks SET data = ? WHERE file_id = ? AND seq = 0",
                   (self.chunks(f2["file_id"])[0][1], f["file_id"]))
        self.assertBroken(aid, f["file_id"])
        self.assertEqual(self.download(self.offl, aid2, f2["file_id"]).body, data2)
