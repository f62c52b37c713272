#!/bin/sh
# grid init --roles: on PostgreSQL the server enforces the rules itself.
# Each member of staff connects as their own login role; the group roles,
# the grants and the row-level security policies of grid init --roles
# decide what that role may read and write, through grid or with psql
# directly.  Runs on PostgreSQL only: with PGHOST unset it starts a server
# of its own (tests/pg/server.sh) and stops it at the end.  Roles are the
# cluster's: the logins of this run end in its pid and are dropped at the
# end, as are the group roles when this run created them.
. "$(dirname "$0")/lib.sh"

started=0
if [ -z "${PGHOST:-}" ]; then
	# The cluster belongs to 'postgres' when this runs as root, and its
	# folder must be reachable.
	[ "$(id -u)" = 0 ] && chmod 711 "$T"
	PGHOST=$(sh "$SRCDIR/tests/pg/server.sh" start "$T/pg") || {
		echo "Bail out! the PostgreSQL server did not start (tests/pg/server.sh)"
		exit 1
	}
	started=1
	export PGUSER=postgres
fi
export PGHOST
SU=${PGUSER:-postgres}
export PGUSER=$SU

sfx=$$
db=grid_t_roles_$sfx
db2=grid_t_roles_nocr_$sfx
OWN=gridt_own_$sfx
NOCR=gridt_nocr_$sfx
HA=gridt_ha_$sfx
HB=gridt_hb_$sfx
LD=gridt_ld_$sfx
VW=gridt_vw_$sfx
CR=gridt_cr_$sfx
AD=gridt_ad_$sfx
GROUPS="'grid_admin','grid_leader','grid_staff','grid_viewer','grid_system'"

# super SQL [DB]: run SQL as the superuser on the test database (or on DB).
super() {
	psql -X -At -v ON_ERROR_STOP=1 -d "${2:-$db}" -c "$1" 2>&1
}
# q ROLE SQL: run SQL with psql as login ROLE on the test database; the
# output and the errors together.
q() {
	PGUSER=$1 psql -X -At -d "$db" -c "$2" 2>&1
}
# as ROLE ARGS...: grid ARGS as login ROLE (run's $status, $out, $err).
as() {
	_who=$1
	shift
	PGUSER=$_who
	run "$@"
	PGUSER=$SU
}

groups_before=$(super "SELECT count(*) FROM pg_roles WHERE rolname IN ($GROUPS)" postgres)

cleanup() {
	if [ "$started" = 1 ]; then
		sh "$SRCDIR/tests/pg/server.sh" stop "$T/pg" >/dev/null 2>&1
	else
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
			-c "DROP DATABASE IF EXISTS $db2 WITH (FORCE)" >/dev/null 2>&1
		for r in $HA $HB $LD $VW $CR $AD $OWN $NOCR; do
			psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
		done
		# The group roles go only when this run made them.
		if [ "$groups_before" = 0 ]; then
			for r in grid_admin grid_leader grid_staff grid_viewer grid_system; do
				psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
			done
		fi
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# ---- the roster: a district of two streets ---------------------------------------
# Street A (100001) has two communities, street B (100002) one; the grid
# heads of A's grid A1a and of B's grid B1a, a leader on the district, a
# viewer and the cron account have logins; two grid members without
# login stand in the other community of A and in B.
DIST=100
A=100001
A1A=100001001001
A2A=100001002001
B1=100002001
B1A=100002001001
cat >"$T/roster.yaml" <<YAML
levels: [district, street, community, grid]
departments:
  - {code: D1, name: 应急管理局}
categories:
  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24, department: D1}
units:
  - code: "$DIST"
    name: 一区
    level: district
    children:
      - code: "$A"
        name: 甲街道
        level: street
        children:
          - code: "100001001"
            name: 甲一社区
            level: community
            children:
              - {code: "$A1A", name: 甲一网格, level: grid}
          - code: "100001002"
            name: 甲二社区
            level: community
            children:
              - {code: "$A2A", name: 甲二网格, level: grid}
      - code: "100002"
        name: 乙街道
        level: street
        children:
          - code: "$B1"
            name: 乙一社区
            level: community
            children:
              - {code: "$B1A", name: 乙一网格, level: grid}
people:
  - {id: PHA, name: 甲网格长, login: $HA, phone: "13800000001", roles: [grid_head]}
  - {id: PHB, name: 乙网格长, login: $HB, phone: "13800000002", roles: [grid_head]}
  - {id: PMA, name: 甲二网格员, phone: "13800000003", roles: [grid_member]}
  - {id: PMB, name: 乙一网格员, phone: "13800000004", roles: [grid_member]}
  - {id: PLD, name: 区领导, login: $LD, phone: "13800000005", roles: [leader]}
  - {id: PVW, name: 督查, login: $VW, roles: [viewer]}
  - {id: PCR, name: 定时任务, login: $CR, roles: [system]}
assignments:
  - {unit: "$A1A", person: PHA, duty: grid_head}
  - {unit: "$B1A", person: PHB, duty: grid_head}
  - {unit: "$A2A", person: PMA, duty: grid_member}
  - {unit: "$B1A", person: PMB, duty: grid_member}
  - {unit: "$DIST", person: PLD, duty: leader}
YAML

# ---- the database: made and loaded by its owner ------------------------------------
super "CREATE ROLE $OWN LOGIN CREATEROLE" postgres >/dev/null
super "CREATE DATABASE $db OWNER $OWN" postgres >/dev/null
export GRID_DB="host=$PGHOST dbname=$db"
export GRID_NOW=2026-11-02T09:00:00+08:00
as "$OWN" init
is "$status" 0 "grid init by the database's owner"
like "$err" "'$OWN' is the first admin" "the first admin is the session's user"
as "$OWN" -q import "$T/roster.yaml"
is "$status" 0 "grid import of a roster with two streets"

# ---- --roles where it does not apply -----------------------------------------------
GRID_DB="$T/file.db"
run -q init --roles
is "$status" 2 "grid init --roles on a SQLite file: a usage error (exit 2)"
one_error "--roles on a file"
like "$err" "--group" "the message names --group, the file's way"
run -q init
is "$status" 0 "the file itself was made as by a plain grid init"
GRID_DB="host=$PGHOST dbname=$db"
run init --roles --group root
is "$status" 2 "--roles with --group: a usage error (exit 2)"

# A role that may not create roles, while the group roles are missing.
if [ "$groups_before" = 5 ]; then
	ntest=$((ntest + 1))
	echo "ok $ntest # SKIP the group roles exist already on this server: no CREATEROLE to miss"
else
	super "CREATE ROLE $NOCR LOGIN" postgres >/dev/null
	super "CREATE DATABASE $db2 OWNER $NOCR" postgres >/dev/null
	GRID_DB="host=$PGHOST dbname=$db2"
	as "$NOCR" -q init --roles
	GRID_DB="host=$PGHOST dbname=$db"
	is "$status" 6 "grid init --roles without CREATEROLE: exit 6"
	one_error "without CREATEROLE"
	like "$err" "needs the CREATEROLE attribute, which role '$NOCR' does not have" "the message says what is missing"
	is "$(super "SELECT count(*) FROM pg_roles WHERE rolname IN ($GROUPS)" postgres)" "$groups_before" \
		"no group role was created"
	is "$(super "SELECT count(*) FROM pg_policies" "$db2")" 0 "and no policy"
fi

# ---- grid init --roles ---------------------------------------------------------------
as "$OWN" init --roles
is "$status" 0 "grid init --roles by the owner"
like "$err" "enforces the rules itself" "it says what it did"
is "$(super "SELECT count(*) FROM pg_roles WHERE rolname IN ($GROUPS) AND NOT rolcanlogin" postgres)" 5 \
	"the five group roles exist, NOLOGIN"
is "$(super "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
	WHERE relrowsecurity AND relnamespace = 'public'::regnamespace")" \
	"diary,event,history_head,issue,person,visit" "row-level security on the six tables"
is "$(super "SELECT count(*) FROM pg_class WHERE relforcerowsecurity AND relnamespace = 'public'::regnamespace")" 0 \
	"not forced: the owner is not subject to it"
policies=$(super "SELECT tablename || '.' || policyname FROM pg_policies ORDER BY 1" | md5sum)
grants=$(super "SELECT relname, relacl FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1" | md5sum)
as "$OWN" init --roles
is "$status" 0 "grid init --roles again"
is "$(super "SELECT tablename || '.' || policyname FROM pg_policies ORDER BY 1" | md5sum)" "$policies" \
	"the same policies after a second run"
is "$(super "SELECT relname, relacl FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1" | md5sum)" \
	"$grants" "the same grants after a second run"

# The DBA gives each member of staff a login in the right group.
super "CREATE ROLE $HA LOGIN IN ROLE grid_staff; CREATE ROLE $HB LOGIN IN ROLE grid_staff;
	CREATE ROLE $LD LOGIN IN ROLE grid_leader; CREATE ROLE $VW LOGIN IN ROLE grid_viewer;
	CREATE ROLE $CR LOGIN IN ROLE grid_system" postgres >/dev/null

as "$LD" -q init --roles
is "$status" 6 "grid init --roles by a role that does not own the tables: exit 6"
one_error "not the owner"
like "$err" "belong to role '$OWN'" "the message names the owner"

# ---- through grid: a grid head works in their unit, not in the other street -------
as "$HA" issue add --unit $A1A --category WORK_SAFETY --title 消防通道堵塞
is "$status" 0 "the grid head of A1a adds a case in their grid"
ia=$out
as "$HA" issue add --unit $B1A --category WORK_SAFETY --title 越界
is "$status" 6 "the grid head of A1a cannot add one in street B: exit 6"
one_error "a case in the other street"
as "$HB" issue add --unit $B1A --category WORK_SAFETY --title 楼道充电
is "$status" 0 "the grid head of B1a adds a case in theirs"
ib=$out
is "$(super "SELECT recorded_by FROM event WHERE issue_id = $ia")" "$HA" "the history records the session's user"

export GRID_NOW=2026-11-02T10:00:00+08:00
as "$LD" case accept "$ia"
is "$status" 0 "the leader accepts the case of A1a"
as "$LD" case assign "$ia" --to PHA
is "$status" 0 "and assigns it to its grid head"
as "$LD" case accept "$ib"
is "$status" 0 "the leader accepts the case of B1a"
export GRID_NOW=2026-11-02T11:00:00+08:00
as "$HA" case resolve "$ia"
is "$status" 0 "the grid head of A1a resolves the case assigned to them"
is "$(super "SELECT status FROM issue WHERE id = $ia")" resolved "the case is resolved"
as "$HA" case resolve "$ib"
is "$status" 6 "the grid head of A1a cannot resolve the case of street B: exit 6"
one_error "a case of the other street"

# Visits in both streets, by the owner (an admin).
as "$OWN" visit add --unit $A2A --household 甲二-1-101 --by PMA
is "$status" 0 "a visit in street A"
as "$OWN" visit add --unit $B1A --household 乙一-1-101 --by PMB
is "$status" 0 "a visit in street B"

as "$HA" person list
is "$status" 0 "grid person list by the grid head of A1a"
like "$out" "PMA" "it lists the grid member of the other community of their street"
unlike "$out" "PMB|PHB" "and nobody of street B"

# ---- with psql directly: the grid head of A1a -----------------------------------------
is "$(q "$HA" "SELECT phone FROM person WHERE pid = 'PMA'")" 13800000003 \
	"psql: the grid head reads the phone of a person of their street"
is "$(q "$HA" "SELECT count(*) FROM person WHERE pid IN ('PHB', 'PMB')")" 0 \
	"psql: but sees no person of the other street"
is "$(q "$HA" "SELECT string_agg(pid, ',' ORDER BY pid) FROM person")" "PHA,PMA" \
	"psql: the people they see are their own row and their street's"
is "$(q "$HB" "SELECT string_agg(pid, ',' ORDER BY pid) FROM person")" "PHB,PMB" \
	"psql: the grid head of B1a sees theirs"
is "$(q "$HA" "SELECT string_agg(household, ',') FROM visit")" "甲二-1-101" \
	"psql: the grid head reads the visits of their street only"
is "$(q "$HA" "SELECT count(*) FROM issue")" 2 "psql: the cases themselves are everyone's to read"
super "INSERT INTO setting VALUES ('privacy.level', 'community')" >/dev/null
is "$(q "$HA" "SELECT string_agg(pid, ',' ORDER BY pid) FROM person")" "PHA" \
	"psql: privacy.level community narrows the scope to their community"
super "UPDATE setting SET value = '0' WHERE key = 'privacy.level'" >/dev/null
is "$(q "$HA" "SELECT string_agg(pid, ',' ORDER BY pid) FROM person")" "PHA,PHB,PLD,PMA,PMB" \
	"psql: privacy.level 0 widens it to the district"
super "UPDATE setting SET value = 'nosuch' WHERE key = 'privacy.level'" >/dev/null
is "$(q "$HA" "SELECT string_agg(pid, ',' ORDER BY pid) FROM person")" "PHA" \
	"psql: a privacy.level that is no level's narrows it to their own units"
super "DELETE FROM setting WHERE key = 'privacy.level'" >/dev/null

before=$(super "SELECT * FROM issue ORDER BY id; SELECT * FROM event ORDER BY id; SELECT * FROM person ORDER BY id" | md5sum)
is "$(q "$HA" "UPDATE issue SET title = '篡改' WHERE id = $ib")" "UPDATE 0" \
	"psql: UPDATE of a case of street B changes no row"
is "$(q "$HA" "BEGIN; UPDATE issue SET title = '改' WHERE id = $ia; ROLLBACK" | grep UPDATE)" "UPDATE 1" \
	"psql: (while the same UPDATE of a case of their grid would pass)"
like "$(q "$HA" "INSERT INTO issue(unit_id, handling_unit_id, category_id, title, reported_at, status)
	SELECT u.id, u.id, 1, '越界', 0, 'reported' FROM unit u WHERE u.code = '$B1A'")" \
	"new row violates row-level security policy for table \"issue\"" \
	"psql: INSERT of a case in street B is refused by the policy"
like "$(q "$HA" "INSERT INTO event(id, issue_id, at, action, to_status, handling_unit_id, recorded_by)
	SELECT 1000, id, 1800000000, 'note', status, handling_unit_id, '$LD' FROM issue WHERE id = $ia")" \
	"new row violates row-level security policy for table \"event\"" \
	"psql: INSERT of an event recorded by someone else is refused"
like "$(q "$HA" "INSERT INTO event(id, issue_id, at, action, to_status, handling_unit_id, recorded_by)
	SELECT 1000, id, 1800000000, 'note', status, handling_unit_id, '$HA' FROM issue WHERE id = $ib")" \
	"new row violates row-level security policy for table \"event\"" \
	"psql: INSERT of an event on a case of street B is refused"
like "$(q "$HA" "UPDATE event SET note = 'x' WHERE issue_id = $ia")" "permission denied for table event" \
	"psql: UPDATE event: permission denied"
like "$(q "$HA" "DELETE FROM event")" "permission denied for table event" "psql: DELETE FROM event: permission denied"
like "$(q "$HA" "TRUNCATE event")" "permission denied for table event" "psql: TRUNCATE event: permission denied"
part=$(super "SELECT tableoid::regclass FROM event WHERE issue_id = $ia LIMIT 1")
is "$part" event_y2026 "the events are in the partition of their year"
like "$(q "$HA" "UPDATE $part SET note = 'x'")" "permission denied for table $part" \
	"psql: UPDATE of the partition itself: permission denied"
like "$(q "$HA" "DELETE FROM $part")" "permission denied for table $part" \
	"psql: DELETE FROM the partition: permission denied"
like "$(q "$HA" "TRUNCATE $part")" "permission denied for table $part" "psql: TRUNCATE of the partition: permission denied"
like "$(q "$HA" "TRUNCATE event_default")" "permission denied for table event_default" \
	"psql: TRUNCATE of the default partition: permission denied"
like "$(q "$HA" "INSERT INTO $part SELECT * FROM event WHERE issue_id = $ia")" "permission denied for table $part" \
	"psql: no INSERT into a partition around event's policy"
like "$(q "$HA" "UPDATE person SET phone = '0' WHERE pid = 'PHA'")" "permission denied for table person" \
	"psql: the roster is the admins' (UPDATE person: permission denied)"
like "$(q "$HA" "INSERT INTO visit(unit_id, household, person, at) SELECT id, 'x', 'PHA', 0 FROM unit
	WHERE code = '$B1A'")" "new row violates row-level security policy for table \"visit\"" \
	"psql: INSERT of a visit in street B is refused"
like "$(PGUSER=$OWN psql -X -At -d "$db" -c "UPDATE event SET note = 'x' WHERE issue_id = $ia" 2>&1)" \
	"the history is append-only" "psql: even the owner cannot UPDATE event (the trigger)"
is "$(super "SELECT * FROM issue ORDER BY id; SELECT * FROM event ORDER BY id; SELECT * FROM person ORDER BY id" | md5sum)" \
	"$before" "nothing of it changed a case, an event or a person"

# ---- the viewer reads everything and writes nothing ------------------------------------
is "$(q "$VW" "SELECT count(*) FROM person")" "$(super "SELECT count(*) FROM person")" "psql: the viewer reads every person"
is "$(q "$VW" "SELECT count(*) FROM visit")" 2 "psql: and every visit"
as "$VW" issue list
is "$status" 0 "grid issue list by the viewer"
like "$out" "楼道充电" "it lists the cases"
as "$VW" issue add --unit $A1A --category WORK_SAFETY --title 查看
is "$status" 6 "grid issue add by the viewer: exit 6"
like "$(q "$VW" "UPDATE issue SET title = 'x'")" "permission denied for table issue" \
	"psql: the viewer's UPDATE issue: permission denied"
like "$(q "$VW" "INSERT INTO issue(unit_id, handling_unit_id, category_id, title, reported_at, status)
	VALUES (1, 1, 1, 'x', 0, 'reported')")" "permission denied for table issue" \
	"psql: the viewer's INSERT INTO issue: permission denied"
like "$(q "$VW" "INSERT INTO visit(unit_id, household, person, at) VALUES (1, 'x', 'PVW', 0)")" \
	"permission denied for table visit" "psql: the viewer's INSERT INTO visit: permission denied"
like "$(q "$VW" "INSERT INTO event SELECT * FROM event LIMIT 1")" "permission denied for table event" \
	"psql: the viewer's INSERT INTO event: permission denied"
like "$(q "$VW" "UPDATE setting SET value = 'x'")" "permission denied for table setting" \
	"psql: the viewer's UPDATE setting: permission denied"

# ---- the leader reads every street ----------------------------------------------------
is "$(q "$LD" "SELECT count(*) FROM person WHERE pid IN ('PMA', 'PMB')")" 2 "psql: the leader reads both streets"

# ---- the year's work: leaders keep targets and projects, staff and viewers read them --
as "$LD" target set revenue --year 2026 --value 23329 --name 财税收入 --measure 万元
is "$status" 0 "the leader sets a target"
as "$LD" target set revenue --year 2026 --value 23330
is "$status" 0 "and sets it again (an update on the server)"
as "$LD" target record revenue --as-of 2026-10-31 --value 11029
is "$status" 0 "the leader records a figure"
as "$LD" project add XM1 --name 风和日丽四期 --level district --investment 110000
is "$status" 0 "the leader adds a key project"
as "$LD" project update XM1 --stage building --milestone 开工
is "$status" 0 "and updates it"
as "$HA" target record revenue --as-of 2026-10-31 --value 1
is "$status" 6 "a grid head records no figure: exit 6"
as "$VW" target progress --format json
jq_is "$out" "[(r['target'], r['actual']) for r in d['rows']]" "[(23330, 11029)]" "the viewer reads the progress"
like "$(q "$LD" "UPDATE target_record SET value = 1")" "permission denied for table target_record" \
	"psql: the leader's UPDATE of a figure: permission denied (and the owner's: append-only)"
like "$(super "UPDATE target_record SET value = 1")" "append-only" "psql: the owner's UPDATE of a figure: append-only"
like "$(q "$HA" "INSERT INTO project(id, code, name, level, stage, created_at, changed_at) VALUES (99, 'X', 'x', 'city', 'planned', 0, 0)")" \
	"permission denied for table project" "psql: a grid head's INSERT INTO project: permission denied"

# ---- the cron account sweeps ----------------------------------------------------------
export GRID_NOW=2026-11-04T09:00:00+08:00
as "$CR" case sweep --format json
is "$status" 0 "grid case sweep by the system account"
jq_is "$out" "[(r['id'], r['from_unit'], r['to_unit']) for r in d]" "[($ib, '$B1A', '$B1')]" \
	"it escalates the overdue case of street B one level up"
is "$(super "SELECT action || ' ' || recorded_by FROM event WHERE issue_id = $ib ORDER BY id DESC LIMIT 1")" \
	"escalate $CR" "its event is recorded by the system account"
as "$CR" issue add --unit $A1A --category WORK_SAFETY --title 定时
is "$status" 6 "the system account adds no case: exit 6"
like "$(q "$CR" "INSERT INTO visit(unit_id, household, person, at) VALUES (1, 'x', 'PCR', 0)")" \
	"permission denied for table visit" "psql: the system account writes no visit"

# ---- staff running grid init, an admin who does not own the tables --------------------
admins=$(super "SELECT count(*) FROM person WHERE (roles & 1) <> 0")
as "$HA" init
is "$status" 0 "grid init by a grid head after --roles: the schema is there, exit 0"
is "$(super "SELECT count(*) FROM person WHERE (roles & 1) <> 0")" "$admins" \
	"and the grid head, who sees only their own row, did not make themselves the first admin"
super "CREATE ROLE $AD LOGIN IN ROLE grid_admin" postgres >/dev/null
printf 'people:\n  - {id: PAD, name: 管理员, login: %s, roles: [admin]}\n' "$AD" >"$T/admin.yaml"
as "$OWN" -q import "$T/admin.yaml"
is "$status" 0 "the owner adds a second admin"
{
	echo "ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler"
	echo "LAD-1,$A1A,WORK_SAFETY,台账一,2026-10-01T09:00:00+08:00,reported,,,,"
	echo "LAD-2,$B1A,WORK_SAFETY,台账二,2026-10-02T09:00:00+08:00,closed,2026-10-02T10:00:00+08:00,2026-10-03T10:00:00+08:00,2026-10-04T10:00:00+08:00,PHB"
} >"$T/ledger.csv"
as "$AD" issue import "$T/ledger.csv"
is "$status" 0 "a grid_admin who does not own the tables imports a ledger (row security holds: no COPY)"
is "$(super "SELECT count(*) || ' ' || sum(CASE WHEN e.recorded_by = '$AD' THEN 1 ELSE 0 END)
	FROM issue i JOIN event e ON e.issue_id = i.id WHERE i.ref LIKE 'LAD-%'")" "6 6" \
	"its cases and their events are there, recorded by that admin"

# ---- the history written by all of them holds -----------------------------------------
as "$OWN" verify
is "$status" 0 "grid verify: the chain written by the different roles is intact"

# ---- an upgrade keeps the roles working -------------------------------------------------
# Back to schema 3 (version 4 added tables only), then grid init by the
# owner: the new tables get the grants of grid init --roles with them.
super "DROP TABLE project_event, project, target_record, target, indicator;
	UPDATE grid_meta SET value = '3' WHERE key = 'schema_version'" >/dev/null
as "$VW" report monthly --month 2026-10
is "$status" 8 "schema 3: exit 8 until upgraded"
as "$OWN" -q init
is "$status" 0 "the owner upgrades to schema 4"
as "$VW" report monthly --month 2026-10 --format json
is "$status" 0 "the viewer's notice after the upgrade: the new tables are granted"
as "$LD" target set revenue --year 2026 --value 100
is "$status" 0 "and a leader sets a target in them"
finish
