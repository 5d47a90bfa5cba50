-- 0004_certificates: issued certificates, the two-person issuance, the authorities'
-- signing keys, per-scheme number counters and the latest signed status list.
-- Civil dates are TEXT 'YYYY-MM-DD'; instants are INTEGER milliseconds (UTC).

-- Ed25519 signing keys. uses: bit 1 certificates, bit 2 status lists (sec/certsign.h).
-- The secret key is kept wrapped: nonce || crypto_secretbox(sk) under a subkey of the
-- master key (sec/keys.h), never in the clear.
CREATE TABLE signing_keys (
	id             INTEGER PRIMARY KEY,
	authority_id   INTEGER NOT NULL REFERENCES authorities(id),
	kid            TEXT NOT NULL UNIQUE,   -- 16 hex digits: SHA-256(pk)[0..8)
	public_key     TEXT NOT NULL,          -- 64 hex digits
	secret_wrapped BLOB NOT NULL,
	valid_from     TEXT NOT NULL,
	valid_until    TEXT NOT NULL,
	uses           INTEGER NOT NULL CHECK (uses BETWEEN 1 AND 3),
	created_at     INTEGER NOT NULL
);
CREATE INDEX signing_keys_authority ON signing_keys(authority_id, uses);

CREATE TABLE certificates (
	id              INTEGER PRIMARY KEY,
	number          TEXT NOT NULL UNIQUE,
	application_id  INTEGER NOT NULL REFERENCES applications(id),
	predecessor_id  INTEGER REFERENCES certificates(id),
	unit_id         INTEGER NOT NULL REFERENCES units(id),
	unit_name       TEXT NOT NULL,
	uscc            TEXT NOT NULL,
	region          TEXT NOT NULL,          -- the unit's region, for jurisdiction
	scheme_id       TEXT NOT NULL,
	scheme_version  INTEGER NOT NULL,
	grade           TEXT NOT NULL,
	categories      TEXT NOT NULL,          -- canonical comma list
	issued          TEXT NOT NULL,
	valid_from      TEXT NOT NULL,
	valid_until     TEXT NOT NULL,
	authority_id    INTEGER NOT NULL REFERENCES authorities(id),
	authority_name  TEXT NOT NULL,          -- as signed
	status_index    INTEGER NOT NULL UNIQUE,
	kid             TEXT NOT NULL,
	payload         TEXT NOT NULL,          -- "BM1:..." (docs/certificate-format.md)
	state           TEXT NOT NULL,          -- certlife_state_name
	state_since     TEXT NOT NULL,
	suspension_start TEXT,
	suspension_end  TEXT,
	decided_by      INTEGER REFERENCES users(id),
	confirmed_by    INTEGER REFERENCES users(id),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificates_unit ON certificates(unit_id);
CREATE INDEX certificates_application ON certificates(application_id);
CREATE INDEX certificates_uscc ON certificates(uscc);

-- The two-person act: an approval creates a pending issuance in its own commit; a
-- second member of the deciding authority confirms it, which issues the certificate.
CREATE TABLE cert_issuances (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL UNIQUE REFERENCES applications(id),
	authority_id   INTEGER NOT NULL REFERENCES authorities(id),
	decided_by     INTEGER REFERENCES users(id),
	decided_at     INTEGER NOT NULL,
	state          TEXT NOT NULL CHECK (state IN ('pending', 'confirmed')),
	confirmed_by   INTEGER REFERENCES users(id),
	confirmed_at   INTEGER,
	certificate_id INTEGER REFERENCES certificates(id)
);

-- The last sequence number given per scheme and year ({seq:N} of the number pattern).
CREATE TABLE cert_counters (
	scheme_id TEXT NOT NULL,
	year      INTEGER NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, year)
);

-- The latest signed status list (one row), as published.
CREATE TABLE cert_status_list (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	issued    INTEGER NOT NULL,           -- ms UTC
	size      INTEGER NOT NULL,
	kid       TEXT NOT NULL,
	list      BLOB NOT NULL,              -- zlib stream
	signature BLOB NOT NULL,
	revision  INTEGER NOT NULL
);
