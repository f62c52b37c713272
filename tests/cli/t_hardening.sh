#!/bin/sh
# Hostile input: every bad file or argument is refused with exit 3 (2 for a
# malformed argument), one line on stderr, in bounded time and memory, and
# the database is left exactly as it was.
#
# Each command runs under `timeout 20` and, except in a sanitizer build
# (ASan reserves terabytes of address space), `ulimit -v` 512 MB.  The
# inputs are generated here, into the test's temporary folder.
. "$(dirname "$0")/lib.sh"

LIMIT_KB=524288
SECS=20
if ldd "$GRID" 2>/dev/null | grep -q 'libasan'; then
	LIMIT_KB=unlimited
fi

# bounded ARGS...: run grid with a time and memory limit; like run.
bounded() {
	(ulimit -v "$LIMIT_KB" 2>/dev/null; exec timeout "$SECS" "$GRID" "$@") >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(head -c 2000 "$T/stdout")
	err=$(head -c 2000 "$T/stderr")
}

# state: the database as SQL text, plus the roster export when grid has one.
state() {
	db_dump
	"$GRID" export 2>/dev/null
}

# has_verb NOUN [VERB]: the command is built (not a stub).
has_verb() {
	"$GRID" "$@" >/dev/null 2>"$T/probe" </dev/null
	! grep -q 'not implemented' "$T/probe"
}

# refused WHAT STATUS: the last bounded run was refused with STATUS, one
# line on stderr, in time, and the database did not change.
refused() {
	is "$status" "$2" "$1: exit $2"
	one_error "$1"
	after=$(state)
	if [ "$after" = "$before" ]; then
		_report 0 "$1: the database is unchanged"
	else
		_report 1 "$1: the database is unchanged" "$(printf '%s\n' "$after" | diff - "$T/before.sql" | head -5)"
	fi
}

# refused_file WHAT STATUS FILE: an import refused with STATUS; stderr is
# at most 20 problems and a closing line, each line "grid: …" and short
# (no echo of a giant field), one naming FILE; the database unchanged.
refused_file() {
	is "$status" "$2" "$1: exit $2"
	n=$(grep -c '' "$T/stderr")
	bad=$(grep -vc '^grid: ' "$T/stderr")
	long=$(awk 'length($0) > 1000 { n++ } END { print n + 0 }' "$T/stderr")
	[ "$n" -ge 1 ] && [ "$n" -le 22 ] && [ "$bad" -eq 0 ] && [ "$long" -eq 0 ] && grep -qF "$3" "$T/stderr"
	_report $? "$1: 1..22 lines 'grid: …', none over 1000 bytes, naming the file" \
		"lines $n, not 'grid: ' $bad, over 1000 bytes $long"
	after=$(state)
	if [ "$after" = "$before" ]; then
		_report 0 "$1: the database is unchanged"
	else
		_report 1 "$1: the database is unchanged" "$(printf '%s\n' "$after" | diff - "$T/before.sql" | head -5)"
		before=$after
		printf '%s\n' "$before" >"$T/before.sql"
	fi
}

# todo DESC WHY COMMAND...: a check that a known bug in another module
# fails: TAP "not ok … # TODO WHY" (not counted as a failure) while it
# does, a plain "ok" once it is fixed.
todo() {
	desc=$1
	why=$2
	shift 2
	ntest=$((ntest + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $ntest - $desc"
	else
		echo "not ok $ntest - $desc # TODO $why"
	fi
}

# repeat STRING COUNT: STRING COUNT times, no newline.
repeat() {
	python3 -c 'import sys; sys.stdout.write(sys.argv[1] * int(sys.argv[2]))' "$1" "$2"
}

run init -q
is "$status" 0 "init"

if has_verb import; then
	street_yaml >"$T/street.yaml"
	run import -q "$T/street.yaml"
	is "$status" 0 "a street roster imports"
	HAVE_IMPORT=1
else
	HAVE_IMPORT=0
fi
before=$(state)
printf '%s\n' "$before" >"$T/before.sql"
unit=$(db_sql "SELECT code FROM unit WHERE depth = (SELECT max(depth) FROM unit) LIMIT 1" 2>/dev/null)
person=$(db_sql "SELECT pid FROM person WHERE (roles & 1) <> 0 LIMIT 1" 2>/dev/null)

# ---- file modes --------------------------------------------------------------
# The journal files beside the database (-wal, -shm) hold the same personal
# data: SQLite gives them the database file's mode, whatever the umask.
if [ "$ENGINE" = sqlite ]; then # the modes of SQLite's files; a server keeps its own
	(umask 0; GRID_DB="$T/modes/g.db" "$GRID" init -q)
	modes=$(python3 - "$T/modes/g.db" <<-'EOF'
	import os, sqlite3, stat, sys
	os.umask(0)
	c = sqlite3.connect(sys.argv[1], isolation_level=None)
	c.execute("BEGIN IMMEDIATE")
	c.execute("INSERT INTO setting(key, value) VALUES ('x.probe', '1')")
	print(" ".join("%s:%o" % (s, stat.S_IMODE(os.stat(sys.argv[1] + s).st_mode)) for s in ("", "-wal", "-shm")))
	c.execute("ROLLBACK")
	EOF
	)
	is "$modes" ":600 -wal:600 -shm:600" "under umask 0 the database and its -wal and -shm are 0600"
	is "$(stat -c %a "$T/modes")" 700 "under umask 0 the folder grid init made is 0700"
fi

# ---- every reading command, on an empty database and on the roster ---------
# Under the sanitizer build this is where undefined behaviour on empty
# inputs shows (qsort or bsearch of an empty list, and the like).
sweep() {
	for c in "unit list" "unit tree" "person list" "export" "export --format json" "issue list" \
		"issue list --overdue" "visit list" "log list" "stats closure" "stats closure --by unit" \
		"stats closure --by level" "stats ontime" "stats rework" "stats escalation" "stats overdue" \
		"stats visits" "stats diary" "stats diary --by person" "rank" "report weekly" \
		"report monthly --format json" "report weekly --format html" "report monthly --format md" \
		"log sample --month 2026-11" "case sweep --dry-run"; do
		# shellcheck disable=SC2086
		GRID_DB=$1 bounded --now 2026-11-18T10:00 $c
		case "$status" in
		0 | 3 | 4 | 5) ;;
		*) _report 1 "$2: grid $c" "status $status" "stderr: $(printf '%s' "$err" | head -c 300)" ;;
		esac
		if grep -q 'runtime error\|Sanitizer' "$T/stderr"; then
			_report 1 "$2: grid $c: no sanitizer report" "$(head -c 300 "$T/stderr")"
		fi
	done
	_report 0 "$2: every reading command ran cleanly"
}
empty=$(db_new empty)
GRID_DB=$empty "$GRID" init -q
sweep "$empty" "empty database"
sweep "$GRID_DB" "roster"

# ---- arguments ------------------------------------------------------------
# One argument can carry at most 128 KiB (Linux MAX_ARG_STRLEN): execve
# itself refuses a 1 MB argument, so the longest that reaches grid is used.
big=$(repeat x 131000)

bounded --now "$big" unit list
refused "a 131,000-byte --now" 2
like "$err" "malformed time" "the --now message says the time is malformed"
unlike "$err" "$(repeat x 2000)" "the message does not echo the whole argument"

bounded unit list --under "$big"
case "$status" in 3 | 4) _report 0 "a 131,000-byte unit code: exit 3 or 4" ;;
*) _report 1 "a 131,000-byte unit code: exit 3 or 4" "status $status" ;;
esac
one_error "a 131,000-byte unit code"

bounded --db "$T/$(repeat d 5000)/g.db" unit list
case "$status" in 1 | 8) _report 0 "a 5,000-byte --db path: exit 1 or 8" ;;
*) _report 1 "a 5,000-byte --db path: exit 1 or 8" "status $status" ;;
esac
one_error "a 5,000-byte --db path"

mkdir -p "$T/adir"
bounded --db "$T/adir" unit list
refused "--db naming a folder" 8

printf 'this is not a database, just text\n' >"$T/text.db"
bounded --db "$T/text.db" unit list
refused "--db naming a text file" 8

if has_verb issue add; then
	cat=$(db_sql "SELECT code FROM category LIMIT 1")
	bounded --as "$person" issue add --unit "$unit" --category "$cat" --title "$big"
	refused "a 131,000-byte --title" 3
	like "$err" "500" "the --title message names the limit of 500 characters"
	bounded --as "$person" issue add --unit "$unit" --category "$cat" --title ok --detail "$(repeat y 10001)"
	refused "a 10,001-character --detail" 3
	like "$err" "10000" "the --detail message names the limit of 10000 characters"
	bounded --as "$person" issue add --unit "$unit" --category "$cat" --title "$(printf 'bell\007')"
	refused "a --title with a control character" 3
	bounded --as "$person" issue add --unit "$unit" --category "$cat" --title "$(printf 'bad\377utf8')"
	refused "a --title of invalid UTF-8" 3
	# A writer that cannot get the lock within its wait: exit 7, nothing written.
	db_hold_write_lock 1.5 "$T/locked" &
	locker=$!
	i=0
	while [ ! -f "$T/locked" ] && [ "$i" -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
	GRID_BUSY_TIMEOUT=200 bounded --as "$person" issue add --unit "$unit" --category "$cat" --title locked
	refused "issue add while another process holds the write lock past GRID_BUSY_TIMEOUT" 7
	like "$err" "busy" "the lock message says the database is busy"
	wait "$locker"
	bounded --as "$person" issue add --unit "$(repeat 4 65)" --category "$cat" --title ok
	case "$status" in 3 | 4) _report 0 "a 65-byte --unit: exit 3 or 4" ;;
	*) _report 1 "a 65-byte --unit: exit 3 or 4" "status $status" ;;
	esac
else
	echo "# skip: grid issue add is not built yet"
fi

# Every other free-text argument is checked the same way.
# other_text WHAT VERB... -- the verb is refused with exit 3, nothing written.
other_text() {
	what=$1
	shift
	bounded --as "$person" "$@"
	refused "$what" 3
}
if has_verb visit add && [ -n "$unit" ]; then
	other_text "visit add: a 201-character --household" visit add --unit "$unit" --household "$(repeat h 201)"
	other_text "visit add: a 10,001-character --note" visit add --unit "$unit" --household 1-1 --note "$(repeat n 10001)"
	other_text "visit add: a --note with an escape sequence" visit add --unit "$unit" --household 1-1 \
		--note "$(printf 'a\033]0;title\007b')"
fi
if has_verb log add && [ -n "$unit" ]; then
	other_text "log add: a 10,001-character --text" log add --unit "$unit" --text "$(repeat t 10001)"
	other_text "log add: a --text of invalid UTF-8" log add --unit "$unit" --text "$(printf 'a\300\257b')"
fi

# ---- roster YAML ----------------------------------------------------------
if [ "$HAVE_IMPORT" = 1 ]; then
	# yaml_bad NAME FILE: import FILE is refused with exit 3, nothing written.
	yaml_bad() {
		bounded import -q "$2"
		refused_file "import: $1" 3 "$2"
	}
	{ printf 'version: 1\nunits:\n  - {code: "%s", name: "' "$unit"; repeat 名 200000; printf '", level: grid}\n'; } >"$T/longname.yaml"
	yaml_bad "a name of 200,000 characters" "$T/longname.yaml"
	like "$err" "longname.yaml:[0-9]+:[0-9]+: " "the long-name message has FILE:LINE:COLUMN"
	like "$err" "200" "the long-name message names the limit"

	{ printf 'version: 1\nunits:\n  - {code: "'; repeat 7 100000; printf '", name: x, level: grid}\n'; } >"$T/longcode.yaml"
	yaml_bad "a code of 100,000 bytes" "$T/longcode.yaml"

	# libyaml's parser is quadratic in flow nesting (40,000 levels take
	# 6 s of events alone): the importer stops at a depth limit and
	# answers in milliseconds, so 3 s is plenty here.
	{ printf 'version: 1\nunits: '; repeat '[' 100000; repeat ']' 100000; printf '\n'; } >"$T/flow.yaml"
	{ printf 'version: 1\nunits: '; repeat '{a: ' 100000; printf '1'; repeat '}' 100000; printf '\n'; } >"$T/flowmap.yaml"
	SECS=3
	for f in flow flowmap; do
		bounded import -q "$T/$f.yaml"
		is "$status" 3 "import: $f nesting 100,000 deep: exit 3 within 3 s"
		after=$(state)
		[ "$after" = "$before" ]
		_report $? "import: $f nesting 100,000 deep: the database is unchanged"
	done
	SECS=20
	{ printf 'version: 1\nunits:\n'; repeat '- ' 100000; printf 'x\n'; } >"$T/block.yaml"
	yaml_bad "block sequences 100,000 deep" "$T/block.yaml"
	python3 -c '
import sys
sys.stdout.write("version: 1\nunits:\n")
for i in range(3000):
    sys.stdout.write(" " * i + "k%d:\n" % i)
sys.stdout.write(" " * 3000 + "v\n")' >"$T/blockmap.yaml"
	yaml_bad "block mappings 3,000 deep (4.5 MB of indentation)" "$T/blockmap.yaml"

	printf 'version: 1\nunits:\n  - {code: "a\000b", name: x, level: grid}\n' >"$T/nul.yaml"
	yaml_bad "a NUL byte" "$T/nul.yaml"
	printf 'version: 1\nunits:\n  - {code: "%s", name: "\377\376bad", level: grid}\n' "$unit" >"$T/utf8.yaml"
	yaml_bad "invalid UTF-8" "$T/utf8.yaml"
	printf 'version: 1\nunits:\n  - {code: "%s", name: "\355\240\200", level: grid}\n' "$unit" >"$T/surrogate.yaml"
	yaml_bad "a UTF-8 surrogate" "$T/surrogate.yaml"
	printf '\377\376v\000e\000r\000' >"$T/utf16.yaml"
	yaml_bad "UTF-16 bytes" "$T/utf16.yaml"
	cp /bin/ls "$T/ls.yaml"
	yaml_bad "a binary file (/bin/ls)" "$T/ls.yaml"

	cat >"$T/bomb.yaml" <<-'EOF'
	version: 1
	a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
	b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
	c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
	d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
	e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
	f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
	g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
	h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
	i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
	EOF
	yaml_bad "an alias bomb (billion laughs)" "$T/bomb.yaml"
	like "$err" "alias|anchor" "the alias bomb message names anchors or aliases"
	printf 'version: 1\npeople:\n  - &p {id: PX, name: x}\n  - *p\n' >"$T/alias.yaml"
	yaml_bad "a single alias" "$T/alias.yaml"
	printf 'version: 1\npeople:\n  - &p {id: PX, name: x}\n  - {<<: *p, id: PY}\n' >"$T/merge.yaml"
	yaml_bad "a merge key" "$T/merge.yaml"

	python3 -c '
import sys
sys.stdout.write("version: 1\npeople:\n")
for i in range(5000):
    sys.stdout.write("  - {id: P%d, name: x, roles: [nobody]}\n" % i)' >"$T/manyerrors.yaml"
	yaml_bad "5,000 bad rows" "$T/manyerrors.yaml"

	# A message quotes what is wrong; a newline in it must not start a
	# line of its own (it could pose as another message).
	printf 'version: 1\n"colour\\nforged message": 1\n' >"$T/newline.yaml"
	bounded import -q "$T/newline.yaml"
	is "$status" 3 "import: a key with a newline: exit 3"
	! grep -qv '^grid: ' "$T/stderr"
	_report $? "import: a key with a newline: every stderr line starts 'grid: '"

	printf 'version: 1\nunits: [\n' >"$T/truncated.yaml"
	yaml_bad "a truncated file" "$T/truncated.yaml"
	printf 'version: 1\n---\nversion: 1\n' >"$T/twodocs.yaml"
	yaml_bad "two documents" "$T/twodocs.yaml"
	printf 'version: 1\nversion: 1\n' >"$T/dupkey.yaml"
	yaml_bad "a duplicate key" "$T/dupkey.yaml"
	printf 'version: 99999999999999999999999\n' >"$T/bigint.yaml"
	yaml_bad "a version past int64" "$T/bigint.yaml"
	printf 'version: 1\nunits:\n  - {code: "%s", name: x, level: grid, households: 99999999999999999999}\n' "$unit" >"$T/bighh.yaml"
	yaml_bad "households past int64" "$T/bighh.yaml"
	printf 'version: 1\nunits:\n  - {code: "%s", name: x, level: grid, households: -5}\n' "$unit" >"$T/neghh.yaml"
	yaml_bad "negative households" "$T/neghh.yaml"
	# deadline_hours x 3600 must fit: an accepted case's due time is added to it.
	printf 'version: 1\ncategories:\n  - {code: HUGE, name: h, deadline_hours: 9223372036854775807}\n' >"$T/deadline.yaml"
	bounded import -q "$T/deadline.yaml"
	refused_file "import: deadline_hours of 2^63-1" 3 "$T/deadline.yaml"
	printf 'version: 1\nunits:\n  - {code: A, name: a, level: district, parent: B}\n  - {code: B, name: b, level: district, parent: A}\n' >"$T/cycle.yaml"
	yaml_bad "a parent cycle" "$T/cycle.yaml"

	: >"$T/empty.yaml"
	bounded import -q "$T/empty.yaml"
	case "$status" in 0 | 3) _report 0 "import: an empty file: exit 0 or 3 (got $status)" ;;
	*) _report 1 "import: an empty file: exit 0 or 3" "status $status" ;;
	esac
	[ "$(state)" = "$before" ]
	_report $? "import: an empty file: the database is unchanged"

	bounded import -q "$T/adir"
	refused_file "import: a folder" 3 "$T/adir"
	bounded import -q "$T/no-such-file.yaml"
	case "$status" in 1 | 3 | 4) _report 0 "import: a missing file: exit 1, 3 or 4 (got $status)" ;;
	*) _report 1 "import: a missing file: exit 1, 3 or 4" "status $status" ;;
	esac
	one_error "import: a missing file"

	# From standard input too.
	(ulimit -v "$LIMIT_KB" 2>/dev/null; exec timeout 20 "$GRID" import -q -) <"$T/bomb.yaml" >"$T/stdout" 2>"$T/stderr"
	status=$?
	err=$(head -c 2000 "$T/stderr")
	refused_file "import - < alias bomb" 3 "<stdin>"
else
	echo "# skip: grid import is not built yet"
fi

# ---- CSV importers --------------------------------------------------------
# csv_cases NOUN HEADER ROW: the hostile CSV files for `grid NOUN import`.
csv_cases() {
	noun=$1
	header=$2
	row=$3
	d="$T/$noun"
	mkdir -p "$d"
	: >"$d/empty.csv"
	{ repeat 'c,' 9999; printf 'c\n'; repeat '1,' 9999; printf '1\n'; } >"$d/columns.csv"
	{ printf '%s,' "$header"; repeat 'x,' 9998; printf 'x\n'; printf '%s\n' "$row"; } >"$d/columns2.csv"
	{ printf '%s\n' "$header"; printf '%s' "$row" | sed 's/,[^,]*$//'; printf ',"'; repeat z 200000; printf '"\n'; } >"$d/field.csv"
	{ printf '%s\n' "$header"; printf '%s\n' "$row" | tr ',' '\000'; } >"$d/nul.csv"
	{ printf '%s\n' "$header"; printf '%s\n' "$row" | sed 's/,\([^,]*\)$/,\1\x00\1/'; } >"$d/nulfield.csv"
	{ printf '%s\n' "$header"; printf '%s\n' "$row" | sed 's/^[^,]*/\xff\xfe/'; } >"$d/utf8.csv"
	{ printf '%s\n' "$header"; printf '%s,"unterminated\n' "$row"; } >"$d/quote.csv"
	{ printf '%s\n' "$header"; printf '%s,extra\n' "$row"; } >"$d/extra.csv"
	{ printf '%s\n' "$header"; printf '%s' "$row" | sed 's/,[^,]*$//'; printf '\n'; } >"$d/short.csv"
	python3 -c '
import sys
sys.stdout.write(sys.argv[1] + "\n")
for i in range(5000):
    sys.stdout.write(sys.argv[2].replace(sys.argv[3], "nosuchunit%d" % i) + "\n")' "$header" "$row" "$unit" >"$d/manyerrors.csv"
	cp /bin/ls "$d/ls.csv"
	for f in empty columns columns2 field nul utf8 quote extra short manyerrors ls; do
		bounded "$noun" import -q "$d/$f.csv"
		refused_file "$noun import: $f.csv" 3 "$d/$f.csv"
	done
	{ printf '"colour\nforged message",%s\n' "$header"; printf 'x,%s\n' "$row"; } >"$d/newline.csv"
	bounded "$noun" import -q "$d/newline.csv"
	is "$status" 3 "$noun import: a column name with a newline: exit 3"
	! grep -qv '^grid: ' "$T/stderr"
	_report $? "$noun import: a column name with a newline: every stderr line starts 'grid: '"
	bounded "$noun" import -q "$d/nulfield.csv"
	is "$status" 3 "$noun import: a NUL byte inside a field is refused (exit 3)"
	after=$(state)
	[ "$after" = "$before" ] || { before=$after; printf '%s\n' "$before" >"$T/before.sql"; }
	bounded "$noun" import -q "$d"
	refused_file "$noun import: a folder" 3 "$d"
}

if has_verb visit import && [ -n "$unit" ]; then
	csv_cases visit "unit,household,by,at,note" "$unit,3-201,$person,2026-11-03 10:00,ok"
else
	echo "# skip: grid visit import is not built yet"
fi
if has_verb issue import && [ -n "$unit" ]; then
	cat=$(db_sql "SELECT code FROM category LIMIT 1")
	csv_cases issue "ref,unit,category,reported_at,title" "R1,$unit,$cat,2026-11-03 10:00,a title"
else
	echo "# skip: grid issue import is not built yet"
fi

[ "$(state)" = "$before" ]
_report $? "after every hostile input the database is exactly as it was"
finish
