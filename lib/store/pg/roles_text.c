/* The text of grid init --roles on PostgreSQL: the group roles, the
 * grants, row-level security and the functions its policies call.  Every
 * statement can run again: a role is created only when missing, grants
 * are revoked and given afresh, functions are replaced and policies
 * dropped and created, so that a database run through it twice, or
 * after a new version of grid, holds exactly this text's rules.
 *
 * Who acts is the session's user (session_user: the login that
 * authenticated, which SET ROLE does not change), and the person is the
 * one whose login it is.  The functions are SECURITY DEFINER, owned by
 * the tables' owner, who is not subject to row-level security (no FORCE),
 * so that they read the roster whole whatever the caller may see; their
 * search_path is pinned to the schema of the tables. */
#include "roles.h"

#pragma GCC diagnostic ignored "-Woverlength-strings"

#define GROUPS "grid_admin, grid_leader, grid_staff, grid_viewer, grid_system"
/* Those who write cases and their history. */
#define WRITERS "grid_admin, grid_leader, grid_staff, grid_system"
/* Those who write visits and diaries. */
#define FIELD "grid_admin, grid_leader, grid_staff"

/* The attributes of every helper: it reads the tables as their owner,
 * with the search_path of the script's start (the schema, then pg_temp;
 * pg_catalog comes first whenever it is not named). */
#define HELPER "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT\n"

/* The tables of the schema; event's partitions are handled apart. */
#define TABLES "setting, level, department, category, unit, person, assignment, issue, event, visit, diary,\n" \
	"  history_head, grid_meta, indicator, target, target_record, project, project_event"
#define ROSTER "setting, level, department, category, unit, person, assignment"

/* The test of the issue policies, on the columns of issue (or of i, the
 * issue of an event). */
#define MAY_WRITE_ISSUE(p) \
	"(SELECT grid_writes_all()) OR grid_may_write_issue(" p "unit_id, " p "handling_unit_id, " p "handler, " \
	p "handler_kind)"

/* The units whose personal data the reader may read. */
#define MAY_READ_UNIT "(SELECT grid_reads_all()) OR unit_id IN (SELECT grid_readable_units())"

const char pg_roles_script[] =
	/* The functions created below keep this search_path (SET search_path
	 * FROM CURRENT): the tables' schema, and pg_temp last, so that no
	 * temporary object of a caller stands in for a table. */
	"SELECT pg_catalog.set_config('search_path', pg_catalog.format('%I, pg_temp', pg_catalog.current_schema()),\n"
	"  true);\n"

	/* ---- the group roles: NOLOGIN, created when missing ---- */
	"DO $$\n"
	"DECLARE\n"
	"  g text;\n"
	"BEGIN\n"
	"  FOREACH g IN ARRAY ARRAY['grid_admin', 'grid_leader', 'grid_staff', 'grid_viewer', 'grid_system'] LOOP\n"
	"    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g) THEN\n"
	"      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', g);\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"END $$;\n"

	/* ---- who acts ---- */
	/* The acting person: the one whose login is the session's user. */
	"CREATE OR REPLACE FUNCTION grid_me() RETURNS bigint " HELPER
	"AS $$ SELECT id FROM person WHERE login = session_user $$;\n"
	"CREATE OR REPLACE FUNCTION grid_my_pid() RETURNS text " HELPER
	"AS $$ SELECT pid FROM person WHERE login = session_user $$;\n"
	"CREATE OR REPLACE FUNCTION grid_my_department() RETURNS bigint " HELPER
	"AS $$ SELECT department_id FROM person WHERE login = session_user $$;\n"
	"CREATE OR REPLACE FUNCTION grid_my_department_code() RETURNS text " HELPER
	"AS $$ SELECT d.code FROM person p JOIN department d ON d.id = p.department_id WHERE p.login = session_user $$;\n"
	/* Is the session's user a member of group role $1? */
	"CREATE OR REPLACE FUNCTION grid_in_group(text) RETURNS boolean " HELPER
	"AS $$ SELECT pg_catalog.pg_has_role(session_user, $1, 'MEMBER') $$;\n"
	/* An admin: a member of grid_admin, or a person with the admin role
	 * (bit 1 of person.roles, GRID_ROLE_ADMIN). */
	"CREATE OR REPLACE FUNCTION grid_is_admin() RETURNS boolean " HELPER
	"AS $$ SELECT grid_in_group('grid_admin')\n"
	"  OR EXISTS (SELECT 1 FROM person WHERE login = session_user AND (roles & 1) <> 0) $$;\n"
	/* Writes every unit: admins and the cron account (the sweep). */
	"CREATE OR REPLACE FUNCTION grid_writes_all() RETURNS boolean " HELPER
	"AS $$ SELECT grid_is_admin() OR grid_in_group('grid_system') $$;\n"
	/* Reads every unit's personal data. */
	"CREATE OR REPLACE FUNCTION grid_reads_all() RETURNS boolean " HELPER
	"AS $$ SELECT grid_is_admin() OR grid_in_group('grid_leader') OR grid_in_group('grid_viewer')\n"
	"  OR grid_in_group('grid_system') $$;\n"

	/* ---- units ---- */
	/* May the person write unit $1: it lies in the subtree of a unit
	 * they are assigned to (the nested set's lft and rgt). */
	"CREATE OR REPLACE FUNCTION grid_may_write_unit(bigint) RETURNS boolean " HELPER
	"AS $$ SELECT grid_writes_all() OR EXISTS (SELECT 1 FROM assignment a JOIN unit au ON au.id = a.unit_id\n"
	"  JOIN unit t ON t.id = $1 WHERE a.person_id = grid_me() AND t.lft BETWEEN au.lft AND au.rgt) $$;\n"
	/* The depth of the street scope: the level the setting privacy.level
	 * names (a level's name, or its depth in digits; a name that is no
	 * level's narrows the scope to the units assigned), by default depth
	 * 1 (the level below the top) when the tree has two levels or more. */
	"CREATE OR REPLACE FUNCTION grid_privacy_depth() RETURNS bigint " HELPER
	"AS $$ SELECT coalesce(\n"
	"  (SELECT CASE WHEN s.value ~ '^[0-9]{1,9}$' THEN CAST(s.value AS bigint)\n"
	"     ELSE coalesce((SELECT l.depth FROM level l WHERE l.name = s.value), 1000000000) END\n"
	"   FROM setting s WHERE s.key = 'privacy.level'),\n"
	"  CASE WHEN (SELECT count(*) FROM level) >= 2 THEN 1 ELSE 0 END) $$;\n"
	/* The units whose personal data the person may read: for each unit
	 * they are assigned to, the subtree of its ancestor at the privacy
	 * depth, or of the unit itself when it is shallower (the shallowest
	 * ancestor at that depth or below, should a branch skip a level). */
	"CREATE OR REPLACE FUNCTION grid_readable_units() RETURNS SETOF bigint " HELPER
	"AS $$ SELECT t.id FROM assignment a JOIN unit au ON au.id = a.unit_id\n"
	"  CROSS JOIN LATERAL (SELECT x.lft, x.rgt FROM unit x WHERE x.lft <= au.lft AND x.rgt >= au.rgt\n"
	"    AND x.depth >= LEAST(au.depth, grid_privacy_depth()) ORDER BY x.depth LIMIT 1) s\n"
	"  JOIN unit t ON t.lft BETWEEN s.lft AND s.rgt\n"
	"  WHERE a.person_id = grid_me() $$;\n"
	/* May the person read the personal data of unit $1? */
	"CREATE OR REPLACE FUNCTION grid_may_read_unit(bigint) RETURNS boolean " HELPER
	"AS $$ SELECT grid_reads_all() OR $1 IN (SELECT grid_readable_units()) $$;\n"
	/* The people assigned in those units. */
	"CREATE OR REPLACE FUNCTION grid_readable_people() RETURNS SETOF bigint " HELPER
	"AS $$ SELECT a.person_id FROM assignment a WHERE a.unit_id IN (SELECT grid_readable_units()) $$;\n"
	/* May the person read person $1 (of department $2): their own row,
	 * everyone for the readers of every unit, the people of their units'
	 * scope, and their own department's. */
	"CREATE OR REPLACE FUNCTION grid_may_read_person(bigint, bigint) RETURNS boolean " HELPER
	"AS $$ SELECT $1 = grid_me() OR grid_reads_all() OR $1 IN (SELECT grid_readable_people())\n"
	"  OR $2 = grid_my_department() $$;\n"
	/* May the person write an issue of unit $1 handled by unit $2, with
	 * handler $3 of kind $4: a unit they may write, or a case assigned to
	 * them or to their department.  Escalation moves the handling unit up
	 * and keeps the unit, so an escalation they may make passes. */
	"CREATE OR REPLACE FUNCTION grid_may_write_issue(bigint, bigint, text, text) RETURNS boolean " HELPER
	"AS $$ SELECT grid_may_write_unit($1) OR grid_may_write_unit($2)\n"
	"  OR ($4 = 'person' AND $3 = grid_my_pid())\n"
	"  OR ($4 = 'department' AND $3 = grid_my_department_code()) $$;\n"

	"REVOKE ALL ON FUNCTION grid_me(), grid_my_pid(), grid_my_department(), grid_my_department_code(),\n"
	"  grid_in_group(text), grid_is_admin(), grid_writes_all(), grid_reads_all(), grid_may_write_unit(bigint),\n"
	"  grid_privacy_depth(), grid_readable_units(), grid_may_read_unit(bigint), grid_readable_people(),\n"
	"  grid_may_read_person(bigint, bigint), grid_may_write_issue(bigint, bigint, text, text) FROM PUBLIC;\n"
	"GRANT EXECUTE ON FUNCTION grid_me(), grid_my_pid(), grid_my_department(), grid_my_department_code(),\n"
	"  grid_in_group(text), grid_is_admin(), grid_writes_all(), grid_reads_all(), grid_may_write_unit(bigint),\n"
	"  grid_privacy_depth(), grid_readable_units(), grid_may_read_unit(bigint), grid_readable_people(),\n"
	"  grid_may_read_person(bigint, bigint), grid_may_write_issue(bigint, bigint, text, text) TO " GROUPS ";\n"

	/* ---- grants ---- */
	/* The schema: USAGE, given by its owner (public's owner in
	 * PostgreSQL 15 is the database's owner; PUBLIC has USAGE on it). */
	"DO $$\n"
	"BEGIN\n"
	"  IF pg_catalog.pg_has_role(current_user,\n"
	"      (SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = pg_catalog.current_schema()), 'USAGE') THEN\n"
	"    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO " GROUPS "', pg_catalog.current_schema());\n"
	"  END IF;\n"
	"END $$;\n"
	"REVOKE ALL ON " TABLES " FROM PUBLIC, " GROUPS ";\n"
	"GRANT SELECT ON " TABLES " TO " GROUPS ";\n"
	/* The roster is the admins'. */
	"GRANT INSERT, UPDATE, DELETE ON " ROSTER " TO grid_admin;\n"
	"GRANT INSERT, UPDATE ON issue TO " WRITERS ";\n"
	/* The history: INSERT only, for everyone; its triggers refuse UPDATE,
	 * DELETE and TRUNCATE even to the owner. */
	"GRANT INSERT ON event TO " WRITERS ";\n"
	"GRANT INSERT, UPDATE ON history_head TO " WRITERS ";\n"
	"GRANT INSERT, UPDATE ON visit, diary TO " FIELD ";\n"
	/* The year's work, which admins and leaders keep (grid-target(1),
	 * grid-project(1)); its figures and histories are append-only. */
	"GRANT INSERT, UPDATE ON indicator, target, project TO grid_admin, grid_leader;\n"
	"GRANT INSERT ON target_record, project_event TO grid_admin, grid_leader;\n"
	/* grid import --prune removes the targets its file does not name
	 * (the import is the admins'). */
	"GRANT DELETE ON target TO grid_admin;\n"
	/* A partition is reached through event alone: by its own name it
	 * would escape event's policies. */
	"DO $$\n"
	"DECLARE\n"
	"  p regclass;\n"
	"BEGIN\n"
	"  FOR p IN SELECT inhrelid::regclass FROM pg_catalog.pg_inherits WHERE inhparent = 'event'::regclass LOOP\n"
	"    EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM PUBLIC, " GROUPS "', p);\n"
	"  END LOOP;\n"
	"END $$;\n"

	/* ---- row-level security (the owner is not subject to it) ---- */
	"ALTER TABLE person ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE visit ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE diary ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE issue ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE event ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE history_head ENABLE ROW LEVEL SECURITY;\n"

	/* person: one's own row, everyone for the readers of every unit, the
	 * people of one's street scope, one's department.  The uncorrelated
	 * subqueries run once a statement. */
	"DROP POLICY IF EXISTS grid_read ON person;\n"
	"CREATE POLICY grid_read ON person FOR SELECT TO " GROUPS "\n"
	"  USING ((SELECT grid_reads_all()) OR id = (SELECT grid_me()) OR id IN (SELECT grid_readable_people())\n"
	"    OR department_id = (SELECT grid_my_department()));\n"
	"DROP POLICY IF EXISTS grid_insert ON person;\n"
	"CREATE POLICY grid_insert ON person FOR INSERT TO grid_admin WITH CHECK (true);\n"
	"DROP POLICY IF EXISTS grid_update ON person;\n"
	"CREATE POLICY grid_update ON person FOR UPDATE TO grid_admin USING (true) WITH CHECK (true);\n"
	"DROP POLICY IF EXISTS grid_delete ON person;\n"
	"CREATE POLICY grid_delete ON person FOR DELETE TO grid_admin USING (true);\n"

	/* visit and diary: read within the street scope, written within
	 * one's units. */
	"DROP POLICY IF EXISTS grid_read ON visit;\n"
	"CREATE POLICY grid_read ON visit FOR SELECT TO " GROUPS " USING (" MAY_READ_UNIT ");\n"
	"DROP POLICY IF EXISTS grid_insert ON visit;\n"
	"CREATE POLICY grid_insert ON visit FOR INSERT TO " FIELD " WITH CHECK (grid_may_write_unit(unit_id));\n"
	"DROP POLICY IF EXISTS grid_update ON visit;\n"
	"CREATE POLICY grid_update ON visit FOR UPDATE TO " FIELD "\n"
	"  USING (grid_may_write_unit(unit_id)) WITH CHECK (grid_may_write_unit(unit_id));\n"
	"DROP POLICY IF EXISTS grid_read ON diary;\n"
	"CREATE POLICY grid_read ON diary FOR SELECT TO " GROUPS " USING (" MAY_READ_UNIT ");\n"
	"DROP POLICY IF EXISTS grid_insert ON diary;\n"
	"CREATE POLICY grid_insert ON diary FOR INSERT TO " FIELD " WITH CHECK (grid_may_write_unit(unit_id));\n"
	"DROP POLICY IF EXISTS grid_update ON diary;\n"
	"CREATE POLICY grid_update ON diary FOR UPDATE TO " FIELD "\n"
	"  USING (grid_may_write_unit(unit_id)) WITH CHECK (grid_may_write_unit(unit_id));\n"

	/* issue: everyone reads; a case is written by who may write its unit
	 * or its handling unit, or whom it is assigned to. */
	"DROP POLICY IF EXISTS grid_read ON issue;\n"
	"CREATE POLICY grid_read ON issue FOR SELECT TO " GROUPS " USING (true);\n"
	"DROP POLICY IF EXISTS grid_insert ON issue;\n"
	"CREATE POLICY grid_insert ON issue FOR INSERT TO " WRITERS " WITH CHECK (" MAY_WRITE_ISSUE("") ");\n"
	"DROP POLICY IF EXISTS grid_update ON issue;\n"
	"CREATE POLICY grid_update ON issue FOR UPDATE TO " WRITERS "\n"
	"  USING (" MAY_WRITE_ISSUE("") ") WITH CHECK (" MAY_WRITE_ISSUE("") ");\n"

	/* event: everyone reads; an event is recorded by the session's user,
	 * on a case they may write. */
	"DROP POLICY IF EXISTS grid_read ON event;\n"
	"CREATE POLICY grid_read ON event FOR SELECT TO " GROUPS " USING (true);\n"
	"DROP POLICY IF EXISTS grid_insert ON event;\n"
	"CREATE POLICY grid_insert ON event FOR INSERT TO " WRITERS "\n"
	"  WITH CHECK (recorded_by = session_user AND EXISTS (SELECT 1 FROM issue i WHERE i.id = event.issue_id\n"
	"    AND (" MAY_WRITE_ISSUE("i.") ")));\n"

	/* history_head: the chain's head, moved by every writer of an event. */
	"DROP POLICY IF EXISTS grid_read ON history_head;\n"
	"CREATE POLICY grid_read ON history_head FOR SELECT TO " GROUPS " USING (true);\n"
	"DROP POLICY IF EXISTS grid_insert ON history_head;\n"
	"CREATE POLICY grid_insert ON history_head FOR INSERT TO " WRITERS " WITH CHECK (true);\n"
	"DROP POLICY IF EXISTS grid_update ON history_head;\n"
	"CREATE POLICY grid_update ON history_head FOR UPDATE TO " WRITERS " USING (true) WITH CHECK (true);\n";
