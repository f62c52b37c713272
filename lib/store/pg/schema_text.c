/* The text of the PostgreSQL schema: SQLite's versions 1 and 2
 * (lib/store/sqlite/schema_text.c, which says what the tables mean) with
 * the same names, translated.  Never edit it once shipped: a new version
 * is a migration. */
#include "schema.h"
#include "../sql/roster_sql.h"

/* Text compares and sorts bytewise, as in SQLite, whatever the
 * database's locale. */
#define TEXT_C "TEXT COLLATE \"C\""

/* One script, longer than the 4095 characters C asks compilers to take
 * in one string (-Wpedantic); gcc and clang take it. */
#pragma GCC diagnostic ignored "-Woverlength-strings"

const char pg_schema_v2[] =
	/* SQLite's rowid: an id left NULL is the table's max(id) + 1, as in
	 * SQLite, so that ids match between the engines; no sequence.  Writers
	 * hold the write lock, so max + 1 cannot race.  TG_ARGV[0] names the
	 * table when the trigger fires on a partition of it.  It runs as the
	 * tables' owner (SECURITY DEFINER), who is not subject to row-level
	 * security (grid init --roles): a writer who sees some of the rows
	 * only still gets the max of them all; the search_path is pinned,
	 * the table named with its schema. */
	"CREATE FUNCTION grid_rowid() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER\n"
	"  SET search_path = pg_catalog, pg_temp AS $$\n"
	"BEGIN\n"
	"  IF NEW.id IS NULL THEN\n"
	"    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA,\n"
	"      coalesce(TG_ARGV[0], TG_TABLE_NAME)) INTO NEW.id;\n"
	"  END IF;\n"
	"  RETURN NEW;\n"
	"END $$;\n"
	/* A constraint's SQLSTATE, as SQLite's RAISE(ABORT) is a constraint
	 * error. */
	"CREATE FUNCTION grid_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"BEGIN\n"
	"  RAISE EXCEPTION 'the history is append-only' USING ERRCODE = 'integrity_constraint_violation';\n"
	"END $$;\n"

	/* ---- core ---- */
	"CREATE TABLE setting (\n"
	"  key " TEXT_C " PRIMARY KEY,\n"
	"  value " TEXT_C " NOT NULL\n"
	");\n"

	/* ---- roster ---- */
	/* Foreign keys are DEFERRABLE (immediate unless deferred) so that a
	 * transaction can SET CONSTRAINTS ALL DEFERRED where SQLite's sets
	 * PRAGMA defer_foreign_keys (the roster's merge moves levels). */
	"CREATE TABLE level (\n"
	"  depth BIGINT PRIMARY KEY,\n"
	"  name " TEXT_C " NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE department (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  code " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C " NOT NULL\n"
	");\n"
	"CREATE TABLE category (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  code " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C " NOT NULL,\n"
	"  deadline_hours BIGINT NOT NULL CHECK (deadline_hours > 0),\n"
	"  department_id BIGINT REFERENCES department(id) DEFERRABLE\n"
	");\n"
	"CREATE TABLE unit (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  code " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C " NOT NULL,\n"
	"  depth BIGINT NOT NULL REFERENCES level(depth) DEFERRABLE,\n"
	"  parent_id BIGINT REFERENCES unit(id) DEFERRABLE,\n"
	"  households BIGINT,\n"
	"  population BIGINT,\n"
	"  lft BIGINT NOT NULL DEFAULT 0,\n"
	"  rgt BIGINT NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE person (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  pid " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C " NOT NULL,\n"
	"  login " TEXT_C " UNIQUE,\n"
	"  phone " TEXT_C ",\n"
	"  roles BIGINT NOT NULL DEFAULT 0,\n"
	"  department_id BIGINT REFERENCES department(id) DEFERRABLE\n"
	");\n"
	"CREATE TABLE assignment (\n"
	"  unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  person_id BIGINT NOT NULL REFERENCES person(id) DEFERRABLE,\n"
	"  duty " TEXT_C " NOT NULL,\n"
	"  PRIMARY KEY (unit_id, person_id, duty)\n"
	");\n"
	ROSTER_BULK_INDEXES

	/* ---- issue ---- */
	"CREATE TABLE issue (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  ref " TEXT_C " UNIQUE,\n"
	"  unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  handling_unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  category_id BIGINT NOT NULL REFERENCES category(id) DEFERRABLE,\n"
	"  title " TEXT_C " NOT NULL,\n"
	"  detail " TEXT_C ",\n"
	"  location " TEXT_C ",\n"
	"  reported_by " TEXT_C ",\n"
	"  reported_at BIGINT NOT NULL,\n"
	"  status " TEXT_C " NOT NULL CHECK (status IN\n"
	"    ('reported','accepted','assigned','resolved','closed','rejected')),\n"
	"  accepted_at BIGINT,\n"
	"  due_at BIGINT,\n"
	"  resolved_at BIGINT,\n"
	"  closed_at BIGINT,\n"
	"  handler " TEXT_C ",\n"
	"  handler_kind " TEXT_C " CHECK (handler_kind IN ('person','department')),\n"
	"  duplicate_of BIGINT REFERENCES issue(id) DEFERRABLE,\n"
	"  reopened BIGINT NOT NULL DEFAULT 0,\n"
	"  changed_at BIGINT\n"
	");\n"
	"CREATE INDEX issue_unit ON issue(unit_id, reported_at);\n"
	"CREATE INDEX issue_changed ON issue(changed_at);\n"
	"CREATE INDEX issue_open_due ON issue(due_at) WHERE status IN ('accepted','assigned');\n"
	/* Partitioned by year of at (Unix seconds), so that old years can be
	 * kept apart; a partitioned table's keys must hold at.  The columns
	 * after note are version 2's, in SQLite's order. */
	"CREATE TABLE event (\n"
	"  id BIGINT NOT NULL,\n"
	"  issue_id BIGINT NOT NULL REFERENCES issue(id) DEFERRABLE,\n"
	"  at BIGINT NOT NULL,\n"
	"  actor " TEXT_C ",\n"
	"  action " TEXT_C " NOT NULL,\n"
	"  from_status " TEXT_C ",\n"
	"  to_status " TEXT_C " NOT NULL,\n"
	"  handling_unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  due_at BIGINT,\n"
	"  note " TEXT_C ",\n"
	"  recorded_by " TEXT_C ",\n"
	"  on_behalf BIGINT,\n"
	"  seq BIGINT,\n"
	"  hash BYTEA,\n"
	"  PRIMARY KEY (id, at)\n"
	") PARTITION BY RANGE (at);\n"
	"CREATE INDEX event_issue ON event(issue_id, at);\n"
	/* The UTC years 2000 to 2040, and the rest in the default.  A
	 * statement trigger is not inherited: each partition refuses TRUNCATE
	 * on its own. */
	"DO $$\n"
	"DECLARE\n"
	"  y int;\n"
	"  p text;\n"
	"BEGIN\n"
	"  FOR y IN 2000..2040 LOOP\n"
	"    p := 'event_y' || y;\n"
	"    EXECUTE format('CREATE TABLE %I PARTITION OF event FOR VALUES FROM (%s) TO (%s)', p,\n"
	"      (make_date(y, 1, 1) - DATE '1970-01-01')::bigint * 86400,\n"
	"      (make_date(y + 1, 1, 1) - DATE '1970-01-01')::bigint * 86400);\n"
	"    EXECUTE format('CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON %I\n"
	"      FOR EACH STATEMENT EXECUTE FUNCTION grid_append_only()', p);\n"
	"  END LOOP;\n"
	"END $$;\n"
	"CREATE TABLE event_default PARTITION OF event DEFAULT;\n"
	"CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event_default\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event\n"
	"  FOR EACH ROW EXECUTE FUNCTION grid_append_only();\n"

	/* ---- visit ---- */
	"CREATE TABLE visit (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  household " TEXT_C " NOT NULL,\n"
	"  person " TEXT_C " NOT NULL,\n"
	"  at BIGINT NOT NULL,\n"
	"  note " TEXT_C "\n"
	");\n"
	"CREATE INDEX visit_unit_at ON visit(unit_id, at);\n"
	"CREATE UNIQUE INDEX visit_once ON visit(unit_id, household, person, at);\n"
	"CREATE INDEX visit_at ON visit(at);\n"

	/* ---- diary ---- */
	"CREATE TABLE diary (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  unit_id BIGINT NOT NULL REFERENCES unit(id) DEFERRABLE,\n"
	"  person " TEXT_C " NOT NULL,\n"
	"  date " TEXT_C " NOT NULL,\n"
	"  text " TEXT_C " NOT NULL,\n"
	"  score BIGINT CHECK (score BETWEEN 0 AND 100),\n"
	"  review_note " TEXT_C ",\n"
	"  reviewed_by " TEXT_C ",\n"
	"  reviewed_at BIGINT,\n"
	"  UNIQUE (person, date, unit_id)\n"
	");\n"
	"CREATE INDEX diary_date ON diary(date);\n"

	/* ---- stats ---- */
	"CREATE INDEX issue_measures ON issue(reported_at, status, unit_id, category_id, handling_unit_id,\n"
	"  due_at, resolved_at, reopened, changed_at);\n"

	/* ---- history (version 2) ---- */
	"CREATE TABLE history_head (\n"
	"  id BIGINT PRIMARY KEY CHECK (id = 1),\n"
	"  head BYTEA NOT NULL,\n"
	"  events BIGINT NOT NULL\n"
	");\n"
	/* The head over no events, as SQLite's migration writes it: an empty
	 * history verifies, a deleted head does not. */
	"INSERT INTO history_head(id, head, events) VALUES (1, decode(repeat('00', 32), 'hex'), 0);\n"

	/* The ids of SQLite's rowid tables (level's depth is always given).
	 * The WHEN spares the call when the id is given. */
	"CREATE TRIGGER department_rowid BEFORE INSERT ON department\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER category_rowid BEFORE INSERT ON category\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER unit_rowid BEFORE INSERT ON unit\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER person_rowid BEFORE INSERT ON person\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER issue_rowid BEFORE INSERT ON issue\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER event_rowid BEFORE INSERT ON event\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid('event');\n"
	"CREATE TRIGGER visit_rowid BEFORE INSERT ON visit\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER diary_rowid BEFORE INSERT ON diary\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER history_head_rowid BEFORE INSERT ON history_head\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"

	/* What SQLite's application_id and user_version say: a grid database,
	 * and its version. */
	"CREATE TABLE grid_meta (\n"
	"  key " TEXT_C " PRIMARY KEY,\n"
	"  value " TEXT_C " NOT NULL\n"
	");\n"
	"INSERT INTO grid_meta(key, value) VALUES ('application', 'grid'), ('schema_version', '2');\n";

/* Version 3, from 2: where cases and units are, as SQLite's version 3. */
const char pg_schema_v3[] =
	"ALTER TABLE issue ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),\n"
	"  ADD COLUMN long double precision CHECK (long BETWEEN -180 AND 180);\n"
	"ALTER TABLE unit ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),\n"
	"  ADD COLUMN long double precision CHECK (long BETWEEN -180 AND 180),\n"
	"  ADD COLUMN address " TEXT_C ";\n"
	"UPDATE grid_meta SET value = '3' WHERE key = 'schema_version';\n";

/* Version 4, from 3: the year's work, targets and key projects, as
 * SQLite's version 4 (see lib/store/sqlite/schema_text.c for what the
 * columns hold). */
const char pg_schema_v4[] =
	"CREATE TABLE indicator (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  code " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C ",\n"
	"  measure " TEXT_C "\n"
	");\n"
	"CREATE TABLE target (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  indicator_id BIGINT NOT NULL REFERENCES indicator(id),\n"
	"  year BIGINT NOT NULL CHECK (year BETWEEN 1 AND 9999),\n"
	"  unit_id BIGINT REFERENCES unit(id),\n"
	"  value BIGINT NOT NULL CHECK (value >= 0),\n"
	"  decimals BIGINT NOT NULL CHECK (decimals BETWEEN 0 AND 4),\n"
	"  set_by " TEXT_C ",\n"
	"  set_at BIGINT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX target_once ON target(indicator_id, year, coalesce(unit_id, 0));\n"
	"CREATE TABLE target_record (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  indicator_id BIGINT NOT NULL REFERENCES indicator(id),\n"
	"  unit_id BIGINT REFERENCES unit(id),\n"
	"  as_of " TEXT_C " NOT NULL,\n"
	"  value BIGINT NOT NULL,\n"
	"  decimals BIGINT NOT NULL CHECK (decimals BETWEEN 0 AND 4),\n"
	"  recorded_by " TEXT_C ",\n"
	"  recorded_at BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX target_record_as_of ON target_record(indicator_id, as_of);\n"
	"CREATE TRIGGER target_record_append_only BEFORE UPDATE OR DELETE ON target_record\n"
	"  FOR EACH ROW EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TRIGGER target_record_no_truncate BEFORE TRUNCATE ON target_record\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TABLE project (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  code " TEXT_C " NOT NULL UNIQUE,\n"
	"  name " TEXT_C " NOT NULL,\n"
	"  level " TEXT_C " NOT NULL CHECK (level IN ('city', 'district', 'street')),\n"
	"  stage " TEXT_C " NOT NULL CHECK (stage IN ('planned', 'building', 'done')),\n"
	"  investment BIGINT CHECK (investment >= 0),\n"
	"  unit_id BIGINT REFERENCES unit(id),\n"
	"  person " TEXT_C ",\n"
	"  created_at BIGINT NOT NULL,\n"
	"  changed_at BIGINT NOT NULL\n"
	");\n"
	"CREATE TABLE project_event (\n"
	"  id BIGINT PRIMARY KEY,\n"
	"  project_id BIGINT NOT NULL REFERENCES project(id),\n"
	"  at BIGINT NOT NULL,\n"
	"  kind " TEXT_C " NOT NULL CHECK (kind IN ('add', 'update', 'milestone')),\n"
	"  date " TEXT_C ",\n"
	"  stage " TEXT_C ",\n"
	"  investment BIGINT,\n"
	"  note " TEXT_C ",\n"
	"  actor " TEXT_C ",\n"
	"  recorded_by " TEXT_C ",\n"
	"  name " TEXT_C ",\n"
	"  level " TEXT_C ",\n"
	"  unit " TEXT_C ",\n"
	"  person " TEXT_C "\n"
	");\n"
	"CREATE INDEX project_event_project ON project_event(project_id, id);\n"
	"CREATE TRIGGER project_event_append_only BEFORE UPDATE OR DELETE ON project_event\n"
	"  FOR EACH ROW EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TRIGGER project_event_no_truncate BEFORE TRUNCATE ON project_event\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION grid_append_only();\n"
	"CREATE TRIGGER indicator_rowid BEFORE INSERT ON indicator\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER target_rowid BEFORE INSERT ON target\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER target_record_rowid BEFORE INSERT ON target_record\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER project_rowid BEFORE INSERT ON project\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"CREATE TRIGGER project_event_rowid BEFORE INSERT ON project_event\n"
	"  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION grid_rowid();\n"
	"UPDATE grid_meta SET value = '4' WHERE key = 'schema_version';\n";
