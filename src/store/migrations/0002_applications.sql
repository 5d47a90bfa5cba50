-- 0002_applications: the unit registry in full, working-day calendars, scheme
-- versions, qualification applications with their files, clock, review, on-site
-- scoring, publicity and objections, and in-app notifications.

-- ---- units, in full ----
ALTER TABLE units ADD COLUMN principal_head TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN actual_controller TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN registered_capital INTEGER;      -- yuan; NULL = unknown
ALTER TABLE units ADD COLUMN employees INTEGER;
ALTER TABLE units ADD COLUMN annual_revenue INTEGER;          -- yuan
ALTER TABLE units ADD COLUMN foreign_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN foreign_direct_bp INTEGER NOT NULL DEFAULT 0;   -- basis points
ALTER TABLE units ADD COLUMN foreign_indirect_bp INTEGER NOT NULL DEFAULT 0;

CREATE TABLE unit_people (
	id                INTEGER PRIMARY KEY,
	unit_id           INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	role              TEXT NOT NULL CHECK (role IN ('legal_representative', 'principal_head',
		'actual_controller', 'board_member', 'supervisor', 'senior_manager',
		'secret_related_staff')),
	name              TEXT NOT NULL,
	nationality       TEXT NOT NULL DEFAULT '',   -- ISO 3166 alpha-2; '' = not recorded
	foreign_residence INTEGER,                    -- NULL = not recorded
	foreign_spouse    INTEGER,
	dishonest         INTEGER,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX unit_people_unit ON unit_people(unit_id);

CREATE TABLE unit_events (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	kind        TEXT NOT NULL CHECK (kind IN ('violation', 'leak', 'qualification_revoked',
		'criminal_record', 'securities_penalty')),
	occurred_on TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
);
CREATE INDEX unit_events_unit ON unit_events(unit_id);

CREATE TABLE unit_premises (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	address    TEXT NOT NULL,
	tenure     TEXT NOT NULL CHECK (tenure IN ('owned', 'leased')),
	since      TEXT NOT NULL,
	lease_end  TEXT,
	area       INTEGER,                        -- square metres
	created_at INTEGER NOT NULL,
	CHECK (tenure = 'owned' OR lease_end IS NOT NULL)
);
CREATE INDEX unit_premises_unit ON unit_premises(unit_id);

CREATE TABLE unit_declarations (
	unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	value      INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (unit_id, key)
);

-- ---- calendars and schemes ----
CREATE TABLE calendar_years (
	year       INTEGER PRIMARY KEY,
	document   TEXT NOT NULL,      -- the year's JSON, as data/calendars/cn-YYYY.json
	loaded_at  INTEGER NOT NULL,
	loaded_by  TEXT NOT NULL
);

CREATE TABLE scheme_versions (
	scheme_id  TEXT NOT NULL,
	version    INTEGER NOT NULL,
	sha256     TEXT NOT NULL,
	document   TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, version)
);

-- ---- applications ----
CREATE TABLE applications (
	id                  INTEGER PRIMARY KEY,
	number              TEXT UNIQUE,            -- given at submission
	unit_id             INTEGER NOT NULL REFERENCES units(id),
	region              TEXT NOT NULL,          -- the unit's region, for jurisdiction
	scheme_id           TEXT NOT NULL,
	scheme_version      INTEGER NOT NULL,
	grade               TEXT NOT NULL,
	categories          TEXT NOT NULL,          -- canonical comma list
	renewal_of          INTEGER,                -- a certificate, later
	state               TEXT NOT NULL,
	accept_authority    INTEGER REFERENCES authorities(id),
	prelim_authority    INTEGER REFERENCES authorities(id),
	review_authority    INTEGER REFERENCES authorities(id),
	onsite_authority    INTEGER REFERENCES authorities(id),
	decide_authority    INTEGER REFERENCES authorities(id),
	submitted_at        INTEGER,
	received_on         TEXT,                   -- civil date the acceptance clock starts from
	acceptance_start    TEXT,                   -- received_on, or the resubmission date
	supplement_used     INTEGER NOT NULL DEFAULT 0,
	supplement_on       TEXT,
	accepted_on         TEXT,
	acceptance_no       TEXT,
	deemed_accepted     INTEGER NOT NULL DEFAULT 0,
	decision_extension  INTEGER NOT NULL DEFAULT 0, -- working days added to the limit
	onsite_notified_on  TEXT,
	onsite_date         TEXT,
	onsite_outcome      TEXT,
	onsite_total        INTEGER,                -- hundredths of a point
	halted_on           TEXT,
	publicity_start     TEXT,
	publicity_end       TEXT,
	decided_on          TEXT,
	decision_reason     TEXT NOT NULL DEFAULT '',
	granted_grade       TEXT,
	granted_categories  TEXT,
	snapshot            TEXT,                   -- frozen content at submission (JSON)
	eligibility         TEXT,                   -- the report at submission (JSON)
	label_level         INTEGER NOT NULL DEFAULT 1,
	label_compartments  TEXT NOT NULL DEFAULT '',
	created_by          INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX applications_unit ON applications(unit_id);
CREATE INDEX applications_state ON applications(state);
CREATE INDEX applications_region ON applications(region);

-- Who did what and when: the case's own timeline (the audit trail holds it too).
CREATE TABLE application_events (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	at             INTEGER NOT NULL,
	actor_id       INTEGER NOT NULL,
	actor_login    TEXT NOT NULL,
	event          TEXT NOT NULL,
	from_state     TEXT NOT NULL,
	to_state       TEXT NOT NULL,
	details        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX application_events_app ON application_events(application_id, id);

-- Periods the statutory clock stops (Administrative Licensing Law Art. 45).
CREATE TABLE application_pauses (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	kind           TEXT NOT NULL CHECK (kind IN ('supplement', 'correction', 'onsite',
		'expert', 'publicity')),
	from_on        TEXT NOT NULL,
	to_on          TEXT
);
CREATE INDEX application_pauses_app ON application_pauses(application_id);

-- Extensions of the decision limit need a recorded approval.
CREATE TABLE application_extensions (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	working_days   INTEGER NOT NULL,
	reason         TEXT NOT NULL,
	approved_by    INTEGER NOT NULL,
	approved_at    INTEGER NOT NULL
);

-- Notices, opinions and signatures written along the way.
CREATE TABLE application_notes (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	kind           TEXT NOT NULL,     -- acceptance_notice, supplement_notice, refusal,
	                                  -- preliminary_opinion, return_notice, review_opinion,
	                                  -- onsite_notice, onsite_opinion, decision
	body           TEXT NOT NULL,     -- JSON
	author_id      INTEGER NOT NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX application_notes_app ON application_notes(application_id);

-- Sealed files: XChaCha20-Poly1305 secretstream under a per-file data key, which is
-- stored wrapped by the master key; the ciphertext lives in chunks.
CREATE TABLE files (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	type        TEXT NOT NULL,        -- pdf, ofd, jpeg, png, docx, xlsx (sniffed)
	size        INTEGER NOT NULL,
	sha256      TEXT NOT NULL,        -- of the plaintext
	wrapped_key BLOB NOT NULL,
	header      BLOB NOT NULL,        -- the secretstream header
	chunks      INTEGER NOT NULL,
	uploaded_by INTEGER NOT NULL,
	uploaded_at INTEGER NOT NULL
);
CREATE TABLE file_chunks (
	file_id INTEGER NOT NULL REFERENCES files(id),
	seq     INTEGER NOT NULL,
	data    BLOB NOT NULL,
	PRIMARY KEY (file_id, seq)
);

CREATE TABLE application_files (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	material       TEXT NOT NULL,
	file_id        INTEGER NOT NULL REFERENCES files(id),
	phase          TEXT NOT NULL CHECK (phase IN ('draft', 'supplement', 'correction')),
	frozen         INTEGER NOT NULL DEFAULT 0,  -- part of a submitted snapshot
	created_at     INTEGER NOT NULL
);
CREATE INDEX application_files_app ON application_files(application_id);

-- On-site review: the team, each member's sheet, the signed opinion.
CREATE TABLE onsite_team (
	application_id INTEGER NOT NULL REFERENCES applications(id),
	user_id        INTEGER NOT NULL REFERENCES users(id),
	role           TEXT NOT NULL CHECK (role IN ('leader', 'staff', 'expert')),
	PRIMARY KEY (application_id, user_id)
);
CREATE TABLE onsite_sheets (
	application_id INTEGER NOT NULL REFERENCES applications(id),
	user_id        INTEGER NOT NULL REFERENCES users(id),
	scores         TEXT NOT NULL,     -- JSON {item: points}
	vetoes         TEXT NOT NULL,     -- JSON [item, ...] marked failed
	total          INTEGER NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	submitted_at   INTEGER,           -- NULL while a draft
	PRIMARY KEY (application_id, user_id)
);

CREATE TABLE objections (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	name           TEXT NOT NULL,
	contact        TEXT NOT NULL,
	body           TEXT NOT NULL,
	filed_at       INTEGER NOT NULL,
	client_addr    TEXT NOT NULL,
	resolution     TEXT CHECK (resolution IN ('upheld', 'dismissed')),
	reason         TEXT,
	resolved_by    INTEGER,
	resolved_at    INTEGER
);
CREATE INDEX objections_app ON objections(application_id);

-- Waiting periods after a failed or halted on-site review (the scheme says how long).
CREATE TABLE unit_bars (
	id             INTEGER PRIMARY KEY,
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	scheme_id      TEXT NOT NULL,
	kind           TEXT NOT NULL CHECK (kind IN ('reapply', 'reinspect')),
	until_on       TEXT NOT NULL,
	application_id INTEGER REFERENCES applications(id),
	created_at     INTEGER NOT NULL
);
CREATE INDEX unit_bars_unit ON unit_bars(unit_id, scheme_id);

CREATE TABLE notifications (
	id             INTEGER PRIMARY KEY,
	user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	application_id INTEGER REFERENCES applications(id),
	kind           TEXT NOT NULL,
	text_zh        TEXT NOT NULL,
	text_en        TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	read_at        INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

-- Background jobs take a lease so that only one server runs each at a time.
CREATE TABLE job_leases (
	job        TEXT PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);
