#!/bin/sh
# The foundation: global options, dispatch, exit statuses, the database.
. "$(dirname "$0")/lib.sh"

run --help
is "$status" 0 "--help exits 0"
like "$out" '^usage: grid' "--help prints usage on stdout"
is "$err" "" "--help prints nothing on stderr"

run --version
is "$status" 0 "--version exits 0"
like "$out" '^grid [0-9]+\.[0-9]+\.[0-9]+' "--version names the version"

run
is "$status" 2 "no command: exit 2"
one_error "no command"

run no-such-noun
is "$status" 2 "unknown command: exit 2"
one_error "unknown command"
like "$err" "no-such-noun" "the message names the unknown command"

run unit frobnicate
is "$status" 2 "unknown verb: exit 2"
one_error "unknown verb"

run --bogus unit list
is "$status" 2 "unknown global option: exit 2"

run unit list
is "$status" 8 "no database: exit 8"
one_error "no database"
like "$err" "grid init" "the missing-database message says to run grid init"

# Every command's --help succeeds and prints its usage (git t0012).
for cmd in init import export "unit list" "unit show" "unit tree" "person list" "person show" who \
	"issue add" "issue list" "issue show" "issue import" "case accept" "case reject" "case assign" \
	"case escalate" "case resolve" "case close" "case reopen" "case sweep" "visit add" "visit import" \
	"visit list" "log add" "log list" "log review" "log sample" "stats closure" "stats ontime" \
	"stats rework" "stats escalation" "stats overdue" "stats visits" "stats diary" rank \
	"report weekly" "report monthly" help completion; do
	# shellcheck disable=SC2086
	run $cmd --help
	if [ "$status" = 0 ] && printf '%s' "$out" | grep -q "^usage: grid $cmd"; then
		_report 0 "grid $cmd --help"
	else
		_report 1 "grid $cmd --help" "status $status" "out: $(printf '%s' "$out" | head -c 200)"
	fi
done

run unit --help
is "$status" 0 "noun --help lists its verbs"
like "$out" "list" "noun help names the verbs"

# init: modes whatever the umask; idempotent; the OS user becomes admin.
(umask 0; "$GRID" --db "$T/sub/dir/g.db" init -q)
is "$?" 0 "init creates missing folders"
is "$(stat -c %a "$T/sub/dir/g.db")" 600 "database file is 0600 under umask 0"
is "$(stat -c %a "$T/sub/dir")" 700 "created folder is 0700 under umask 0"

run init
is "$status" 0 "init: exit 0"
like "$err" "created" "init says it created the database"
is "$out" "" "init prints nothing on stdout"
run init
is "$status" 0 "init again: exit 0 (idempotent)"
like "$err" "up to date" "init again says it is up to date"

# Default path: $XDG_DATA_HOME/grid/grid.db
(unset GRID_DB; "$GRID" -q init)
check "default database under XDG_DATA_HOME" test -f "$T/xdg/grid/grid.db"

run unit list --format json
is "$status" 0 "unit list on the empty schema: exit 0"
is "$out" "[]" "unit list on the empty schema prints []"
run unit list --format csv
like "$out" "^code,name,level,parent,households,population" "csv header row"
run unit list --format tsv
like "$out" "^code	name	level	parent	households	population" "tsv header row"
run unit list --format xml
is "$status" 2 "unknown format: exit 2"
run unit list --no-such-option
is "$status" 2 "unknown option: exit 2"
one_error "unknown option"
run unit list --level
is "$status" 2 "option without its value: exit 2"
run unit list --under 999
is "$status" 4 "unknown unit: exit 4"
one_error "unknown unit"
run --now yesterday unit list
is "$status" 2 "malformed --now: exit 2"
like "$err" "^grid: --now: " "the message names --now"
GRID_NOW=garbage run unit list
is "$status" 2 "malformed GRID_NOW: exit 2"
like "$err" "^grid: GRID_NOW: " "the message names GRID_NOW, where the bad time came from"
TZ=Nowhere/Zone run unit list
is "$status" 0 "an unknown TZ still runs"
like "$err" "unknown time zone 'Nowhere/Zone'" "an unknown TZ is named in a warning"
TZ=Nowhere/Zone run -q unit list
is "$err" "" "-q silences the warning"
run stats --help
like "$out" "^  escalation  Where" "noun help keeps long verbs apart from their summaries"
GRID_DB="$T/grid.db" run --db "$T/nope.db" unit list
is "$status" 8 "--db wins over GRID_DB"
run unit list --db "$T/nope.db"
is "$status" 8 "global options may follow the verb"

# A file left in rollback-journal mode (a bulk load killed midway) is put back in WAL.
if [ "$ENGINE" = sqlite ]; then # SQLite's journal files; a server has none
	db_sql "PRAGMA journal_mode=DELETE" >/dev/null
	run unit list
	is "$(db_sql 'PRAGMA journal_mode')" wal "the next command puts the database back in WAL mode"
fi

# A schema newer than this program: exit 8, and nothing is changed.
db_schema_version 99
run unit list
is "$status" 8 "newer schema: exit 8"
like "$err" "newer" "the message says the schema is newer"
run init
is "$status" 8 "init refuses a newer schema"
is "$(db_schema_version)" 99 "the newer schema is left as it was"

# An older schema: exit 8 with a hint; init upgrades it.
db_schema_version 0
printf 'not a database at all, only text...................................................' >"$T/junk.db"
run --db "$T/junk.db" unit list
is "$status" 8 "not a database: exit 8"
is "$err" "grid: '$T/junk.db' is not a grid database" "not a database: the message names the file"
# Another program's SQLite database: init does not add grid's tables to it.
sqlite3 "$T/other.db" "CREATE TABLE notes(t TEXT)"
run --db "$T/other.db" init
is "$status" 8 "init on another program's database: exit 8"
one_error "init on another program's database"
is "$(sqlite3 "$T/other.db" "SELECT group_concat(name) FROM sqlite_master")" notes "its tables are left as they were"

# A closed pipe or a full disk is an error, not silent truncation.
if [ -w /dev/full ]; then
	"$GRID" --db "$T/sub/dir/g.db" --help >/dev/full 2>"$T/stderr"
	is "$?" 1 "writing to a full disk: exit 1"
fi

finish
