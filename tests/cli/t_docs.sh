#!/bin/sh
# Shell-level tests: manual pages, grid help, grid completion bash,
# translations.
#
# A verb's manual page is kept in step with its usage text: the SYNOPSIS
# of man/grid-NOUN.1, rendered with mandoc -Tascii, holds one entry per
# verb (each a line that starts at the SYNOPSIS indent; mandoc indents its
# continuation lines further), and each entry, whitespace squeezed, equals
# the usage printed by `grid NOUN VERB --help`.  Write it as
#   .Nm grid
#   .Cm issue add
#   .Fl -unit Ar CODE
#   .Op Fl -detail Ar TEXT
# so that it renders "grid issue add --unit CODE [--detail TEXT]".  More:
#   .Ar FILE Ns | Ns Ar -                      FILE|-
#   .Op Fl -status Ar S Ns Op , Ns Ar S        [--status S[,S]]
#   .Op Fl -by Cm category Ns | Ns Cm unit     [--by category|unit]
#   .Op Fl -week Ar W | Fl -month Ar M         [--week W | --month M]
# A page whose .Nd still says "to be written" is skipped.
. "$(dirname "$0")/lib.sh"

MAN="$SRCDIR/man"
have_mandoc=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1

squeeze() {
	tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'
}

# The nouns, read from `grid --help` so that a new one is tested at once.
run --help
is "$status" 0 "grid --help"
# (a noun may hold digits: open311)
nouns=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9]*\) .*/\1/p')
like "$nouns" '^init$' "the overview lists init"
like "$nouns" '^completion$' "the overview lists completion"

# verbs NOUN: its verbs, empty for a noun without verbs
verbs() {
	"$GRID" "$1" --help 2>/dev/null | sed -n '/^Verbs:/,$p' | sed -n 's/^  \([a-z][a-z0-9]*\) .*/\1/p'
}

# usage NOUN [VERB]: the usage text of --help, squeezed
usage_of() {
	"$GRID" "$@" --help 2>/dev/null | sed -n '1,/^$/p' | sed '1s/^usage: //' | squeeze
}

# synopsis PAGE: the SYNOPSIS entries, one a line, squeezed
synopsis() {
	mandoc -Tascii "$1" | col -bx | awk '
		/^SYNOPSIS/ { on = 1; next }
		/^[A-Z]/ { if (on) exit }
		!on { next }
		/^     [^ ]/ { if (e != "") print e; e = $0; next }
		/^ *$/ { next }
		{ e = e " " $0 }
		END { if (e != "") print e }' | while IFS= read -r line; do
		printf '%s\n' "$line" | squeeze
		echo
	done
}

is_stub() {
	grep -q '^\.Nd to be written' "$1"
}

# ---- mandoc -Tlint on every page -----------------------------------------

for page in "$MAN"/*.[1-9]; do
	name=$(basename "$page")
	if [ "$have_mandoc" = 0 ]; then
		skip "mandoc is not installed ($name)"
		continue
	fi
	lint=$(mandoc -Tlint -Wwarning "$page" 2>&1)
	lst=$?
	is "$lst:$lint" "0:" "mandoc -Tlint -Wwarning $name is clean"
done

# Every command has a page, and the overview's SEE ALSO names every page.
for n in $nouns; do
	check "man/grid-$n.1 exists" test -f "$MAN/grid-$n.1"
done
for page in "$MAN"/grid-*.[1-9]; do
	name=$(basename "$page")
	sec=${name##*.}
	grep -q "^\.Xr ${name%.*} $sec" "$MAN/grid.1"
	_report $? "grid(1) SEE ALSO names ${name%.*}($sec)"
done
if [ "$have_mandoc" = 1 ]; then
	for v in GRID_DB GRID_ACTOR GRID_NOW GRID_BUSY_TIMEOUT TZ NO_COLOR; do
		like "$(mandoc -Tascii "$MAN/grid.1" | col -bx | sed -n '/^ENVIRONMENT/,/^FILES/p')" "^     $v" \
			"grid(1) ENVIRONMENT documents $v"
	done
	for s in 0 1 2 3 4 5 6 7 8; do
		like "$(mandoc -Tascii "$MAN/grid.1" | col -bx | sed -n '/^EXIT STATUS/,/^EXAMPLES/p')" "^     $s " \
			"grid(1) EXIT STATUS documents $s"
	done
fi

# ---- SYNOPSIS against the usage texts --------------------------------------

if [ "$have_mandoc" = 1 ]; then
	syn=$(synopsis "$MAN/grid.1")
	want=$("$GRID" --help | sed -n '1,/^$/p' | sed '1s/^usage: //' | sed 's/^ *//' | grep .)
	is "$syn" "$want" "grid(1) SYNOPSIS matches 'grid --help'"
fi

for n in $nouns; do
	page="$MAN/grid-$n.1"
	[ -f "$page" ] || continue
	vs=$(verbs "$n")
	if [ "$have_mandoc" = 0 ]; then
		skip "mandoc is not installed (grid-$n.1)"
		continue
	fi
	if is_stub "$page"; then
		skip "grid-$n(1) is still to be written"
		continue
	fi
	syn=$(synopsis "$page")
	usages=
	if [ -z "$vs" ]; then
		u=$(usage_of "$n")
		usages=$u
		printf '%s\n' "$syn" | grep -qxF -- "$u"
		_report $? "grid-$n(1) SYNOPSIS has the usage of 'grid $n'" "usage:    $u" "synopsis: $syn"
	else
		for v in $vs; do
			u=$(usage_of "$n" "$v")
			usages="$usages
$u"
			printf '%s\n' "$syn" | grep -qxF -- "$u"
			_report $? "grid-$n(1) SYNOPSIS has the usage of 'grid $n $v'" "usage:    $u" "synopsis: $syn"
		done
	fi
	# And nothing else: a SYNOPSIS entry no usage has is stale.
	stale=$(printf '%s\n' "$syn" | while IFS= read -r s; do
		[ -n "$s" ] || continue
		printf '%s\n' "$usages" | grep -qxF -- "$s" || printf '%s\n' "$s"
	done)
	is "$stale" "" "grid-$n(1) SYNOPSIS has no entry beyond the usage texts"
done

# ---- grid help -------------------------------------------------------------

for n in $nouns; do
	run help "$n"
	upper=$(printf '%s' "$n" | tr a-z A-Z)
	is "$status" 0 "grid help $n"
	like "$out" "GRID-$upper(\\(1\\)| 1)" "grid help $n shows grid-$n(1)"
done
run help
is "$status" 0 "grid help"
like "$(printf '%s\n' "$out" | head -3)" 'GRID(\(1\)| 1)' "grid help shows grid(1)"
if [ "$have_mandoc" = 1 ]; then
	like "$out" 'grid-based community management' "grid help renders the page"
	unlike "$out" "$(printf '\b')" "grid help writes plain text to a pipe (no overstriking)"
	unlike "$out" '^\.Sh' "grid help renders, not the source"
fi
run help yaml
is "$status" 0 "grid help yaml"
like "$out" 'GRID-YAML(\(5\)| 5)' "grid help yaml shows grid-yaml(5)"
run help metrics
is "$status" 0 "grid help metrics"
like "$out" 'GRID-METRICS(\(7\)| 7)' "grid help metrics shows grid-metrics(7)"
run help grid-issue
is "$status" 0 "grid help grid-issue is grid help issue"
like "$out" 'GRID-ISSUE' "grid help grid-issue shows grid-issue(1)"

run help nosuch
is "$status" 2 "grid help of an unknown command: exit 2"
one_error "grid help nosuch"
like "$err" "'nosuch'" "the message names the unknown command"
is "$out" "" "nothing on stdout for an unknown command"
run help init case
is "$status" 2 "grid help with two commands: exit 2"
run help "init; touch $T/pwned"
is "$status" 2 "grid help with shell syntax: exit 2"
check "grid help runs no shell over its argument" test ! -e "$T/pwned"
run help ../../etc/passwd
is "$status" 2 "grid help does not take a path"
run help --help
is "$status" 0 "grid help --help"
like "$out" '^usage: grid help \[COMMAND\]' "grid help --help prints the usage"

# No man, no mandoc on PATH: the page's source is printed.
mkdir -p "$T/nobin"
for tool in sed cat; do ln -s "$(command -v $tool)" "$T/nobin/$tool"; done
PATH="$T/nobin" "$GRID" help init >"$T/raw" 2>"$T/stderr"
is "$?" 0 "grid help without man or mandoc"
like "$(cat "$T/raw")" '^\.Dt GRID-INIT 1' "grid help without mandoc prints the page source"

# ---- grid completion bash --------------------------------------------------

run completion bash
is "$status" 0 "grid completion bash"
printf '%s\n' "$out" >"$T/completion.bash"
like "$out" 'complete -F _grid grid' "the script registers _grid for grid"
run completion
is "$status" 2 "grid completion without a shell: exit 2"
one_error "grid completion"
run completion zsh
is "$status" 2 "grid completion zsh: exit 2"
like "$err" "'zsh'" "the message names the shell"
run completion bash extra
is "$status" 2 "grid completion bash extra: exit 2"

if ! command -v bash >/dev/null 2>&1; then
	skip "bash is not installed"
else
	bash -n "$T/completion.bash"
	_report $? "the completion script is valid bash"
	# A grid on PATH, as the script calls `grid` for unit codes and ids.
	mkdir -p "$T/bin"
	ln -s "$GRID" "$T/bin/grid"

	# comp WORD...: the completions of the last word, sorted, one a line
	comp() {
		PATH="$T/bin:$PATH" bash -c '
			. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
			_grid grid "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$T/completion.bash" "$@" 2>"$T/comp.err"
	}

	got=$(comp grid '' | tr '\n' ' ')
	is "$got" "$(printf '%s\n' $nouns | sort | tr '\n' ' ')" "completion: the nouns"
	is "$(comp grid is)" "issue" "completion: a noun from its start"
	is "$(comp grid issue '' | tr '\n' ' ')" "add export import list show " "completion: the verbs of issue"
	is "$(comp grid --db "$T/x.db" cas | tr '\n' ' ')" "case " "completion: a noun after a global option"
	like "$(comp grid -)" '^--db$' "completion: global options before the noun"
	is "$(comp grid issue list --status r | tr '\n' ' ')" "rejected reported resolved " \
		"completion: --status values"
	is "$(comp grid report weekly --format '' | tr '\n' ' ')" "html json md text xlsx " \
		"completion: report formats"
	is "$(comp grid unit list --format '' | tr '\n' ' ')" "csv csv-excel json text tsv xlsx " "completion: list formats"
	is "$(comp grid import --format '' | tr '\n' ' ')" "csv json text tsv " "completion: import's counts: no xlsx"
	is "$(comp grid rank --b)" "--bom" "completion: --bom where a table is printed"
	is "$(comp grid export --format '' | tr '\n' ' ')" "json yaml " "completion: export formats"
	is "$(comp grid stats closure --by '' | tr '\n' ' ')" "category level unit " "completion: --by values"
	is "$(comp grid person list --role grid_ | tr '\n' ' ')" "grid_head grid_member " "completion: roles"
	is "$(comp grid issue add --title '')" "" "completion: nothing for free text"
	like "$(comp grid help '')" '^metrics$' "completion: grid help offers metrics"
	like "$(comp grid help '')" '^issue$' "completion: grid help offers the nouns"
	is "$(comp grid completion '')" "bash" "completion: grid completion bash"
	: >"$T/ledger.csv"
	is "$(comp grid issue import "$T/led")" "$T/ledger.csv" "completion: file names for a FILE argument"

	# Every option of every usage text is offered after its verb: the
	# words and options of every verb to one file, checked by one bash.
	: >"$T/verbs"
	for n in $nouns; do
		vs=$(verbs "$n")
		for v in ${vs:-.}; do
			[ "$v" = . ] && v=
			opts=$(usage_of "$n" $v | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ')
			printf '%s\t%s\n' "$n${v:+ $v}" "$opts" >>"$T/verbs"
		done
	done
	PATH="$T/bin:$PATH" bash -c '
		. "$1"
		while IFS="	" read -r words opts; do
			read -ra w <<<"grid $words --"
			COMP_WORDS=("${w[@]}"); COMP_CWORD=$((${#w[@]} - 1)); COMPREPLY=()
			_grid
			missing=
			for o in $opts; do
				case " ${COMPREPLY[*]} " in *" $o "*) ;; *) missing="$missing $o" ;; esac
			done
			printf "%s\t%s\n" "$words" "$missing"
		done <"$2"' sh "$T/completion.bash" "$T/verbs" >"$T/offered" 2>&1
	while IFS="	" read -r words missing; do
		is "$missing" "" "completion offers every option of 'grid $words'"
	done <"$T/offered"
	is "$(wc -l <"$T/offered")" "$(wc -l <"$T/verbs")" "completion: every verb was checked"

	# No database: unit codes complete to nothing, quietly.
	saved_db=$GRID_DB
	GRID_DB="$T/none/grid.db"
	export GRID_DB
	is "$(comp grid who '')" "" "completion without a database offers no unit"
	is "$(cat "$T/comp.err")" "" "completion without a database prints nothing on stderr"
	check "completion does not create a database" test ! -e "$T/none/grid.db"
	GRID_DB=$saved_db
	export GRID_DB
fi

# ---- a small roster, for completion and translations -----------------------

"$GRID" -q init >/dev/null 2>&1
cat >"$T/roster.yaml" <<'EOF'
version: 1
levels: [street, community]
units:
  - code: "410102001"
    name: 秦岭路街道
    level: street
    children:
      - {code: "410102001001", name: 社区一, level: community, households: 10}
      - {code: "410102001002", name: 社区二, level: community, households: 20}
people:
  - {id: P0001, name: 张伟, login: zhangwei, roles: [grid_head]}
EOF
if ! "$GRID" -q import "$T/roster.yaml" >/dev/null 2>&1; then
	# Until grid import exists, write the rows directly.
	db_sql "
		INSERT INTO level(depth, name) VALUES (0, 'street'), (1, 'community');
		INSERT INTO unit(id, code, name, depth, parent_id, households, lft, rgt) VALUES
			(1, '410102001', '秦岭路街道', 0, NULL, NULL, 1, 6),
			(2, '410102001001', '社区一', 1, 1, 10, 2, 3),
			(3, '410102001002', '社区二', 1, 1, 20, 4, 5);
		INSERT INTO person(pid, name, login, roles) VALUES ('P0001', '张伟', 'zhangwei', 1);" 2>/dev/null
fi
run unit list --format tsv
roster=0
[ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 4 ] && roster=1

if ! command -v bash >/dev/null 2>&1 || [ "$roster" = 0 ]; then
	skip "no roster or no bash for unit completion"
else
	is "$(comp grid who 4101020010 | tr '\n' ' ')" "410102001001 410102001002 " \
		"completion: unit codes from the database"
	is "$(comp grid issue list --unit '' | wc -l | tr -d ' ')" 3 "completion: --unit takes unit codes"
	is "$(comp grid --db "$GRID_DB" unit show 410102001 | wc -l | tr -d ' ')" 3 \
		"completion: --db on the command line is used"
	if "$GRID" person list --format tsv >/dev/null 2>&1; then
		is "$(comp grid issue add --reported-by P0)" "P0001" "completion: person ids from the database"
	else
		skip "grid person list is not built yet"
	fi
fi

# ---- translations ----------------------------------------------------------

# Every source file of the command is scanned for messages.
missing=
for f in "$SRCDIR"/cmd/*.c; do
	grep -qxF "cmd/$(basename "$f")" "$SRCDIR/po/POTFILES" || missing="$missing cmd/$(basename "$f")"
done
is "$missing" "" "po/POTFILES lists every cmd/*.c"
check "po/LINGUAS lists zh_CN" grep -qx zh_CN "$SRCDIR/po/LINGUAS"
check "the build made po/zh_CN/LC_MESSAGES/grid.mo" test -f "$GRID_LOCALEDIR/zh_CN/LC_MESSAGES/grid.mo"

zh_setup

if [ -z "$zh" ]; then
	skip "no zh_CN.UTF-8 locale and no localedef"
else
	zhrun --help
	is "$status" 0 "grid --help in Chinese"
	like "$out" '^命令：' "the overview is Chinese under LANG=zh_CN.UTF-8"
	like "$out" '^用法' "the usage line is Chinese"
	zhrun nosuch
	is "$status" 2 "an unknown command under zh_CN: still exit 2"
	like "$err" "^grid: 未知命令 'nosuch'" "the error message is Chinese"
	one_error "the Chinese error message"
	zhrun --db "$T/none/x.db" unit list
	is "$status" 8 "no database under zh_CN: still exit 8"
	zhrun help nosuch
	is "$status" 2 "grid help nosuch under zh_CN: exit 2"
	like "$err" "'nosuch'" "the Chinese message still names the command"
	if [ "$roster" = 1 ]; then
		run unit list --format csv
		c_csv=$out
		zhrun unit list --format csv
		is "$out" "$c_csv" "CSV, header included, is the same under zh_CN"
		run unit list --format tsv
		c_tsv=$out
		zhrun unit list --format tsv
		is "$out" "$c_tsv" "TSV is the same under zh_CN"
		run unit list --format json
		c_json=$out
		zhrun unit list --format json
		is "$out" "$c_json" "JSON keys are the same under zh_CN"
		zhrun unit list
		is "$status" 0 "grid unit list in Chinese"
		like "$(printf '%s\n' "$out" | head -1)" '编码' "text headers are Chinese under zh_CN"
		run unit list
		like "$(printf '%s\n' "$out" | head -1)" '^CODE' "text headers are English under C.UTF-8"
	else
		skip "no roster for the output checks under zh_CN"
	fi
fi

finish
