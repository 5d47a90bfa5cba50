-- 0006_annual: the annual self-inspection (年度自检, issue 4 §4), findings and their
-- rectification (shared with the bureau inspections of §5), the sealed files attached to
-- reports and findings, and the cancellation proposals an approver confirms.
-- Civil dates are TEXT 'YYYY-MM-DD'; instants are INTEGER milliseconds (UTC).

CREATE TABLE annual_reports (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	year           INTEGER NOT NULL,
	state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'passed', 'rectify',
	                                              'failed')),
	-- the 13 areas' answers (core/areas.h), canonical JSON:
	-- [{"area": code, "status": "compliant"|"partly"|"not", "text": ...}, ...]
	answers        TEXT NOT NULL DEFAULT '[]',
	created_by     INTEGER REFERENCES users(id),
	created_at     INTEGER NOT NULL,
	submitted_by   INTEGER REFERENCES users(id),
	submitted_at   INTEGER,
	reviewed_by    INTEGER REFERENCES users(id),
	reviewed_at    INTEGER,
	decision_note  TEXT NOT NULL DEFAULT '',
	updated_at     INTEGER NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (certificate_id, year)
);
CREATE INDEX annual_reports_unit ON annual_reports(unit_id, year);

CREATE TABLE findings (
	id             INTEGER PRIMARY KEY,
	source_type    TEXT NOT NULL CHECK (source_type IN ('annual_report', 'inspection')),
	source_id      INTEGER NOT NULL,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	area           TEXT NOT NULL,          -- core/areas.h code
	severity       TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'serious')),
	requirement    TEXT NOT NULL,          -- the rule or clause not met
	deadline       TEXT NOT NULL,          -- last day to rectify
	state          TEXT NOT NULL CHECK (state IN ('open', 'responded', 'verified', 'rejected')),
	overdue        INTEGER NOT NULL DEFAULT 0, -- set by the scheduler past the deadline
	response       TEXT NOT NULL DEFAULT '',
	responded_by   INTEGER REFERENCES users(id),
	responded_at   INTEGER,
	verified_by    INTEGER REFERENCES users(id),
	verified_at    INTEGER,
	verification_note TEXT NOT NULL DEFAULT '',
	created_by     INTEGER REFERENCES users(id),
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX findings_source ON findings(source_type, source_id);
CREATE INDEX findings_open ON findings(state, deadline);

-- Sealed files (files, file_chunks of 0002) attached to a report or a finding.
CREATE TABLE record_files (
	id         INTEGER PRIMARY KEY,
	owner_type TEXT NOT NULL CHECK (owner_type IN ('annual_report', 'finding')),
	owner_id   INTEGER NOT NULL,
	file_id    INTEGER NOT NULL REFERENCES files(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX record_files_owner ON record_files(owner_type, owner_id);

-- One per certificate and year, whatever opened it (a fail, or the scheduler on a
-- missing report): the scheduler can never propose twice.
CREATE TABLE cancel_proposals (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	year           INTEGER NOT NULL,
	report_id      INTEGER REFERENCES annual_reports(id), -- NULL for a missing report
	reason         TEXT NOT NULL CHECK (reason IN ('annual_exam_missing', 'annual_exam_failed')),
	state          TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'declined')),
	proposed_by    INTEGER REFERENCES users(id), -- NULL: the scheduler
	proposed_at    INTEGER NOT NULL,
	decided_by     INTEGER REFERENCES users(id), -- NULL while pending, or the system
	decided_at     INTEGER,
	decision_note  TEXT NOT NULL DEFAULT '',
	version        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (certificate_id, year)
);
