#!/bin/sh
# A shared office database: grid init's modes (private by default, an
# operating-system group's with --group) and grid doctor.  The group part
# creates the group gridshare and a second user gridshare2 in it when it
# runs as root, and removes them at the end; otherwise it is skipped.
. "$(dirname "$0")/lib.sh"

skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest # SKIP $1"
}

mode_of() { stat -c %a "$1"; }
group_of() { stat -c %G "$1"; }

if [ "$ENGINE" != sqlite ]; then # the rest is SQLite's files: modes, groups, -wal/-shm, doctor's file checks
	# On a server doctor reports the database, the server and the role
	# (grid-doctor(1)); the tests connect as a superuser, which it warns of.
	# Whether the group roles exist is the cluster's, not this test's.
	run init -q
	is "$status" 0 "init on the server"
	run doctor
	is "$status" 1 "doctor on a database on a server, as a superuser: exit 1"
	like "$out" '^ENGINE: +postgresql$' "doctor reports the engine"
	like "$out" "^USER: +$(id -un)\$" "doctor reports the role connected, the OS login"
	like "$out" '^SUPERUSER: +yes$' "doctor reports the superuser"
	like "$out" '^SCHEMA: +[0-9]+$' "doctor reports the schema version"
	like "$err" "^grid: warning: connected as '$(id -un)', a superuser, whom row-level security does not hold" \
		"doctor warns of the superuser"
	run doctor --format json
	jq_is "$out" "' '.join(sorted(d))" "database engine roles schema server_version superuser user warnings" \
		"doctor's JSON keys on a server"
	jq_is "$out" "d['engine'], d['user'], d['superuser']" "postgresql $(id -un) True" "doctor's JSON values on a server"
	finish
	exit $?
fi

# ---- without --group: private, whatever the umask ---------------------------

(umask 0 && "$GRID" --db "$T/private/sub/grid.db" init 2>"$T/init.err")
is "$?" 0 "init with umask 0"
# The examples of grid-init(1) and grid-doctor(1) show the schema a new
# database gets.
schema=$(sed -n 's/^grid: created database .* (schema \([0-9]*\))$/\1/p' "$T/init.err")
is "$(sed -n 's/^grid: created database .* (schema \([0-9]*\))$/\1/p' "$SRCDIR/man/grid-init.1" | sort -u)" \
	"$schema" "grid-init(1)'s examples show schema $schema"
is "$(sed -n 's/^SCHEMA: *//p' "$SRCDIR/man/grid-doctor.1")" "$schema" "grid-doctor(1)'s example shows schema $schema"
is "$(mode_of "$T/private/sub/grid.db")" 600 "without --group the file is 0600"
is "$(mode_of "$T/private/sub")" 700 "without --group a new folder is 0700"
is "$(mode_of "$T/private")" 700 "every folder init makes is 0700"

# ---- an unknown group: refused, nothing made --------------------------------

run --db "$T/nogroup/grid.db" init --group no-such-group-of-grid
is "$status" 2 "init --group with an unknown group: exit 2"
one_error "unknown group"
like "$err" "'no-such-group-of-grid'" "the message names the group"
check "an unknown group creates nothing" test ! -e "$T/nogroup"

# ---- grid doctor on a private database --------------------------------------

P="$T/private/sub/grid.db"
run --db "$P" doctor
is "$status" 0 "doctor on a private database: exit 0"
like "$out" '^MODE: +0600$' "doctor reports the file's mode"
like "$out" '^FOLDER MODE: +0700$' "doctor reports the folder's mode"
like "$out" "^OWNER: +$(id -un)\$" "doctor reports the owner"
like "$out" '^JOURNAL MODE: +wal$' "doctor reports the journal mode"
like "$out" '^SCHEMA: +[0-9]+$' "doctor reports the schema version"
is "$err" "" "nothing to warn of"
run --db "$P" doctor --format json
is "$status" 0 "doctor --format json"
json_ok "$out" "doctor prints valid JSON"
jq_is "$out" "' '.join(sorted(d))" \
	"folder folder_group folder_mode folder_owner group journal_mode mode owner path schema shm_group wal_group warnings" \
	"doctor's JSON keys"
jq_is "$out" "d['mode'], d['folder_mode'], d['journal_mode'], d['warnings']" "0600 0700 wal []" \
	"doctor's JSON values"
run --db "$P" doctor --format csv
is "$status" 2 "doctor --format csv: exit 2"

chmod o+r "$P"
run --db "$P" doctor
is "$status" 1 "doctor on a file others can read: exit 1"
one_error "the warning"
like "$err" '^grid: warning: .*readable or writable by others \(mode 0604\)' "doctor warns of o+r"
run --db "$P" doctor --format json
jq_is "$out" "len(d['warnings'])" 1 "the warning is in the JSON too"
chmod o-r "$P"
chmod o+w "$T/private/sub"
run --db "$P" doctor
is "$status" 1 "doctor on a folder others can write: exit 1"
like "$err" "folder $T/private/sub is readable or writable by others" "doctor warns of the folder"
chmod o-w "$T/private/sub"

run --db "$T/none/grid.db" doctor
is "$status" 8 "doctor without a database: exit 8"
one_error "doctor without a database"
check "doctor creates no database" test ! -e "$T/none"

# ---- with --group: as root, with a second user ------------------------------

if [ "$(id -u)" != 0 ]; then
	skip "not root: cannot create the group and the second user"
	finish
	exit
fi
for tool in groupadd useradd userdel groupdel runuser; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "$tool is not installed"
		finish
		exit
	fi
done

# A group and a user of the test's own; a stale pair of an aborted run goes.
userdel gridshare2 >/dev/null 2>&1
groupdel gridshare >/dev/null 2>&1
at_exit 'userdel gridshare2 >/dev/null 2>&1; groupdel gridshare >/dev/null 2>&1'
groupadd gridshare && useradd -M -N -G gridshare -s /bin/sh -d "$T/home2" gridshare2
is "$?" 0 "create the group gridshare and the user gridshare2"

# The second user runs a copy of grid and libgrid: the build tree may sit
# in a folder it cannot enter.  $T is this test's, opened for traversal.
chmod 0711 "$T"
mkdir -p "$T/bin" "$T/lib" "$T/home2"
chown gridshare2 "$T/home2"
cp "$GRID" "$T/bin/grid" && cp "$LIBGRID" "$T/lib/libgrid.so.0" && chmod 0755 "$T/bin/grid" "$T/lib/libgrid.so.0"
S="$T/office/grid/grid.db"
# as2 ARGS...: grid as gridshare2, output as run's
as2() {
	runuser -u gridshare2 -- env HOME="$T/home2" LD_LIBRARY_PATH="$T/lib" GRID_DB="$S" LC_ALL=C.UTF-8 \
		TZ=Asia/Shanghai "$T/bin/grid" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}
if ! runuser -u gridshare2 -- env LD_LIBRARY_PATH="$T/lib" "$T/bin/grid" --version >/dev/null 2>&1; then
	skip "gridshare2 cannot run the copy of grid in $T"
	finish
	exit
fi

(umask 077 && "$GRID" --db "$S" init --group gridshare >"$T/stdout" 2>"$T/stderr")
is "$?" 0 "init --group gridshare (umask 077)"
like "$(cat "$T/stderr")" "shared with group 'gridshare': add staff with 'usermod -aG gridshare LOGIN'" \
	"init --group says how to add staff"
is "$(mode_of "$S")" 660 "with --group the file is 0660"
is "$(group_of "$S")" gridshare "with --group the file belongs to the group"
is "$(mode_of "$T/office/grid")" 2770 "with --group the folder is 2770 (setgid)"
is "$(group_of "$T/office/grid")" gridshare "with --group the folder belongs to the group"
is "$(mode_of "$T/office")" 2770 "every folder init --group makes is 2770"

cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [community, grid]
categories:
  - {code: OTHER, name: 其它, deadline_hours: 120}
units:
  - code: "410102001001"
    name: 龙源社区
    level: community
    children:
      - {code: "410102001001001", name: 龙源1, level: grid}
people:
  - {id: P9, name: Second, login: gridshare2, roles: [grid_head]}
assignments:
  - {unit: "410102001001001", person: P9, duty: grid_head}
YAML
run -q --db "$S" import "$T/roster.yaml"
is "$status" 0 "import a roster giving gridshare2 to a grid head"

as2 unit list --format tsv
is "$status" 0 "the second user reads the shared database"
like "$out" '^410102001001001' "the second user sees the units"
as2 issue add --unit 410102001001001 --category OTHER --title 井盖缺失
is "$status" 0 "the second user adds an issue"
like "$out" '^[0-9]+$' "issue add as the second user prints the id"
is "$(sqlite3 "$S" 'SELECT reported_by FROM issue')" P9 "the issue is the second user's person's"
chmod 0640 "$S"
as2 issue add --unit 410102001001001 --category OTHER --title 只读
is "$status" 1 "a database the group may only read: a write is exit 1"
like "$err" "^grid: adding an issue: the database '$S' is read-only for this user \\(check its permissions\\)\$" \
	"the message names the file and why, in one line"
is "$(sqlite3 "$S" 'SELECT count(*) FROM issue')" 1 "nothing was added"
chmod 0660 "$S"

# The -wal and -shm files a member makes take the group (the setgid
# folder) and the file's mode: doctor looks at them while it holds the
# database open, as the second user.
as2 doctor --format json
is "$status" 0 "doctor as the second user: nothing to warn of"
jq_is "$out" "d['group'], d['wal_group'], d['shm_group'], d['folder_mode']" \
	"gridshare gridshare gridshare 2770" "the -wal and -shm files a member makes belong to the group"
run --db "$S" doctor
is "$status" 0 "doctor as root on the shared database: exit 0"
like "$out" '^MODE: +0660$' "doctor reports 0660"
like "$out" '^FOLDER MODE: +2770$' "doctor reports 2770"
like "$out" '^GROUP: +gridshare$' "doctor reports the group"

# A folder that is not setgid: the -wal of another writer keeps its group.
chmod g-s "$T/office/grid"
run --db "$S" doctor
is "$status" 1 "doctor on a shared file in a folder without setgid: exit 1"
like "$err" 'not setgid' "doctor says the folder is not setgid"

# init --group on an existing database puts the group and modes back.
chmod 0600 "$S"
chgrp root "$S"
run --db "$S" init --group gridshare
is "$status" 0 "init --group on an existing database"
is "$(mode_of "$S"):$(group_of "$S")" 660:gridshare "the file gets 0660 and the group back"
is "$(mode_of "$T/office/grid")" 2770 "the database's own folder gets 2770 back"

# A folder holding other files is not the database's own: left alone.
mkdir -p "$T/mixed"
: >"$T/mixed/notes.txt"
chmod 0755 "$T/mixed"
run --db "$T/mixed/grid.db" init --group gridshare
is "$status" 0 "init --group in a folder with other files"
is "$(mode_of "$T/mixed"):$(group_of "$T/mixed")" 755:root "a folder with other files is left as it is"
like "$err" 'warning: the folder of .* holds other files' "init --group says it left the folder"
is "$(mode_of "$T/mixed/grid.db")" 660 "the file is shared all the same"

# A user outside the group cannot give a database to it: one line, exit 6,
# nothing made.
mkdir -p "$T/u2"
chown gridshare2 "$T/u2"
S="$T/u2/new/grid.db"
as2 init --group root
is "$status" 6 "init --group with a group the user is not in: exit 6"
one_error "not a member"
check "nothing is made for a refused group" test ! -e "$T/u2/new"


# A member of the group who does not own the file may not give it to the
# group: refused before anything, so that init neither upgrades the schema
# nor makes the caller the first admin of a database with none.
mkdir -p "$T/notmine"
chmod 0777 "$T/notmine"
S="$T/notmine/grid.db"
"$GRID" -q --db "$S" init
chmod 0666 "$S"
sqlite3 "$S" "DELETE FROM person"
as2 init --group gridshare
is "$status" 6 "init --group on a file another user owns: exit 6"
one_error "init --group on a file another user owns"
like "$err" "it is $(id -un)'s" "the message names the file's owner"
is "$(sqlite3 "$S" 'SELECT count(*) FROM person')" 0 "a refused init --group makes nobody the first admin"
is "$(mode_of "$S"):$(group_of "$S")" 666:root "a refused init --group leaves the file's group and mode"
# Once shared, a member who does not own it may run it again: nothing to change.
"$GRID" -q --db "$S" init --group gridshare
as2 init --group gridshare
is "$status" 0 "a member runs init --group on a database already shared"

# A database in a folder the user may not enter (another group's, the user
# not in it) is there, out of reach: the message says so, not "no database".
mkdir -p "$T/closed"
chmod 0770 "$T/closed"
S="$T/closed/grid.db"
"$GRID" -q --db "$S" init
for verb in "unit list" doctor verify init; do
	as2 $verb
	case $verb in init) want=1 ;; *) want=8 ;; esac
	is "$status" $want "$verb on a database in a folder out of reach: exit $want"
	one_error "$verb on a database out of reach"
	like "$err" "cannot open database '$S': Permission denied" "$verb says the database is out of reach"
done
check "init out of reach made nothing" test ! -e "$S-wal"

finish
