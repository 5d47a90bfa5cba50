-- 0007_inspections: bureau inspections of qualified units (planned, unannounced, or
-- opened by a leak report), leak reports, and the sanction proposals an overdue or
-- rejected rectification raises (issue 4 §5). Findings of an inspection are rows of
-- findings (0006) with source_type 'inspection'.
-- Civil dates are TEXT 'YYYY-MM-DD'; instants are INTEGER milliseconds (UTC).

CREATE TABLE inspections (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	kind           TEXT NOT NULL CHECK (kind IN ('planned', 'unannounced', 'leak')),
	state          TEXT NOT NULL CHECK (state IN ('planned', 'in_progress', 'rectifying',
	                                              'closed', 'cancelled')),
	planned_on     TEXT NOT NULL,          -- the day it is to start
	areas          TEXT NOT NULL,          -- the areas in scope: comma list of area codes
	purpose        TEXT NOT NULL DEFAULT '',
	conclusion     TEXT NOT NULL DEFAULT '',
	leak_report_id INTEGER,                -- the leak report that opened it
	created_by     INTEGER REFERENCES users(id), -- NULL: opened by a leak report
	created_at     INTEGER NOT NULL,
	started_by     INTEGER REFERENCES users(id),
	started_at     INTEGER,
	concluded_by   INTEGER REFERENCES users(id),
	concluded_at   INTEGER,
	closed_at      INTEGER,
	updated_at     INTEGER NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX inspections_cert ON inspections(certificate_id);
CREATE INDEX inspections_state ON inspections(state);

CREATE TABLE leak_reports (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	level          TEXT NOT NULL CHECK (level IN ('top_secret', 'secret', 'confidential')),
	discovered_at  INTEGER NOT NULL,       -- when the unit learnt of the leak
	reported_at    INTEGER NOT NULL,
	late           INTEGER NOT NULL,       -- reported more than 24 hours after discovery
	description    TEXT NOT NULL,
	measures       TEXT NOT NULL,          -- what the unit did to contain it
	reported_by    INTEGER REFERENCES users(id),
	inspection_id  INTEGER NOT NULL REFERENCES inspections(id)
);
CREATE INDEX leak_reports_unit ON leak_reports(unit_id);

CREATE TABLE sanction_proposals (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	finding_id     INTEGER NOT NULL REFERENCES findings(id),
	ground         TEXT NOT NULL CHECK (ground IN ('rectification_overdue',
	                                               'rectification_rejected')),
	measure        TEXT NOT NULL CHECK (measure IN ('suspend', 'downgrade', 'revoke')),
	months         INTEGER NOT NULL DEFAULT 6,  -- suspend: 6..12
	revoke_reason  TEXT NOT NULL DEFAULT '',    -- revoke: a certlife revocation reason
	state          TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined')),
	proposed_by    INTEGER REFERENCES users(id), -- NULL: the scheduler
	proposed_at    INTEGER NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	decided_by     INTEGER REFERENCES users(id),
	decided_at     INTEGER,
	decision_note  TEXT NOT NULL DEFAULT '',
	version        INTEGER NOT NULL DEFAULT 1
);
-- one pending proposal per finding: a second ground waits for the first decision
CREATE UNIQUE INDEX sanction_pending ON sanction_proposals(finding_id) WHERE state = 'pending';
CREATE INDEX sanction_cert ON sanction_proposals(certificate_id);
