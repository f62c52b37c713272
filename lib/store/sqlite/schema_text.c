/* The text of the SQLite schema, one fragment a concern, applied by the
 * migrations of schema.c.  Never edit a fragment that has shipped: a new
 * version is a new fragment. */
#include "schema.h"

/* ---- core ---- */
const char store_schema_core_v1[] =
	"PRAGMA application_id = 1196575044;\n" /* 0x47524944, "GRID" */
	"CREATE TABLE setting (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") WITHOUT ROWID;\n";

/* ---- roster ---- */
/* Units form a tree; lft/rgt are nested-set bounds renumbered after every
 * change of the tree, so "U and its descendants" is one range scan.
 * Levels are numbered from 0 at the top; a unit's depth is its level. */
const char store_schema_roster_v1[] =
	"CREATE TABLE level (\n"
	"  depth INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE department (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE category (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  deadline_hours INTEGER NOT NULL CHECK (deadline_hours > 0),\n"
	"  department_id INTEGER REFERENCES department(id)\n"
	");\n"
	"CREATE TABLE unit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  depth INTEGER NOT NULL REFERENCES level(depth),\n"
	"  parent_id INTEGER REFERENCES unit(id),\n"
	"  households INTEGER,\n"
	"  population INTEGER,\n"
	"  lft INTEGER NOT NULL DEFAULT 0,\n"
	"  rgt INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	/* roles: GRID_ROLE_* bits. */
	"CREATE TABLE person (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  pid TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  login TEXT UNIQUE,\n"
	"  phone TEXT,\n"
	"  roles INTEGER NOT NULL DEFAULT 0,\n"
	"  department_id INTEGER REFERENCES department(id)\n"
	");\n"
	"CREATE TABLE assignment (\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  duty TEXT NOT NULL,\n"
	"  PRIMARY KEY (unit_id, person_id, duty)\n"
	") WITHOUT ROWID;\n"
	ROSTER_BULK_INDEXES;

/* ---- issue ---- */
/* People and handlers are kept by their text ids, not by row references:
 * the history must read the same after a person leaves the roster.
 * changed_at is the time of the issue's latest event, kept by every path
 * that writes one, so that the measures find the issues changed after
 * an as-of time from an index of issues rather than of every event; NULL
 * (a row written by other means) sends them to the history. */
const char store_schema_issue_v1[] =
	"CREATE TABLE issue (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ref TEXT UNIQUE,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  handling_unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  category_id INTEGER NOT NULL REFERENCES category(id),\n"
	"  title TEXT NOT NULL,\n"
	"  detail TEXT,\n"
	"  location TEXT,\n"
	"  reported_by TEXT,\n"
	"  reported_at INTEGER NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('reported','accepted','assigned','resolved','closed','rejected')),\n"
	"  accepted_at INTEGER,\n"
	"  due_at INTEGER,\n"
	"  resolved_at INTEGER,\n"
	"  closed_at INTEGER,\n"
	"  handler TEXT,\n"
	"  handler_kind TEXT CHECK (handler_kind IN ('person','department')),\n"
	"  duplicate_of INTEGER REFERENCES issue(id),\n"
	"  reopened INTEGER NOT NULL DEFAULT 0,\n"
	"  changed_at INTEGER\n"
	");\n"
	"CREATE INDEX issue_unit ON issue(unit_id, reported_at);\n"
	"CREATE INDEX issue_changed ON issue(changed_at);\n"
	"CREATE INDEX issue_open_due ON issue(due_at) WHERE status IN ('accepted','assigned');\n"
	"CREATE TABLE event (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  issue_id INTEGER NOT NULL REFERENCES issue(id),\n"
	"  at INTEGER NOT NULL,\n"
	"  actor TEXT,\n"
	"  action TEXT NOT NULL,\n"
	"  from_status TEXT,\n"
	"  to_status TEXT NOT NULL,\n"
	"  handling_unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  due_at INTEGER,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX event_issue ON event(issue_id, at);\n"
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n"
	"CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n";

/* ---- visit ---- */
const char store_schema_visit_v1[] =
	"CREATE TABLE visit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  household TEXT NOT NULL,\n"
	"  person TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX visit_unit_at ON visit(unit_id, at);\n"
	"CREATE UNIQUE INDEX visit_once ON visit(unit_id, household, person, at);\n"
	"CREATE INDEX visit_at ON visit(at);\n";

/* ---- diary ---- */
const char store_schema_diary_v1[] =
	"CREATE TABLE diary (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  person TEXT NOT NULL,\n"
	"  date TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  score INTEGER CHECK (score BETWEEN 0 AND 100),\n"
	"  review_note TEXT,\n"
	"  reviewed_by TEXT,\n"
	"  reviewed_at INTEGER,\n"
	"  UNIQUE (person, date, unit_id)\n"
	");\n"
	"CREATE INDEX diary_date ON diary(date);\n";

/* ---- stats ---- */
/* The issues changed after as-of come from issue_changed (issue.c); the
 * counts of a long period, and the probe of each issue of an old one,
 * read a covering index of the issues instead of their rows. */
const char store_schema_stats_v1[] =
	"CREATE INDEX issue_measures ON issue(reported_at, status, unit_id, category_id, handling_unit_id,\n"
	"  due_at, resolved_at, reopened, changed_at);\n";

/* ---- history ---- */
/* recorded_by: the operating-system login that wrote the event (NULL:
 * written before version 2, unknown).  on_behalf: 1 when that login's
 * person is not the actor, decided as the event is written so that a
 * later change of the roster leaves it be (NULL before version 2).  seq and hash: the chain (see
 * history_hash.h); seq, the event's number within its issue, is what
 * tells a deleted event, the hash it chains from is the one of the row
 * before it.  history_head: one row, the running head over every
 * event in id order and their number, written with each event. */
const char store_schema_history_v2[] =
	"ALTER TABLE event ADD COLUMN recorded_by TEXT;\n"
	"ALTER TABLE event ADD COLUMN on_behalf INTEGER;\n"
	"ALTER TABLE event ADD COLUMN seq INTEGER;\n"
	"ALTER TABLE event ADD COLUMN hash BLOB;\n"
	"CREATE TABLE history_head (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  head BLOB NOT NULL,\n"
	"  events INTEGER NOT NULL\n"
	");\n";

/* ---- location (version 3) ---- */
/* Where a case was seen and where a unit is, for the Open311 documents
 * (grid-open311(1)): WGS 84 degrees, both or neither.  A case's address
 * is its location text, so issue has no address column; a unit's is
 * its own.  Added columns: the history's hash covers events, not these. */
const char store_schema_location_v3[] =
	"ALTER TABLE issue ADD COLUMN lat REAL CHECK (lat BETWEEN -90 AND 90);\n"
	"ALTER TABLE issue ADD COLUMN long REAL CHECK (long BETWEEN -180 AND 180);\n"
	"ALTER TABLE unit ADD COLUMN lat REAL CHECK (lat BETWEEN -90 AND 90);\n"
	"ALTER TABLE unit ADD COLUMN long REAL CHECK (long BETWEEN -180 AND 180);\n"
	"ALTER TABLE unit ADD COLUMN address TEXT;\n";

/* ---- the year's work (version 4) ---- */
/* Targets and key projects (grid-target(1), grid-project(1)).  Amounts
 * are integers in ten-thousandths of the indicator's measure (value) with
 * the number of decimals they were written with (decimals), so that sums
 * and shares are exact and print as entered.  A target is one value per
 * indicator, year and unit (NULL: the whole database); the figures
 * recorded against it are append-only, a correction being a later row for
 * the same date.  A project's milestones and changes are append-only
 * too; project holds its present state, its investment in yuan (written
 * in 10,000 yuan, 万元, to four decimals), and each add or update event
 * the whole state it left (name, level, stage, investment, unit, person),
 * so that the history reads the same whatever changes after.  People and
 * the event's unit by their text ids and codes, as in the cases' history. */
const char store_schema_year_v4[] =
	"CREATE TABLE indicator (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT,\n"
	"  measure TEXT\n"
	");\n"
	"CREATE TABLE target (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  indicator_id INTEGER NOT NULL REFERENCES indicator(id),\n"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 9999),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  value INTEGER NOT NULL CHECK (value >= 0),\n"
	"  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 4),\n"
	"  set_by TEXT,\n"
	"  set_at INTEGER NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX target_once ON target(indicator_id, year, coalesce(unit_id, 0));\n"
	"CREATE TABLE target_record (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  indicator_id INTEGER NOT NULL REFERENCES indicator(id),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  as_of TEXT NOT NULL,\n"
	"  value INTEGER NOT NULL,\n"
	"  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 4),\n"
	"  recorded_by TEXT,\n"
	"  recorded_at INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX target_record_as_of ON target_record(indicator_id, as_of);\n"
	"CREATE TRIGGER target_record_no_update BEFORE UPDATE ON target_record\n"
	"BEGIN SELECT RAISE(ABORT, 'the recorded figures are append-only'); END;\n"
	"CREATE TRIGGER target_record_no_delete BEFORE DELETE ON target_record\n"
	"BEGIN SELECT RAISE(ABORT, 'the recorded figures are append-only'); END;\n"
	"CREATE TABLE project (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  level TEXT NOT NULL CHECK (level IN ('city', 'district', 'street')),\n"
	"  stage TEXT NOT NULL CHECK (stage IN ('planned', 'building', 'done')),\n"
	"  investment INTEGER CHECK (investment >= 0),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  person TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  changed_at INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE project_event (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  at INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('add', 'update', 'milestone')),\n"
	"  date TEXT,\n"
	"  stage TEXT,\n"
	"  investment INTEGER,\n"
	"  note TEXT,\n"
	"  actor TEXT,\n"
	"  recorded_by TEXT,\n"
	"  name TEXT,\n"
	"  level TEXT,\n"
	"  unit TEXT,\n"
	"  person TEXT\n"
	");\n"
	"CREATE INDEX project_event_project ON project_event(project_id, id);\n"
	"CREATE TRIGGER project_event_no_update BEFORE UPDATE ON project_event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n"
	"CREATE TRIGGER project_event_no_delete BEFORE DELETE ON project_event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n";
