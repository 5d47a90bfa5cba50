-- 0010_paper_certificates: certificates a bureau issued on paper before it used baomi,
-- registered into the register (docs/certificates.md §23). Such a certificate rests on
-- no application held here, so certificates.application_id becomes nullable; the table
-- is rebuilt (SQLite cannot drop a NOT NULL in place) with two new columns:
--   paper_issued  the issue date printed on the paper certificate (NULL: issued here);
--   reports_from  the first day of the annual self-inspection's reach: valid_from for a
--                 certificate issued here, 1 January of the registration year for one
--                 registered from paper (earlier years were examined on paper). A new
--                 version keeps its predecessor's.
-- The migration runs with foreign keys off and checked before commit (migrate.c).

CREATE TABLE certificates_new (
	id              INTEGER PRIMARY KEY,
	number          TEXT NOT NULL UNIQUE,
	application_id  INTEGER REFERENCES applications(id),
	predecessor_id  INTEGER REFERENCES certificates(id),
	unit_id         INTEGER NOT NULL REFERENCES units(id),
	unit_name       TEXT NOT NULL,
	uscc            TEXT NOT NULL,
	region          TEXT NOT NULL,          -- the unit's region, for jurisdiction
	scheme_id       TEXT NOT NULL,
	scheme_version  INTEGER NOT NULL,
	grade           TEXT NOT NULL,
	categories      TEXT NOT NULL,          -- canonical comma list
	issued          TEXT NOT NULL,          -- the day it was signed here
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
	version         INTEGER NOT NULL DEFAULT 1,
	paper_issued    TEXT,
	reports_from    TEXT NOT NULL,
	CHECK (application_id IS NOT NULL OR paper_issued IS NOT NULL
	       OR predecessor_id IS NOT NULL)
);

INSERT INTO certificates_new
	(id, number, application_id, predecessor_id, unit_id, unit_name, uscc, region,
	 scheme_id, scheme_version, grade, categories, issued, valid_from, valid_until,
	 authority_id, authority_name, status_index, kid, payload, state, state_since,
	 suspension_start, suspension_end, decided_by, confirmed_by, created_at, updated_at,
	 version, paper_issued, reports_from)
SELECT id, number, application_id, predecessor_id, unit_id, unit_name, uscc, region,
	 scheme_id, scheme_version, grade, categories, issued, valid_from, valid_until,
	 authority_id, authority_name, status_index, kid, payload, state, state_since,
	 suspension_start, suspension_end, decided_by, confirmed_by, created_at, updated_at,
	 version, NULL, valid_from
FROM certificates;

DROP VIEW cert_lines;
DROP TABLE certificates;
ALTER TABLE certificates_new RENAME TO certificates;

CREATE INDEX certificates_unit ON certificates(unit_id);
CREATE INDEX certificates_application ON certificates(application_id);
CREATE INDEX certificates_uscc ON certificates(uscc);
CREATE INDEX certificates_state ON certificates(state, valid_until);
CREATE INDEX certificates_predecessor ON certificates(predecessor_id);

-- as in 0008_cert_lines
CREATE VIEW cert_lines (id, member) AS
WITH RECURSIVE line(id, member) AS (
	SELECT id, id FROM certificates
	UNION ALL
	SELECT line.id, c.predecessor_id FROM line
	JOIN certificates c ON c.id = line.member
	JOIN certificates p ON p.id = c.predecessor_id
	WHERE p.state = 'superseded'
)
SELECT id, member FROM line;

-- The two-person registration of a paper certificate: an approver of the bureau that
-- decides such certificates registers it (pending); a second member of its staff
-- confirms it, which signs and stores the certificate, or rejects it with a reason.
CREATE TABLE paper_registrations (
	id             INTEGER PRIMARY KEY,
	authority_id   INTEGER NOT NULL REFERENCES authorities(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	number         TEXT NOT NULL,
	scheme_id      TEXT NOT NULL,
	grade          TEXT NOT NULL,
	categories     TEXT NOT NULL,          -- canonical comma list
	paper_issued   TEXT NOT NULL,
	valid_from     TEXT NOT NULL,
	valid_until    TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	state          TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'rejected')),
	registered_by  INTEGER NOT NULL REFERENCES users(id),
	registered_at  INTEGER NOT NULL,
	decided_by     INTEGER REFERENCES users(id),
	decided_at     INTEGER,
	reason         TEXT NOT NULL DEFAULT '',
	certificate_id INTEGER REFERENCES certificates(id),
	version        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX paper_registrations_pending_number ON paper_registrations(number)
	WHERE state = 'pending';
CREATE INDEX paper_registrations_authority ON paper_registrations(authority_id, state);
