# Test library for the shell-level tests (TAP).  Source it, then:
#   run grid ARGS...        # status in $status, output in $out, errors in $err
#   is "$status" 0 "what"   # ok when equal
#   like "$out" PATTERN "what"  # ok when the grep -E pattern matches
#   ok COMMAND... -- "what" is written as: check "what" COMMAND...
#   finish                  # prints the plan; exit status 0/1
set -u
: "${GRID:?GRID must point at the built grid binary}"
: "${SRCDIR:?SRCDIR must point at the source tree}"

T=$(mktemp -d "${TMPDIR:-/tmp}/grid-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
export GRID_DB="$T/grid.db" TZ=Asia/Shanghai HOME="$T" XDG_DATA_HOME="$T/xdg" LC_ALL=C.UTF-8 LANG=C.UTF-8
unset GRID_ACTOR GRID_NOW NO_COLOR LANGUAGE
ntest=0
nfail=0

run() {
	"$GRID" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

# run_in FILE ARGS...: like run with FILE as standard input
run_in() {
	f=$1
	shift
	"$GRID" "$@" >"$T/stdout" 2>"$T/stderr" <"$f"
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

_report() {
	ntest=$((ntest + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ntest - $2"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $2"
		shift 2
		for line in "$@"; do printf '#   %s\n' "$line"; done
		printf '#   stderr: %s\n' "$(head -c 400 "$T/stderr" 2>/dev/null)"
	fi
}

is() {
	[ "$1" = "$2" ]
	_report $? "$3" "got:      $1" "expected: $2"
}

like() {
	printf '%s\n' "$1" | grep -Eq -- "$2"
	_report $? "$3" "text:    $(printf '%s' "$1" | head -c 300)" "pattern: $2"
}

unlike() {
	! printf '%s\n' "$1" | grep -Eq -- "$2"
	_report $? "$3" "text:    $(printf '%s' "$1" | head -c 300)" "pattern (should not match): $2"
}

check() {
	desc=$1
	shift
	"$@" >/dev/null 2>&1
	_report $? "$desc" "command: $*"
}

# one_error: stderr is exactly one line starting "grid: "
one_error() {
	n=$(printf '%s\n' "$err" | wc -l)
	case "$err" in
	"grid: "*) [ "$n" -eq 1 ] ;;
	*) false ;;
	esac
	_report $? "$1 (one line 'grid: …' on stderr)" "stderr: $err"
}

# json_ok TEXT: valid JSON
json_ok() {
	printf '%s' "$1" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null
	_report $? "$2" "json: $(printf '%s' "$1" | head -c 300)"
}

# jq_is TEXT PYEXPR EXPECTED DESC: evaluate a Python expression over d=json
jq_is() {
	got=$(printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)" 2>&1)
	is "$got" "$3" "$4"
}

finish() {
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
}

# gen ARGS...: the project's generator of rosters and ledgers, quietly.
gen() {
	python3 "$SRCDIR/tests/data/gencity.py" "$@" 2>/dev/null
}

# A street roster of the generator.
street_yaml() {
	gen --scale street
}
