#!/bin/sh
# grid project: key projects (重点项目) — the seed's fifteen and their
# counts in text, JSON and CSV, changes and milestones in an append-only
# history, the roster's --prune, and every error leaving the data as it was.
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2026-11-15T12:00
run init -q
is "$status" 0 "init"

cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [street, community]
units:
  - {code: "410102011", name: 桐柏路街道, level: street, children: [
      {code: "410102011001", name: 一社区, level: community},
      {code: "410102011002", name: 二社区, level: community}]}
people:
  - {id: P012, name: 王强, roles: [leader]}
  - {id: L2, name: 李娜, roles: [leader]}
  - {id: H1, name: 张伟, roles: [grid_head]}
  - {id: V1, name: 赵六, roles: [viewer]}
assignments:
  - {unit: "410102011001", person: H1, duty: grid_head}
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster imports"

# ---- the seed's fifteen ------------------------------------------------------------
# 2 city, 3 district, 10 street; 10 building, 5 planned; 13 of 1亿 and over
# (10,000 万元: S5 exactly, S9 just under), 7 of 10亿 and over (100,000 万元:
# D2 exactly).
U=410102011
C1=410102011001
add() {
	run project add "$@"
	is "$status:$out" "0:$1" "add $1"
}
add C1 --name 地铁5号线桐柏路站 --level city --stage building --investment 500000 --unit $U
add C2 --name 快速路改造 --level city --stage building --investment 250000
add FHRL4 --name 风和日丽四期 --level district --stage building --investment 110000 --unit $U --person P012 --note 开工
add D2 --name 桐柏路小学扩建 --level district --investment 100000
add D3 --name 区文化中心 --level district --stage building --investment 150000.5
add WHHY --name 望湖花园 --level street --stage building --investment 80000 --unit $C1 --person H1
add LDGC --name 乐丁广场 --level street --stage building --investment 30000 --unit $C1
add S3 --name 桐柏路综合体 --level street --stage building --investment 120000
add S4 --name 旧城改造一期 --level street --stage planned --investment 200000
add S5 --name 社区服务中心 --level street --stage building --investment 10000
add S6 --name 老旧小区改造 --level street --stage building --investment 50000
add S7 --name 农贸市场 --level street --stage building --investment 20000
add S8 --name 口袋公园 --level street --investment 15000
add S9 --name 停车场 --level street --investment 9999.9999
add S10 --name 背街小巷 --level street --investment 5000

SEED_EN='15 key projects: 2 city, 3 district, 10 street; 10 under construction, 5 planned; 13 of 100 million yuan and over, 7 of 1 billion yuan and over.'
SEED_ZH='共有重点项目15个，其中市重点项目2个、区重点项目3个、街道重点项目10个；在建项目10个，规划建设项目5个；超亿元项目13个，超10亿项目7个。'

run project list
is "$status" 0 "list"
is "$(printf '%s\n' "$out" | tail -n 1)" "$SEED_EN" "text: the counts as the seed's sentence"
is "$(printf '%s\n' "$out" | awk 'NR > 1 && NF { n++ } END { print n - 1 }')" 15 "text: fifteen rows"
is "$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $1 }')" C1 "text: city first"
like "$out" '^FHRL4 +风和日丽四期 +district +building +110000 +410102011 +P012' "text: a row"
like "$out" '^S9 .* 9999\.9999 ' "text: an amount as written"

run project list --format json
json_ok "$out" "JSON parses"
jq_is "$out" 'd["counts"]["total"]' 15 "JSON: total"
jq_is "$out" 'sorted(d["counts"]["level"].items())' "[('city', 2), ('district', 3), ('street', 10)]" "JSON: by level"
jq_is "$out" 'sorted(d["counts"]["stage"].items())' "[('building', 10), ('done', 0), ('planned', 5)]" "JSON: by stage"
jq_is "$out" '(d["counts"]["band_100m"], d["counts"]["band_1b"], d["counts"]["no_investment"])' "(13, 7, 0)" "JSON: the bands"
jq_is "$out" 'd["counts"]["investment"]' 1650000.4999 "JSON: the sum in 万元"
jq_is "$out" '[p["code"] for p in d["projects"]][:5]' "['C1', 'C2', 'D2', 'D3', 'FHRL4']" "JSON: city, district, street, each by code"
jq_is "$out" '[(p["investment"], p["unit"], p["person_name"]) for p in d["projects"] if p["code"] == "FHRL4"]' \
	"[(110000, '410102011', '王强')]" "JSON: a project's investment, unit and person"
jq_is "$out" 'sorted(d["projects"][0].keys())' \
	"['code', 'investment', 'level', 'milestone', 'milestone_date', 'name', 'person', 'person_name', 'stage', 'unit', 'unit_name']" \
	"JSON: the keys of a project"

run project list --format csv
is "$status" 0 "CSV"
is "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" "code,name,level,stage,investment,unit,unit_name,person,person_name,milestone,milestone_date" "CSV: the header"
csv_counts=$(printf '%s\n' "$out" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
inv = [float(r["investment"]) for r in rows]
lv = [r["level"] for r in rows]
st = [r["stage"] for r in rows]
print(len(rows), lv.count("city"), lv.count("district"), lv.count("street"), st.count("building"),
      st.count("planned"), sum(i >= 10000 for i in inv), sum(i >= 100000 for i in inv))')
is "$csv_counts" "15 2 3 10 10 5 13 7" "CSV: the seed's counts"
like "$out" '^S9,停车场,street,planned,9999\.9999,' "CSV: an amount as written"

run project list --format xlsx
is "$status" 0 "xlsx"

# ---- filters ------------------------------------------------------------------------
run project list --level city --format json
jq_is "$out" '([p["code"] for p in d["projects"]], d["counts"]["total"])' "(['C1', 'C2'], 2)" "--level city"
run project list --stage planned --format json
jq_is "$out" '[p["code"] for p in d["projects"]]' "['D2', 'S10', 'S4', 'S8', 'S9']" "--stage planned"
run project list --unit $C1 --format json
jq_is "$out" '[p["code"] for p in d["projects"]]' "['LDGC', 'WHHY']" "--unit: the community's"
run project list --unit $U --level district --format json
jq_is "$out" '[p["code"] for p in d["projects"]]' "['FHRL4']" "--unit: the street and below"
run project list --level city --stage planned
is "$(printf '%s\n' "$out" | tail -n 1)" "0 key projects." "text: none"

# ---- changes and milestones ---------------------------------------------------------
run --now 2026-11-16T09:00 project update FHRL4 --milestone 主体封顶 --date 2026-10-20
is "$status:$out" "0:FHRL4" "a milestone"
run --now 2026-11-17T09:00 project update FHRL4 --milestone 桩基完成 --date 2026-03-01
is "$status" 0 "an earlier milestone recorded later"
run --now 2026-11-18T09:00 --as P012 project update FHRL4 --stage done --investment 112000 --note 竣工验收
is "$status" 0 "a leader completes it"
run --now 2026-11-18T10:00 project update FHRL4 --stage done --investment 112000
is "$status:$out" "0:FHRL4" "no change: nothing to write"
is "$(db_sql "SELECT count(*) FROM project_event e JOIN project p ON p.id = e.project_id WHERE p.code = 'FHRL4'")" 4 \
	"no change writes no event"

run project show FHRL4 --format json
json_ok "$out" "show: JSON"
jq_is "$out" '[(e["kind"], e["stage"], e["investment"], e["date"], e["note"]) for e in d["history"]]' \
	"[('add', 'building', 110000, None, '开工'), ('milestone', None, None, '2026-10-20', '主体封顶'), ('milestone', None, None, '2026-03-01', '桩基完成'), ('update', 'done', 112000, None, '竣工验收')]" \
	"show: the history in order"
jq_is "$out" '([e["actor"] for e in d["history"]][-1], d["history"][-1]["recorded_by"] != None)' "('P012', True)" \
	"show: who, and the login that wrote it"
jq_is "$out" '(d["stage"], d["investment"], d["milestone"], d["milestone_date"])' "('done', 112000, '主体封顶', '2026-10-20')" \
	"show: the present state, the latest milestone by its date"
jq_is "$out" '(d["created_at"], d["changed_at"])' "('2026-11-15T12:00:00+08:00', '2026-11-18T09:00:00+08:00')" "show: created and changed"
run project show FHRL4
is "$status" 0 "show: text"
like "$out" "主体封顶" "show: text has the milestone"
is "$(printf '%s\n' "$out" | grep -cE '^2026-11-1[5-8] ')" 4 "show: text has the four events"

run project list --format json
jq_is "$out" '(d["counts"]["stage"]["done"], d["counts"]["stage"]["building"])' "(1, 9)" "the counts follow the change"
run project list --as-of 2026-11-17T12:00 --format json
jq_is "$out" '[(p["stage"], p["investment"], p["milestone"]) for p in d["projects"] if p["code"] == "FHRL4"]' \
	"[('building', 110000, '主体封顶')]" "--as-of: the stage and investment then"
run project list --as-of 2026-11-16T08:00 --format json
jq_is "$out" '[p["milestone"] for p in d["projects"] if p["code"] == "FHRL4"]' "[None]" "--as-of: no milestone yet"
run project list --as-of 2026-11-01 --format json
jq_is "$out" 'd["counts"]["total"]' 0 "--as-of: before they were added"

run --now 2026-11-18T11:00 project update S8 --stage building --name 口袋公园（一期） --unit $C1 --person L2
is "$status" 0 "several fields at once"
run project show S8 --format json
jq_is "$out" '(d["name"], d["stage"], d["unit"], d["person"], len(d["history"]))' "('口袋公园（一期）', 'building', '$C1', 'L2', 2)" \
	"several fields, one update event"
jq_is "$out" '[(e["name"], e["level"], e["unit"], e["person"]) for e in d["history"]]' \
	"[('口袋公园', 'street', None, None), ('口袋公园（一期）', 'street', '$C1', 'L2')]" \
	"each event keeps the whole state it left: the name, unit and person before and after"
run --now 2026-11-18T11:30 project update S8 --note 进场施工
is "$status" 0 "a note alone"
run project show S8 --format json
jq_is "$out" '(d["history"][-1]["kind"], d["history"][-1]["note"])' "('update', '进场施工')" "a note alone is an update event"
run --now 2026-11-18T12:00 project update FHRL4 --stage building --note 二期续建
is "$status" 0 "a stage may go back (done to building)"
run project show FHRL4 --format json
jq_is "$out" '[e["stage"] for e in d["history"] if e["kind"] != "milestone"]' "['building', 'done', 'building']" \
	"a stage gone back is recorded"

# The history is append-only: the database refuses to change or delete an event.
before=$(db_dump)
db_sql "UPDATE project_event SET note = 'forged'" >/dev/null 2>&1
check "UPDATE of project_event fails" test $? -ne 0
db_sql "DELETE FROM project_event" >/dev/null 2>&1
check "DELETE of project_event fails" test $? -ne 0
is "$(db_dump)" "$before" "the history is unchanged"

# ---- errors: one line, its status, nothing written -----------------------------------
before=$(db_dump)
fails() {
	want=$1
	what=$2
	shift 2
	run "$@"
	is "$status" "$want" "$what: exit $want"
	one_error "$what"
	is "$out" "" "$what: nothing on stdout"
}
fails 2 "unknown level" project add X1 --name 项目 --level province
like "$err" "--level .*city, district or street.*'province'" "unknown level: names the option and the values"
fails 2 "unknown stage" project update S9 --stage started
like "$err" "--stage .*planned, building or done.*'started'" "unknown stage: names the option and the values"
fails 2 "unknown level in list" project list --level province
for bad in 11亿 1,100 -5 1.23456 '' 1e5; do
	fails 2 "investment '$bad'" project add X1 --name 项目 --level street --investment "$bad"
	like "$err" "--investment .*'$bad'" "investment '$bad': names the option and the value"
done
fails 2 "missing --name" project add X1 --level street
fails 2 "missing --level" project add X1 --name 项目
fails 2 "nothing to change" project update S9
fails 2 "--date without --milestone" project update S9 --date 2026-11-01
fails 2 "a milestone on add" project add X1 --name 项目 --level street --milestone 开工
fails 2 "a malformed date" project update S9 --milestone 开工 --date 2026-13-01
fails 2 "a malformed time" project update S9 --note x --at yesterday
fails 3 "an empty name" project add X1 --name '' --level street
fails 3 "a name too long" project add X1 --name "$(printf '%0201d' 0)" --level street
fails 3 "a time in the future" project update S9 --note x --at 2026-12-01
fails 3 "a milestone date in the future" project update S9 --milestone 开工 --date 2026-11-16
fails 4 "unknown unit" project add X1 --name 项目 --level street --unit 999
like "$err" "unknown unit '999'" "unknown unit: named"
fails 4 "unknown person" project update S9 --person NOBODY
like "$err" "unknown person 'NOBODY'" "unknown person: named"
fails 4 "unknown project" project update NOPE --stage done
like "$err" "unknown key project 'NOPE'" "unknown project: named"
fails 4 "unknown project shown" project show NOPE
fails 4 "unknown unit in list" project list --unit 999
fails 5 "a code taken" project add FHRL4 --name 重复 --level street
like "$err" "key project 'FHRL4' already exists" "a code taken: named"
fails 5 "a time before the last event" --now 2026-11-20 project update FHRL4 --note x --at 2026-11-18T11:59
fails 6 "a viewer" --as V1 project add X1 --name 项目 --level street
fails 6 "a grid head" --as H1 project update S9 --stage building
is "$(db_dump)" "$before" "the errors wrote nothing"

# ---- the roster's --prune -----------------------------------------------------------
# A project's unit is kept; so is the person of a project not completed.
cat >"$T/no_c1.yaml" <<'YAML'
version: 1
levels: [street, community]
units:
  - {code: "410102011", name: 桐柏路街道, level: street, children: [
      {code: "410102011002", name: 二社区, level: community}]}
people:
  - {id: P012, name: 王强, roles: [leader]}
  - {id: L2, name: 李娜, roles: [leader]}
  - {id: H1, name: 张伟, roles: [grid_head]}
  - {id: V1, name: 赵六, roles: [viewer]}
YAML
before=$(db_dump)
run import --prune "$T/no_c1.yaml"
is "$status" 5 "prune: a project's unit is refused"
one_error "prune: a project's unit"
like "$err" "unit '$C1'.*key project 'LDGC'" "prune: names the unit and the project"
is "$(db_dump)" "$before" "prune: a refusal changes nothing"

sed '/id: H1/d' "$T/roster.yaml" | sed '/person: H1/d; /^assignments:/d' >"$T/no_h1.yaml"
run import --prune "$T/no_h1.yaml"
is "$status" 5 "prune: the person of a project under construction is refused"
one_error "prune: a project's person"
like "$err" "person 'H1'.*key project 'WHHY'" "prune: names the person and the project"
is "$(db_dump)" "$before" "prune: a refusal changes nothing (person)"

run --now 2026-11-19T09:00 project update WHHY --stage done
is "$status" 0 "WHHY completed"
run import -q --prune "$T/no_h1.yaml"
is "$status" 0 "prune: the person of a completed project may go"
run project show WHHY --format json
jq_is "$out" '(d["person"], d["person_name"])' "('H1', None)" "a completed project keeps the id of its person gone"

# ---- zh_CN ---------------------------------------------------------------------------
if zh_locale; then
	zhrun project list
	is "$(printf '%s\n' "$out" | tail -n 1)" \
		'共有重点项目15个，其中市重点项目2个、区重点项目3个、街道重点项目10个；在建项目10个，规划建设项目4个，竣工项目1个；超亿元项目13个，超10亿项目7个。' \
		"zh_CN: the counts as the notice says them"
	like "$out" '^C1 +地铁5号线桐柏路站 +市重点 +在建 +500000' "zh_CN: level and stage in Chinese"
	like "$out" "^编码 +名称 +层级 +阶段 +总投资（万元）" "zh_CN: the header"
	zhrun project show FHRL4
	like "$out" "登记" "zh_CN: show: the add event"
	like "$out" "节点 .*主体封顶" "zh_CN: show: a milestone"
	zhrun project list --format json
	jq_is "$out" '(d["projects"][0]["level"], d["projects"][0]["stage"])' "('city', 'building')" "zh_CN: JSON keeps the English keys"
	zhrun project add X1 --name 项目 --level province
	is "$status" 2 "zh_CN: an unknown level"
	like "$err" "^grid: project add: --level 须为" "zh_CN: the error in Chinese"
	# Back to the seed's stages: its sentence word for word.
	run --now 2026-11-19T10:00 project update S8 --stage planned
	run --now 2026-11-19T10:00 project update WHHY --stage building
	zhrun project list
	is "$(printf '%s\n' "$out" | tail -n 1)" "$SEED_ZH" "zh_CN: the seed's sentence"
else
	skip "no zh_CN.UTF-8 locale"
fi

# ---- the largest investments ------------------------------------------------------
# Ten trillion 万元 is the most an amount may be; two of them still sum.
run --now 2026-11-20T10:00 project add BIG1 --name 大项目一 --level city --investment 10000000000000
is "$status" 0 "the largest investment"
run --now 2026-11-20T10:00 project add BIG2 --name 大项目二 --level city --investment 10000000000000
run project list --format json
is "$status" 0 "a list holding two of them"
jq_is "$out" "d['counts']['investment'] >= 20000000000000" True "their total"
run --now 2026-11-20T10:00 project add BIG3 --name 大项目三 --level city --investment 10000000000000.5
is "$status" 2 "one more than the largest: exit 2"
like "$err" "from 0 to 10000000000000" "the message says the largest"

finish
