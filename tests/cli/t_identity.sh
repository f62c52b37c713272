#!/bin/sh
# Who is acting: the OS login is the real person; --as and GRID_ACTOR act
# on behalf of another, which only an admin or a delegate may; a login
# that is no person's reads but cannot write; the system person sweeps
# and writes nothing else.
#
# The real identity is the OS user running grid.  Most checks change which
# person the roster gives the test's own login to (as an admin editing the
# roster would), so they run as any user; the last part runs grid as
# other real users: on SQLite other OS users, created when the test runs
# as root; on PostgreSQL other roles of the server (the login there is the
# server's session user).
. "$(dirname "$0")/lib.sh"

me=$(id -un)
run init -q
is "$status" 0 "init: the OS user is the first admin"

cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [district, grid]
categories:
  - {code: OTHER, name: 其它, deadline_hours: 24}
units:
  - code: "410102"
    name: 中原区
    level: district
    children:
      - {code: "410102001", name: 一网格, level: grid}
people:
  - {id: H1, name: Head, login: gridid-h1, roles: [grid_head]}
  - {id: D1, name: Desk, login: gridid-d1, roles: [delegate]}
  - {id: V1, name: Viewer, login: gridid-v1, roles: [viewer]}
  - {id: S1, name: Cron, login: gridid-s1, roles: [system]}
assignments:
  - {unit: "410102001", person: H1, duty: grid_head}
YAML
run -q import "$T/roster.yaml"
is "$status" 0 "import a roster with a delegate and a system person"
G=410102001
export GRID_NOW=2026-11-02T09:00:00+08:00

# snap: every row of the database, to prove a refusal changed nothing
snap() { db_dump | md5sum; }
# become PID: the roster gives the test's OS login to person PID (none: nobody)
become() {
	db_sql "UPDATE person SET login = NULL WHERE login = '$me';
		UPDATE person SET login = '$me' WHERE pid = '$1';"
}
last_actor() { db_sql "SELECT actor FROM event ORDER BY id DESC LIMIT 1"; }

# ---- the admin ---------------------------------------------------------------
run issue add --as "$me" --unit $G --category OTHER --title 自己
is "$status" 0 "naming yourself is fine"
run issue add --as H1 --unit $G --category OTHER --title 电话上报
is "$status" 0 "an admin acts for a grid head (a report phoned in)"
is "$(last_actor)" H1 "the history's actor is the grid head"
is "$(db_sql "SELECT reported_by FROM issue WHERE id = $out")" H1 "reported by the grid head"
run -q export --as V1
is "$status" 0 "an admin may read as anyone"

# ---- a grid head ------------------------------------------------------------------
become H1
before=$(snap)
run issue add --as "$me" --unit $G --category OTHER --title 冒名
is "$status" 6 "a grid head naming the admin: exit 6"
one_error "grid head naming the admin"
like "$err" "login '$me' \(person H1\) may not act for '$me': only an admin or a delegate acts for others" \
	"the message names the login, its person and the one named"
is "$(snap)" "$before" "nothing changed"
GRID_ACTOR=$me run issue add --unit $G --category OTHER --title 冒名
is "$status" 6 "GRID_ACTOR naming the admin: exit 6 too"
run issue list --as "$me"
is "$status" 6 "a forbidden --as is refused for reads as well"
is "$out" "" "and prints nothing"
run issue list --as NOPE
is "$status" 4 "an unknown --as is not found: exit 4"
like "$err" "unknown person 'NOPE' given with --as or GRID_ACTOR" "named as given"
run issue list --as ''
is "$status" 2 "an empty --as is a value left out: exit 2"
like "$err" "option '--as' needs a value" "and says so"
is "$(snap)" "$before" "refusals changed nothing"
run issue add --as H1 --unit $G --category OTHER --title 本人
is "$status" 0 "the grid head naming themselves"
run issue add --unit $G --category OTHER --title 本人2
is "$status" 0 "the grid head without --as"
is "$(last_actor)" H1 "acts as themselves"

# ---- a delegate and a viewer --------------------------------------------------------
become D1
run issue add --as H1 --unit $G --category OTHER --title 代录
is "$status" 0 "a delegate acts for a grid head"
is "$(last_actor)" H1 "the history's actor is the grid head"
before=$(snap)
run issue add --unit $G --category OTHER --title 代录自己
is "$status" 6 "a delegate by itself may not add an issue"
is "$(snap)" "$before" "that refusal changed nothing"
become V1
before=$(snap)
run issue add --as H1 --unit $G --category OTHER --title 查看
is "$status" 6 "a viewer may not act for another"
like "$err" "login '$me' \(person V1\) may not act for 'H1'" "the message names both"
run issue list --as H1
is "$status" 6 "not even to read"
run issue list
is "$status" 0 "a viewer reads as themselves"
is "$(snap)" "$before" "refusals changed nothing"

# ---- a login that is no person's ---------------------------------------------------
become NOBODY
before=$(snap)
run issue list
is "$status" 0 "an unknown login reads"
run stats closure --month 2026-11
is "$status" 0 "and reads the measures"
run issue add --unit $G --category OTHER --title 无名
is "$status" 6 "an unknown login cannot write: exit 6"
one_error "unknown login writing"
like "$err" "login '$me' is no person's: add it as the login of a person in the roster \(grid-yaml\(5\)\)" \
	"the message says which login to add"
run issue list --as H1
is "$status" 6 "an unknown login may not act for another, to read either"
like "$err" "login '$me' is no person's" "and is told why"
is "$(snap)" "$before" "nothing changed"

# ---- the system person ------------------------------------------------------------
become "$me"
run issue add --unit $G --category OTHER --title 超期 --accept --at 2026-11-02T08:00:00+08:00
over=$out
become S1
export GRID_NOW=2026-11-03T10:00:00+08:00
before=$(snap)
run -q import "$T/roster.yaml"
is "$status" 6 "the system person cannot import the roster"
printf 'ref,unit,category,title,reported_at\nX1,%s,OTHER,导入,2026-11-01\n' $G >"$T/ledger.csv"
run issue import "$T/ledger.csv"
is "$status" 6 "nor a ledger"
run issue add --unit $G --category OTHER --title 系统
is "$status" 6 "nor add an issue"
run case accept 1
is "$status" 6 "nor accept a case"
run case escalate "$over"
is "$status" 6 "nor escalate by hand"
run issue add --as H1 --unit $G --category OTHER --title 系统代录
is "$status" 6 "nor act for another"
is "$(snap)" "$before" "its refusals changed nothing"
run stats closure --month 2026-11
is "$status" 0 "it reads the measures"
run rank --month 2026-11 --level grid
is "$status" 0 "the ranking"
run report weekly --week 2026-W45
is "$status" 0 "and the reports"
run case sweep --format json
is "$status" 0 "the system person sweeps"
jq_is "$out" "[r['id'] for r in d]" "[$over]" "the case past due is escalated"
is "$(last_actor)" S1 "the escalation names the system person"
become "$me"

# ---- other real users ----------------------------------------------------------------
# The same rule for real logins: a user with no person reads and cannot
# write; a delegate's login acts for a grid head.  On PostgreSQL the users
# are two roles of the server that grid connects as (PGUSER); on SQLite
# two OS users, which needs root to create them.  Names unique to this
# run, removed at the end.
clerk=gridid$$c
desk=gridid$$d
if [ "$ENGINE" = pg ]; then
	pg_role "$clerk" && pg_role "$desk"
	is "$?" 0 "create roles $clerk and $desk"
	# Both may use the database's tables (the grants are not this test's
	# point, as the file's modes are not on SQLite).
	db_sql "GRANT ALL ON ALL TABLES IN SCHEMA public TO \"$clerk\", \"$desk\";
		GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \"$clerk\", \"$desk\""
	as_user() {
		u=$1
		shift
		env PGUSER="$u" "$GRID" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
		status=$?
		out=$(cat "$T/stdout")
		err=$(cat "$T/stderr")
	}
else
	if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null || ! command -v setpriv >/dev/null; then
		echo "ok $((ntest + 1)) # SKIP other OS users: needs root, useradd and setpriv"
		ntest=$((ntest + 1))
		finish
		exit $?
	fi
	at_exit 'userdel "$clerk" 2>/dev/null; userdel "$desk" 2>/dev/null'
	useradd -M -N -s /bin/false "$clerk" && useradd -M -N -s /bin/false "$desk"
	is "$?" 0 "create OS users $clerk and $desk"
	# The database where both can open it (the modes are not this test's point).
	mkdir "$T/shared"
	chmod 0777 "$T/shared"
	chmod 0755 "$T"
	cp "$GRID_DB" "$T/shared/grid.db"
	export GRID_DB="$T/shared/grid.db"
	chmod 0666 "$GRID_DB"
	# The users run a copy of grid and libgrid: the build tree may sit in a
	# folder only root can enter (CI's clone is in a 0700 temporary folder).
	mkdir "$T/bin" "$T/lib"
	cp "$GRID" "$T/bin/grid" && cp "$LIBGRID" "$T/lib/libgrid.so.0" && chmod 0755 "$T/bin/grid" "$T/lib/libgrid.so.0"
	as_user() {
		u=$1
		shift
		setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups env LD_LIBRARY_PATH="$T/lib" "$T/bin/grid" "$@" \
			>"$T/stdout" 2>"$T/stderr" </dev/null
		status=$?
		out=$(cat "$T/stdout")
		err=$(cat "$T/stderr")
	}
fi
db_sql "UPDATE person SET login = '$desk' WHERE pid = 'D1'"
before=$(snap)
as_user "$clerk" issue list
is "$status" 0 "an OS user with no person reads"
as_user "$clerk" issue add --unit $G --category OTHER --title 无名
is "$status" 6 "and cannot write"
like "$err" "login '$clerk' is no person's: add it as the login of a person in the roster" \
	"the message names that user's login"
is "$(snap)" "$before" "nothing changed"
as_user "$desk" issue add --as H1 --unit $G --category OTHER --title 代录
is "$status" 0 "a delegate's OS user acts for a grid head"
is "$(last_actor)" H1 "recorded as the grid head"
as_user "$desk" issue add --as "$me" --unit $G --category OTHER --title 代录
is "$status" 0 "and for the admin: a delegate may act for anyone"

finish
