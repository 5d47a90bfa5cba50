-- 0001_foundation: regions, authorities, units, users, sessions, API tokens and the
-- tamper-evident audit trail. Timestamps are INTEGER milliseconds since the epoch (UTC);
-- civil dates are TEXT 'YYYY-MM-DD'. Labels are an INTEGER level (0 public .. 4
-- top_secret) and a canonical comma-separated compartment list.

CREATE TABLE regions (
	code    TEXT PRIMARY KEY CHECK (length(code) = 6),
	name_zh TEXT NOT NULL,
	name_en TEXT NOT NULL,
	parent  TEXT REFERENCES regions(code)
);

-- [law] GB/T 2260 province-level divisions; 000000 is the whole country.
INSERT INTO regions (code, name_zh, name_en, parent) VALUES
	('000000', '全国', 'National', NULL),
	('110000', '北京市', 'Beijing', '000000'),
	('120000', '天津市', 'Tianjin', '000000'),
	('130000', '河北省', 'Hebei', '000000'),
	('140000', '山西省', 'Shanxi', '000000'),
	('150000', '内蒙古自治区', 'Inner Mongolia', '000000'),
	('210000', '辽宁省', 'Liaoning', '000000'),
	('220000', '吉林省', 'Jilin', '000000'),
	('230000', '黑龙江省', 'Heilongjiang', '000000'),
	('310000', '上海市', 'Shanghai', '000000'),
	('320000', '江苏省', 'Jiangsu', '000000'),
	('330000', '浙江省', 'Zhejiang', '000000'),
	('340000', '安徽省', 'Anhui', '000000'),
	('350000', '福建省', 'Fujian', '000000'),
	('360000', '江西省', 'Jiangxi', '000000'),
	('370000', '山东省', 'Shandong', '000000'),
	('410000', '河南省', 'Henan', '000000'),
	('420000', '湖北省', 'Hubei', '000000'),
	('430000', '湖南省', 'Hunan', '000000'),
	('440000', '广东省', 'Guangdong', '000000'),
	('450000', '广西壮族自治区', 'Guangxi', '000000'),
	('460000', '海南省', 'Hainan', '000000'),
	('500000', '重庆市', 'Chongqing', '000000'),
	('510000', '四川省', 'Sichuan', '000000'),
	('520000', '贵州省', 'Guizhou', '000000'),
	('530000', '云南省', 'Yunnan', '000000'),
	('540000', '西藏自治区', 'Xizang', '000000'),
	('610000', '陕西省', 'Shaanxi', '000000'),
	('620000', '甘肃省', 'Gansu', '000000'),
	('630000', '青海省', 'Qinghai', '000000'),
	('640000', '宁夏回族自治区', 'Ningxia', '000000'),
	('650000', '新疆维吾尔自治区', 'Xinjiang', '000000');

-- Prefecture-level cities of provincial capitals and a few others, so that municipal
-- bureaus can be created out of the box; system_admin adds more through the API.
INSERT INTO regions (code, name_zh, name_en, parent) VALUES
	('130100', '石家庄市', 'Shijiazhuang', '130000'),
	('210100', '沈阳市', 'Shenyang', '210000'),
	('210200', '大连市', 'Dalian', '210000'),
	('320100', '南京市', 'Nanjing', '320000'),
	('320200', '无锡市', 'Wuxi', '320000'),
	('320500', '苏州市', 'Suzhou', '320000'),
	('330100', '杭州市', 'Hangzhou', '330000'),
	('330200', '宁波市', 'Ningbo', '330000'),
	('340100', '合肥市', 'Hefei', '340000'),
	('350100', '福州市', 'Fuzhou', '350000'),
	('350200', '厦门市', 'Xiamen', '350000'),
	('370100', '济南市', 'Jinan', '370000'),
	('370200', '青岛市', 'Qingdao', '370000'),
	('410100', '郑州市', 'Zhengzhou', '410000'),
	('420100', '武汉市', 'Wuhan', '420000'),
	('430100', '长沙市', 'Changsha', '430000'),
	('440100', '广州市', 'Guangzhou', '440000'),
	('440300', '深圳市', 'Shenzhen', '440000'),
	('510100', '成都市', 'Chengdu', '510000'),
	('610100', '西安市', 'Xi''an', '610000');

CREATE TABLE authorities (
	id         INTEGER PRIMARY KEY,
	name_zh    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	level      TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'municipal')),
	region     TEXT NOT NULL UNIQUE REFERENCES regions(code),
	parent_id  INTEGER REFERENCES authorities(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE units (
	id                   INTEGER PRIMARY KEY,
	name                 TEXT NOT NULL,
	uscc                 TEXT NOT NULL UNIQUE,
	region               TEXT NOT NULL REFERENCES regions(code),
	address              TEXT NOT NULL DEFAULT '',
	legal_representative TEXT NOT NULL DEFAULT '',
	registered_on        TEXT,
	phone                TEXT NOT NULL DEFAULT '',
	label_level          INTEGER NOT NULL DEFAULT 1 CHECK (label_level BETWEEN 0 AND 4),
	label_compartments   TEXT NOT NULL DEFAULT '',
	created_at           INTEGER NOT NULL,
	updated_at           INTEGER NOT NULL,
	version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_region ON units(region);

CREATE TABLE users (
	id                     INTEGER PRIMARY KEY,
	login                  TEXT NOT NULL UNIQUE,
	display_name           TEXT NOT NULL,
	pw_hash                TEXT NOT NULL,
	authority_id           INTEGER REFERENCES authorities(id),
	unit_id                INTEGER REFERENCES units(id),
	clearance_level        INTEGER NOT NULL DEFAULT 1 CHECK (clearance_level BETWEEN 0 AND 4),
	clearance_compartments TEXT NOT NULL DEFAULT '',
	disabled               INTEGER NOT NULL DEFAULT 0,
	must_change_password   INTEGER NOT NULL DEFAULT 0,
	failed_count           INTEGER NOT NULL DEFAULT 0,
	failed_since           INTEGER NOT NULL DEFAULT 0,
	locked_until           INTEGER NOT NULL DEFAULT 0,
	password_changed_at    INTEGER NOT NULL,
	created_at             INTEGER NOT NULL,
	updated_at             INTEGER NOT NULL,
	version                INTEGER NOT NULL DEFAULT 1,
	CHECK (authority_id IS NULL OR unit_id IS NULL)
);

CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role    TEXT NOT NULL CHECK (role IN ('system_admin', 'security_admin',
		'security_auditor', 'reviewer', 'expert', 'approver', 'inspector',
		'unit_officer', 'unit_member')),
	PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
	token_hash   BLOB PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	client_addr  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	token_hash   BLOB NOT NULL UNIQUE,
	hint         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	revoked_at   INTEGER,
	last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- The audit trail. Each entry carries `root`, the RFC 6962 Merkle tree head over
-- entries 1..seq; audit_heads holds Ed25519-signed heads. Neither table can be
-- changed or shortened: the triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
	seq         INTEGER PRIMARY KEY,
	ts          INTEGER NOT NULL,
	actor_id    INTEGER NOT NULL,
	actor_login TEXT NOT NULL,
	actor_roles TEXT NOT NULL,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	request_id  TEXT NOT NULL,
	client_addr TEXT NOT NULL,
	details     TEXT NOT NULL,
	root        BLOB NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log(actor_login, seq);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_ts ON audit_log(ts);

CREATE TABLE audit_heads (
	size   INTEGER PRIMARY KEY,
	root   BLOB NOT NULL,
	ts     INTEGER NOT NULL,
	key_id TEXT NOT NULL,
	sig    BLOB NOT NULL
);

-- The Merkle frontier after the last entry: a cache that makes appends O(log n).
-- audit verify never trusts it.
CREATE TABLE audit_state (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	size     INTEGER NOT NULL,
	frontier BLOB NOT NULL
);
INSERT INTO audit_state (id, size, frontier) VALUES (1, 0, X'');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_heads_no_update BEFORE UPDATE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'audit_heads is append-only'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'audit_heads is append-only'); END;
