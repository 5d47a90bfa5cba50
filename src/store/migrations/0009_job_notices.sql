-- 0009_job_notices: what a scheduler job has already told, so that it tells it once
-- (e.g. the calendar job's warning that next year's working-day calendar is missing,
-- once per year).
CREATE TABLE job_notices (
	job        TEXT NOT NULL,
	key        TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (job, key)
);
