-- 0008_cert_lines: a certificate and the versions it superseded (issue 4 §3: a change of
-- the unit's name, address or legal representative, or a downgrade, issues a new
-- version). The annual self-inspection is owed by the line, not by one version: a report
-- filed for the previous version counts for the new one. member = id itself and every
-- predecessor reached through superseded versions (a renewal starts a line of its own:
-- its predecessor is not superseded).
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
