/*
 * filetype.h - what a file really is, from its first bytes, not its name.
 *
 * Uploads are allow-listed by content: PDF ("%PDF-"), JPEG (FF D8 FF), PNG (the
 * 8-byte signature), and the ZIP-based OFD (GB/T 33190: OFD.xml at the root), DOCX
 * (word/document.xml) and XLSX (xl/workbook.xml), told apart by the names in the
 * archive's local file headers.
 */
#ifndef BM_FILETYPE_H
#define BM_FILETYPE_H

#include <stddef.h>

#include "core/scheme.h"

/* 0 and *type when the content is one of the allowed types; BM_EMEDIA otherwise. */
int filetype_sniff(const unsigned char *data, size_t len, enum file_type *type);

#endif
