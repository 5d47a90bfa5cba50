-- 0003_calendar_revision: a counter bumped by every calendar load or replacement, so
-- that servers caching the parsed calendar notice any change, whatever the clocks of
-- the servers that made it (a load time can go backwards; this cannot).
CREATE TABLE calendar_revision (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO calendar_revision (id, n) VALUES (1, (SELECT COUNT(*) FROM calendar_years));
