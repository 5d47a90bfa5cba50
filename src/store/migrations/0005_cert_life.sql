-- 0005_cert_life: the life of a certificate after issuance. Its history (every change
-- of state, and the unit's requests), the renewal reminders sent (each once), and the
-- index the renewal links need (applications.renewal_of exists since 0002).
-- Civil dates are TEXT 'YYYY-MM-DD'; instants are INTEGER milliseconds (UTC).

-- A unit history event the system records from a bureau's decision (the revocation
-- that bars new applications for 3 years) is locked: the unit cannot delete it.
ALTER TABLE unit_events ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));

CREATE TABLE cert_events (
	id             INTEGER PRIMARY KEY,
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	event          TEXT NOT NULL,          -- certlife_event_name, or 'request_cancel'
	reason         TEXT,                   -- certlife_reason_name; NULL when none
	from_state     TEXT NOT NULL,
	to_state       TEXT NOT NULL,
	by_user        INTEGER REFERENCES users(id), -- NULL: the system (scheduler, operator)
	by_login       TEXT NOT NULL,
	at             INTEGER NOT NULL,
	day            TEXT NOT NULL,          -- the business day (CST) it happened on
	start_on       TEXT,                   -- suspension
	end_on         TEXT,
	note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cert_events_cert ON cert_events(certificate_id, id);

-- Renewal reminders sent: one row per certificate and lead (6, 3, 1 months), so a
-- reminder is never sent twice whatever the scheduler's runs.
CREATE TABLE cert_reminders (
	certificate_id INTEGER NOT NULL REFERENCES certificates(id),
	months         INTEGER NOT NULL CHECK (months IN (1, 3, 6)),
	sent_on        TEXT NOT NULL,
	PRIMARY KEY (certificate_id, months)
);

CREATE INDEX applications_renewal ON applications(renewal_of);
CREATE INDEX certificates_state ON certificates(state, valid_until);
CREATE INDEX certificates_predecessor ON certificates(predecessor_id);
