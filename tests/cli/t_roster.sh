#!/bin/sh
# Shell-level tests: the roster — import, export, unit, person, who.
. "$(dirname "$0")/lib.sh"

# counts OUT SECTION: "added updated unchanged removed" from import --format json
counts() {
	printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin)['$2']; print(d['added'], d['updated'], d['unchanged'], d['removed'])" 2>&1
}

# snapshot: the whole roster, to check that a failed import wrote nothing
snapshot() {
	"$GRID" export >"$T/snap.$1" 2>/dev/null
}

run init
is "$status" 0 "init"

# ---- the street roster of the public generator ------------------------------

street_yaml >"$T/street.yaml"
run import "$T/street.yaml" --format json
is "$status" 0 "import the generated street roster"
is "$(counts "$out" units)" "57 0 0 0" "57 units added"
is "$(counts "$out" people)" "150 0 0 0" "150 people added"
run import "$T/street.yaml"
is "$status" 0 "import it again"
like "$out" '^units +0 added +0 updated +57 unchanged +0 removed$' "text counts: all units unchanged"
unlike "$out" ' [1-9][0-9]* (added|updated|removed)' "nothing added, updated or removed the second time"
run -q import "$T/street.yaml"
is "$status:$out$err" "0:" "-q: the import's summary is not printed"
run -q import "$T/street.yaml" --format csv
like "$out" '^units,0,0,57,0$' "-q with a format asked for: the counts are printed"

run unit list --format json
jq_is "$out" 'len(d)' 57 "unit list: 57 units"
jq_is "$out" 'sorted(d[0])' "['code', 'households', 'level', 'name', 'parent', 'population']" "unit list JSON keys"

run person list --format json
jq_is "$out" 'sorted(d[0])' "['department', 'id', 'login', 'name', 'phone', 'roles']" "person list JSON keys"
jq_is "$out" 'type(d[0]["roles"]).__name__' list "roles is a JSON list"
run person list --role grid_head --format json
jq_is "$out" 'all("grid_head" in p["roles"] for p in d) and len(d) > 0' True "person list --role keeps grid heads only"
run person list --role chief
is "$status" 2 "person list --role with an unknown role: exit 2"
run person list --unit 410102001001 --format json
jq_is "$out" 'len(d) > 0' True "person list --unit: people assigned there or below"

grid=$("$GRID" unit list --level grid --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')
run who "$grid" --format json
is "$status" 0 "who on a grid"
jq_is "$out" 'sorted(d[0])' "['department', 'duty', 'level', 'name', 'person', 'unit']" "who JSON keys"
jq_is "$out" 'd[0]["unit"] == "'"$grid"'" and d[-1]["level"] == "district"' True "who: nearest first, up to the top"
jq_is "$out" '[r["level"] for r in d] == sorted([r["level"] for r in d], key=["grid","community","street","district"].index)' True "who: levels in order from the unit up"
run who 410102999
is "$status" 4 "who on an unknown unit: exit 4"
one_error "who on an unknown unit"

run unit show "$grid" --format json
jq_is "$out" '(d["level"], d["children"], d["assignments"] > 0)' "('grid', 0, True)" "unit show: level, children, assignments"
run unit show 410102001 --format json
jq_is "$out" '(d["parent"], d["children"])' "('410102', 11)" "unit show: a street with 11 communities"
run unit show 410102999
is "$status" 4 "unit show on an unknown unit: exit 4"
ngrids=$(grep -c 'code: "410102001001[0-9][0-9][0-9]"' "$T/street.yaml")
run unit tree 410102001001 --format json
jq_is "$out" '(d["code"], len(d["children"]), d["children"][0]["children"])' "('410102001001', $ngrids, [])" "unit tree: nested objects with children"
run unit tree
like "$out" '^  410102001  ' "unit tree text: indented by depth"
run person show P000005 --format json
jq_is "$out" '(d["id"], len(d["assignments"]) > 0)' "('P000005', True)" "person show: the person with assignments"
run person show P999999
is "$status" 4 "person show on an unknown person: exit 4"

# ---- export ------------------------------------------------------------------

run export
is "$status" 0 "export"
printf '%s\n' "$out" >"$T/export1.yaml"
like "$out" '^  - code: "410102001"|^- code: "410102"' "digit-only codes are quoted"
run import "$T/export1.yaml" --format json
nassign=$(grep -c '^  - {unit: ' "$T/street.yaml")
is "$(counts "$out" units) $(counts "$out" assignments)" "0 0 57 0 0 0 $nassign 0" "export then import changes nothing"
fresh=$(db_new fresh)
GRID_DB=$fresh "$GRID" init >/dev/null 2>&1
GRID_DB=$fresh "$GRID" import "$T/export1.yaml" >/dev/null 2>&1
GRID_DB=$fresh "$GRID" export >"$T/export2.yaml" 2>/dev/null
check "export, import into a fresh database, export: identical bytes" cmp "$T/export1.yaml" "$T/export2.yaml"
run export --format json
json_ok "$out" "export --format json"
jq_is "$out" '(d["units"][0]["code"], d["settings"]["ranking"]["weights"]["closure"])' "('410102', 0.4)" "export JSON: the same structure"
run export --format csv
is "$status" 2 "export --format csv: exit 2"

# ---- bad input -----------------------------------------------------------------

snapshot before
bad() { # NAME TEXT: write $T/NAME.yaml and import it
	printf '%s' "$2" >"$T/$1.yaml"
	run import "$T/$1.yaml"
}
bad unknown 'version: 1
departments:
  - {code: D1, name: x, colour: red}
'
is "$status" 3 "unknown key: exit 3"
like "$err" "^grid: .*unknown\.yaml:3:25: unknown key 'colour'" "unknown key: FILE:LINE:COLUMN"
one_error "unknown key"
bad number 'units:
  - {code: 410102, name: x, level: district}
'
is "$status" 3 "a bare number where a code goes: exit 3"
like "$err" "number\.yaml:2:12: 'code' must be a string" "bare number: line and column"
bad dup 'departments:
  - {code: D1, name: a}
  - {code: D1, name: b}
'
like "$err" "dup\.yaml:3:12: duplicate department code 'D1' \(first at line 2\)" "duplicate code, with the first line"
bad ref 'people:
  - {id: X1, name: a, department: NOPE}
assignments:
  - {unit: "410102", person: X9, duty: volunteer}
'
like "$err" "ref\.yaml:2:35: unknown department 'NOPE'" "unknown department reference"
like "$err" "ref\.yaml:4:30: unknown person 'X9'" "unknown person reference"
is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 2 "both problems listed, one line each"
bad level 'units:
  - code: "9"
    name: top
    level: district
    children:
      - {code: "91", name: c, level: community}
'
is "$status" 3 "a level that skips one: exit 3"
like "$err" "level\.yaml:6:38: level 'community' of unit '91' is not the one right below" "level order"
bad toplevel 'units:
  - {code: "8", name: x, level: street}
'
like "$err" "toplevel\.yaml:2:33: unit '8' has no parent, so its level must be the top level 'district'" "a unit without parent is at the top level"
bad flat 'units:
  - {code: "71", name: c, level: street, parent: "7"}
  - {code: "7", name: p, level: district}
  - {code: "72", name: d, level: street, parent: "70"}
'
like "$err" "flat\.yaml:4:50: unknown parent unit '70'" "flat units: parent defined later is fine, an unknown one is not"
is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1 "flat units: one problem"
bad alias 'departments:
  - &d {code: D7, name: x}
  - *d
'
is "$status" 3 "anchors and aliases: exit 3"
like "$err" "alias\.yaml:2:5: anchors \(&d\) are not allowed" "anchor refused"
like "$err" "alias\.yaml:3:5: aliases \(\*d\) are not allowed" "alias refused"
bad merge 'people:
  - {<<: {id: Z}, name: x}
'
like "$err" "merge\.yaml:2:6: merge keys \(<<\) are not allowed" "merge key refused"
bad types 'categories:
  - {code: C1, name: x, deadline_hours: 0}
  - {code: C2, name: x, deadline_hours: "24"}
units:
  - {code: "6", name: x, level: district, households: -1}
people:
  - {id: P1, name: x, roles: [mayor]}
settings:
  ranking: {weights: {closure: 1.5}}
'
like "$err" "types\.yaml:2:41: 'deadline_hours' must be a whole number from 1 to 100000" "deadline_hours positive"
like "$err" "types\.yaml:3:41: 'deadline_hours' must be a whole number, not a quoted string" "deadline_hours a number"
like "$err" "types\.yaml:5:55: 'households' must be a whole number from 0 to" "households non-negative"
like "$err" "types\.yaml:7:31: unknown role 'mayor'" "roles are known role names"
like "$err" "types\.yaml:9:32: weight 'closure' must be a number from 0 to 1" "weights in [0,1]"
bad long "departments:
  - {code: D9, name: $(python3 -c 'print("长" * 201)')}
"
like "$err" "long\.yaml:2:22: 'name' is longer than 200 characters" "text limits"
bad version 'version: 2
'
like "$err" "version\.yaml:1:10: unsupported version '2'" "version must be 1"
bad syntax 'units: [
'
is "$status" 3 "YAML syntax error: exit 3"
like "$err" "syntax\.yaml:2:1: " "syntax error with its place"
printf 'departments:\n  - {code: D1, name: "\377"}\n' >"$T/utf8.yaml"
run import "$T/utf8.yaml"
is "$status" 3 "invalid UTF-8: exit 3"
python3 -c 'print("people:"); [print("  - {id: Q%d, name: x, roles: [nope]}" % i) for i in range(30)]' >"$T/many.yaml"
run import "$T/many.yaml"
is "$status" 3 "many problems: exit 3"
is "$(printf '%s\n' "$err" | grep -c 'unknown role')" 20 "at most 20 problems listed"
printf 'departments:\n  - {code: D1, name: x, bad: 1}\n' | "$GRID" import - >"$T/stdout" 2>"$T/stderr"
status=$?
err=$(cat "$T/stderr")
like "$err" "^grid: <stdin>:2:25: unknown key 'bad'" "standard input is named <stdin>"
snapshot after
check "failed imports left the database as it was" cmp "$T/snap.before" "$T/snap.after"

# ---- permissions, dry run, prune -------------------------------------------------

run import --as P000005 "$T/street.yaml"
is "$status" 6 "import as a grid head: exit 6"
run import --as P000005 "$T/no-such-file.yaml"
is "$status" 6 "the role is checked before the file is read"
run import "$T/no-such-file.yaml"
is "$status" 4 "a missing file: exit 4"

cat >"$T/more.yaml" <<'YAML'
units:
  - {code: "410102001001099", name: 新网格, level: grid, parent: "410102001001", households: 10}
YAML
run import --dry-run "$T/more.yaml" --format json
is "$(counts "$out" units)" "1 0 0 0" "dry run prints the counts"
run unit show 410102001001099
is "$status" 4 "dry run wrote nothing"
run import "$T/more.yaml"
run unit show 410102001001099 --format json
jq_is "$out" 'd["parent"]' 410102001001 "a flat unit under an existing parent"

# prune: the street file does not name the new grid nor the OS user
run import --prune "$T/street.yaml" --format json
is "$status" 0 "import --prune"
is "$(counts "$out" units)" "0 0 57 1" "prune removed the unit the file does not name"
like "$err" "kept person 'root'|kept person '$(id -un)'" "the acting person is kept, with a line on stderr"
run person show "$(id -un)"
is "$status" 0 "the acting person is still there"

run import "$T/more.yaml"
db_sql "INSERT INTO issue(unit_id, handling_unit_id, category_id, title, reported_at, status)
	SELECT u.id, u.id, (SELECT min(id) FROM category), 't', 0, 'reported' FROM unit u WHERE u.code = '410102001001099'"
snapshot before
run import --prune "$T/street.yaml"
is "$status" 5 "prune a unit that has issues: exit 5"
like "$err" "unit '410102001001099'" "the refusal names the unit"
one_error "prune refused"
snapshot after
check "refused prune left the database as it was" cmp "$T/snap.before" "$T/snap.after"

# ---- the example roster and a district ----------------------------------------------

example=$(db_new example)
GRID_DB=$example "$GRID" init >/dev/null 2>&1
GRID_DB=$example "$GRID" import --format json "$SRCDIR/examples/street.yaml" >"$T/stdout" 2>"$T/stderr"
is "$?" 0 "examples/street.yaml imports cleanly"
is "$(counts "$(cat "$T/stdout")" units)" "57 0 0 0" "the example has 1 + 1 + 11 + 44 units"

gen --scale district >"$T/district.yaml"
district=$(db_new district)
GRID_DB=$district "$GRID" init >/dev/null 2>&1
GRID_DB=$district "$GRID" import --format json "$T/district.yaml" >"$T/stdout" 2>"$T/stderr"
is "$?" 0 "a district-scale roster imports"
jq_is "$(cat "$T/stdout")" 'd["units"]["added"] > 500' True "district: hundreds of units"

# Into an empty roster a file is written straight in; a pipe, which cannot be
# read twice, goes the staged way: the same roster either way.
piped=$(db_new piped)
GRID_DB=$piped "$GRID" init >/dev/null 2>&1
GRID_DB=$piped "$GRID" import --format json - <"$T/district.yaml" >"$T/stdout.piped" 2>"$T/stderr"
is "$?" 0 "the district through a pipe"
check "the same counts from a file and from a pipe" cmp "$T/stdout" "$T/stdout.piped"
GRID_DB=$district "$GRID" export >"$T/export.file" 2>/dev/null
GRID_DB=$piped "$GRID" export >"$T/export.piped" 2>/dev/null
check "the same roster from a file and from a pipe" cmp "$T/export.file" "$T/export.piped"

# A problem far down the file, after thousands of rows already written: all
# rolled back, and reported at its place.
line=$(grep -n '^assignments:' "$T/district.yaml" | cut -d: -f1)
sed "${line}a\\
  - {unit: \"410102\", person: NOBODY, duty: x}" "$T/district.yaml" >"$T/district-bad.yaml"
GRID_DB=$fresh "$GRID" init >/dev/null 2>&1
GRID_DB=$fresh "$GRID" export >"$T/snap.fresh-before" 2>/dev/null
GRID_DB=$fresh "$GRID" import "$T/district-bad.yaml" >"$T/stdout" 2>"$T/stderr"
is "$?" 3 "an unknown person after the units and people: exit 3"
like "$(cat "$T/stderr")" "^grid: $T/district-bad.yaml:$((line + 1)):30: unknown person 'NOBODY'\$" "the problem at its line and column"
GRID_DB=$fresh "$GRID" export >"$T/snap.fresh-after" 2>/dev/null
check "the refused import wrote nothing" cmp "$T/snap.fresh-before" "$T/snap.fresh-after"


# ---- QA: who handles an open case stays; counted cascades; logins; time zones ----

export GRID_DB="$(db_new qa)"
me=$(id -un)
"$GRID" init >/dev/null 2>&1
cat >"$T/qa.yaml" <<'YAML'
levels: [district, grid]
categories:
  - {code: WS, name: 安全, deadline_hours: 24}
departments:
  - {code: D1, name: 城管局}
  - {code: D2, name: 环保局}
units:
  - {code: "1", name: 区, level: district, children: [{code: "11", name: 网格一, level: grid}, {code: "12", name: 网格二, level: grid}]}
people:
  - {id: A1, name: 管理员, login: a1, roles: [admin]}
  - {id: M1, name: 网格员, login: m1, roles: [grid_member]}
  - {id: S1, name: 下沉, roles: [dept_staff], department: D1}
assignments:
  - {unit: "11", person: M1, duty: grid_member}
  - {unit: "11", person: S1, duty: sent_down}
  - {unit: "12", person: M1, duty: grid_member}
YAML
"$GRID" -q import "$T/qa.yaml" >/dev/null 2>&1
i=$("$GRID" issue add --unit 11 --category WS --title t --accept 2>/dev/null)
"$GRID" -q case assign "$i" --to-person S1 >/dev/null 2>&1
j=$("$GRID" issue add --unit 11 --category WS --title u --accept 2>/dev/null)
"$GRID" -q case assign "$j" --to-dept D1 >/dev/null 2>&1
printf 'people:\n  - {id: A1, name: 管理员, login: a1, roles: [admin]}\n  - {id: M1, name: 网格员, login: m1, roles: [grid_member]}\n' >"$T/qa-people.yaml"
snapshot before
run import --prune "$T/qa-people.yaml"
is "$status" 5 "prune the handler of an open case: exit 5"
is "$err" "grid: cannot remove person 'S1': they handle open issue $i (assigned); keep them in the file until it is closed or assigned elsewhere" "the refusal names the person and the case"
printf 'departments:\n  - {code: D2, name: 环保局}\n' >"$T/qa-dept.yaml"
run import --prune "$T/qa-dept.yaml"
is "$status" 5 "prune a department that handles an open case: exit 5"
like "$err" "^grid: cannot remove department 'D1': it handles open issue $j \(assigned\)" "the refusal names the department and the case"
one_error "prune of a department refused"
snapshot after
check "refused prunes left the roster as it was" cmp "$T/snap.before" "$T/snap.after"
run issue show "$i" --format json
jq_is "$out" 'd["handler"]' S1 "the case still has its handler"

for k in "$i" "$j"; do
	"$GRID" -q --as S1 case resolve "$k" >/dev/null 2>&1
	"$GRID" -q case close "$k" >/dev/null 2>&1
done
run import --prune "$T/qa-people.yaml"
is "$status" 0 "once the cases are closed, the person may go"
like "$out" '^people +0 added +0 updated +2 unchanged +1 removed$' "one person removed"
like "$out" '^assignments +0 added +0 updated +0 unchanged +1 removed$' "their assignment is counted, though the file has no assignments"
run person show S1
is "$status" 4 "S1 is gone"
run issue show "$i" --format json
jq_is "$out" 'd["handler"]' S1 "the closed case keeps the id in its history"
printf 'units:\n  - {code: "1", name: 区, level: district, children: [{code: "11", name: 网格一, level: grid}]}\n' >"$T/qa-units.yaml"
run import --prune "$T/qa-units.yaml" --format json
is "$status" 0 "prune a unit"
is "$(counts "$out" units) $(counts "$out" assignments)" "0 0 2 1 0 0 0 1" "the unit's assignment is counted with it"
run import --prune "$T/qa-units.yaml"
unlike "$out" '^assignments' "nothing removed: no assignments line"

# A login another person holds: placed, not a raw constraint.
printf 'people:\n  - {id: A2, name: x, login: %s}\n' "$me" >"$T/qa-login.yaml"
snapshot before
run import "$T/qa-login.yaml"
is "$status" 3 "a login held by another person: exit 3"
is "$err" "grid: $T/qa-login.yaml:2:30: login '$me' is already used by person '$me'" "the login clash at its line and column"
# Two people swap their logins in one import.
printf 'people:\n  - {id: A1, name: 管理员, login: m1, roles: [admin]}\n  - {id: M1, name: 网格员, login: a1, roles: [grid_member]}\n' >"$T/qa-swap.yaml"
run import "$T/qa-swap.yaml"
is "$status" 0 "two people swap their logins"
like "$out" '^people +0 added +2 updated +0 unchanged +0 removed$' "both counted as updated"
run person list --format csv
like "$out" '^A1,管理员,m1,' "A1 has M1's login"
like "$out" '^M1,网格员,a1,' "M1 has A1's login"

# The same into an empty roster: the fast way (a file) and the staged way (a pipe).
export GRID_DB="$(db_new qa_empty)"
"$GRID" init >/dev/null 2>&1
printf 'levels: [district]\nunits:\n  - {code: "1", name: 区, level: district}\npeople:\n  - {id: A2, name: x, login: %s}\n' "$me" >"$T/qa-login2.yaml"
snapshot before
run import "$T/qa-login2.yaml"
is "$status" 3 "empty roster, a file: the login clash is exit 3"
is "$err" "grid: $T/qa-login2.yaml:5:30: login '$me' is already used by person '$me'" "empty roster, a file: placed"
run_in "$T/qa-login2.yaml" import -
is "$err" "grid: <stdin>:5:30: login '$me' is already used by person '$me'" "empty roster, a pipe: the same"
snapshot after
check "the login clash wrote nothing" cmp "$T/snap.before" "$T/snap.after"

# Time zones: a zone file (TZif) of the time zone database, or UTC.
printf 'levels: [district]\nsettings:\n  timezone: Mars/Olympus\n' >"$T/qa-tz.yaml"
run import "$T/qa-tz.yaml"
is "$status" 3 "an unknown time zone: exit 3"
like "$err" "^grid: $T/qa-tz.yaml:3:13: unknown time zone 'Mars/Olympus'" "the unknown zone at its line and column"
run_in "$T/qa-tz.yaml" import -
like "$err" "^grid: <stdin>:3:13: unknown time zone 'Mars/Olympus'" "the same through a pipe"
snapshot after
check "an unknown zone wrote nothing" cmp "$T/snap.before" "$T/snap.after"
printf 'settings: {timezone: UTC}\n' >"$T/qa-utc.yaml"
run import "$T/qa-utc.yaml"
is "$status" 0 "UTC is a zone"
mkdir -p "$T/zi/Mars"
printf 'TZif2 and the rest' >"$T/zi/Mars/Olympus"
printf 'not a zone' >"$T/zi/Mars/Phobos"
TZDIR="$T/zi" "$GRID" import "$T/qa-tz.yaml" >/dev/null 2>&1
is "$?" 0 "a TZif file under \$TZDIR is a zone"
sed 's/Olympus/Phobos/' "$T/qa-tz.yaml" >"$T/qa-tz2.yaml"
TZDIR="$T/zi" "$GRID" import "$T/qa-tz2.yaml" >/dev/null 2>"$T/stderr"
is "$?" 3 "a file that is not TZif is no zone"

finish
