/*
 * filetype.c - content sniffing for uploads.
 */
#include <string.h>

#include "base/err.h"
#include "core/filetype.h"
#include "base/banned.h"

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	       (unsigned long)p[3] << 24;
}

/* Walk the local file headers of a ZIP archive looking at entry names. */
static int zip_kind(const unsigned char *d, size_t len, enum file_type *type)
{
	size_t off = 0;

	for (int entries = 0; entries < 4096 && off + 30 <= len; entries++) {
		unsigned long csize;
		unsigned nlen, xlen, flags;
		const char *name;

		if (memcmp(d + off, "PK\x03\x04", 4) != 0)
			break;
		flags = le16(d + off + 6);
		csize = le32(d + off + 18);
		nlen = le16(d + off + 26);
		xlen = le16(d + off + 28);
		if (off + 30 + nlen > len)
			break;
		name = (const char *)d + off + 30;
		if (nlen == 7 && memcmp(name, "OFD.xml", 7) == 0) {
			*type = FT_OFD;
			return 0;
		}
		if (nlen == 17 && memcmp(name, "word/document.xml", 17) == 0) {
			*type = FT_DOCX;
			return 0;
		}
		if (nlen == 15 && memcmp(name, "xl/workbook.xml", 15) == 0) {
			*type = FT_XLSX;
			return 0;
		}
		/* a data descriptor (flag bit 3) leaves csize unknown here: stop */
		if ((flags & 8u) != 0)
			break;
		if (csize > len || off + 30 + nlen + xlen + csize > len)
			break;
		off += 30 + nlen + xlen + csize;
	}
	return BM_EMEDIA;
}

int filetype_sniff(const unsigned char *d, size_t len, enum file_type *type)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0) {
		*type = FT_PDF;
		return 0;
	}
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff) {
		*type = FT_JPEG;
		return 0;
	}
	if (len >= 8 && memcmp(d, png, 8) == 0) {
		*type = FT_PNG;
		return 0;
	}
	if (len >= 4 && memcmp(d, "PK\x03\x04", 4) == 0)
		return zip_kind(d, len, type);
	return BM_EMEDIA;
}
