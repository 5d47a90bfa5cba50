/*
 * sealfile.h - storing a file sealed at rest and reading it back, for any record that
 * holds files. Annual report attachments and finding evidence (annual.c, findings.c)
 * are kinds of record (struct sealfile_owner) that say who may see and attach;
 * attaching, listing and reading are the same for every kind. An application's
 * materials (apps_files.c) have workflow rules of their own and use only the storing,
 * checking and opening below.
 * The scheme (sec/seal.h): a files row with the data key wrapped by the master key and
 * bound to "sha256=.. size=.. type=.. name=..", and the body in SEAL_CHUNK secretstream
 * chunks, the last one FINAL. A file is served only after every chunk authenticated and
 * the plaintext's size and SHA-256 match the row.
 */
#ifndef BM_SEALFILE_H
#define BM_SEALFILE_H

#include <stddef.h>

#include "core/filetype.h"
#include "sec/seal.h"
#include "service/svc.h"
#include "store/annual_repo.h"
#include "store/files_repo.h"

/* A kind of record that holds sealed files (record_files), e.g. annual_report_files. */
struct sealfile_owner {
	const char *type; /* record_files.owner_type, and the audit's object type */
	/* audit actions: a file attached, read, or found broken (e.g. "annual.file_upload") */
	const char *upload, *download, *broken;
	/* Inside the open transaction: 0 when record id is visible to the caller (404
	 * otherwise) and, with attach set, when the caller may attach a file to it now. */
	int (*check)(struct svc *s, int64_t id, int attach, struct bm_err *err);
};

/* Attach a sealed file (sealfile_store) to record id of kind o, in a transaction of its
 * own, after o->check(attach); audited o->upload. out is filled on success. */
int sealfile_attach(struct svc *s, const struct sealfile_owner *o, int64_t id, const char *name,
		    const unsigned char *data, size_t len, struct record_file *out,
		    struct bm_err *err);
/* Visit the files of record id of kind o, once o->check lets the caller see it (fn gets
 * const struct record_file *). */
int sealfile_list(struct svc *s, const struct sealfile_owner *o, int64_t id, visit_fn fn, void *ctx,
		  struct bm_err *err);
/* Read file_id of record id of kind o whole after it authenticated (sealfile_read_all),
 * in a transaction of its own, audited o->download. A broken seal ("seal_broken") is
 * recorded as an incident o->broken (outcome failure) in an audit entry of its own
 * after the rollback. *data is the caller's to free; NULL on failure. */
int sealfile_fetch(struct svc *s, const struct sealfile_owner *o, int64_t id, int64_t file_id,
		   struct record_file *rf, unsigned char **data, struct bm_err *err);

/* 0 when name is a file name of 1..255 bytes of text without '/' or '\\', "." or
 * ".."; BM_EINVAL "invalid_field" (field "name") otherwise. */
int sealfile_name_ok(const char *name, struct bm_err *err);
/* sealfile_name_ok, then sniff data into *type: BM_EMEDIA "unsupported_file_type"
 * (field "file") unless it is a PDF, OFD, JPEG, PNG, DOCX or XLSX document. */
int sealfile_check(const char *name, const unsigned char *data, size_t len, enum file_type *type,
		   struct bm_err *err);

/*
 * Check name and data (sealfile_check), seal data and insert it as a new files row (f
 * filled: id, name, type, size, sha256, uploaded_by/at = the caller and s->now). Inside
 * the caller's open write transaction; the caller links and audits it.
 */
int sealfile_store(struct svc *s, const char *name, const unsigned char *data, size_t len,
		   struct file_rec *f, struct bm_err *err);

/* Check sealed file f as sealfile_read_all does, a chunk at a time, keeping nothing:
 * 0 when it authenticates whole, BM_EINTERNAL "seal_broken" otherwise. */
int sealfile_verify(struct svc *s, const struct file_rec *f, struct bm_err *err);

/* Begin opening sealed file f's chunks in order (open_chunk, then open_end): its data
 * key unwrapped under the master key and the binding of f's sha256, size, type, name. */
int sealfile_open(struct svc *s, const struct file_rec *f, struct opener *o, struct bm_err *err);

/*
 * Read sealed file f back whole, inside an open transaction: every chunk opened in
 * order, the last one FINAL, the plaintext's size and SHA-256 those of the row. *out
 * (f->size bytes, malloc'd, at least 1 byte allocated) is the caller's to free.
 * BM_EINTERNAL "seal_broken" when anything fails to authenticate: nothing is given out.
 */
int sealfile_read_all(struct svc *s, const struct file_rec *f, unsigned char **out,
		      struct bm_err *err);

#endif
