#!/bin/sh
# grid open311: the GeoReport v2 services and requests documents, JSON and
# XML; the XML checked element by element against the specification's
# structure and against the JSON of the same command (Python's xml.etree).
. "$(dirname "$0")/lib.sh"

run init -q
is "$status" 0 "init"

cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [district, street, grid]
departments:
  - {code: D003, name: 应急管理局}
categories:
  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24, department: D003}
  - {code: OTHER, name: "其它 & <杂项>", deadline_hours: 120}
units:
  - code: "410102"
    name: 中原区
    level: district
    children:
      - code: "410102001"
        name: 韩寺镇
        level: street
        children:
          - {code: "410102001001", name: 龙源, level: grid}
people:
  - {id: P3, name: Staff, login: p3, roles: [dept_staff], department: D003}
YAML
run -q import "$T/roster.yaml"
is "$status" 0 "import the roster"
G=410102001001

# The structure of the specification: root, record and fields in order.
cat >"$T/check.py" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET

SPEC = {
    "services": ("services", "service", ["service_code", "service_name", "description", "metadata",
                                          "type", "keywords", "group"]),
    "requests": ("service_requests", "request", ["service_request_id", "status", "status_notes",
                 "service_name", "service_code", "description", "agency_responsible", "service_notice",
                 "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id",
                 "lat", "long", "media_url"]),
}
kind, xml_path, json_path = sys.argv[1:4]
root_name, record_name, fields = SPEC[kind]
root = ET.parse(xml_path).getroot()
docs = json.load(open(json_path, encoding="utf-8"))

def fail(msg):
    print(msg)
    sys.exit(1)

def text_of(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)

if root.tag != root_name:
    fail("root %s, not %s" % (root.tag, root_name))
if not isinstance(docs, list) or any(not isinstance(d, dict) for d in docs):
    fail("the JSON is not an array of objects")
records = list(root)
if len(records) != len(docs):
    fail("%d XML records, %d JSON objects" % (len(records), len(docs)))
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
for rec, doc in zip(records, docs):
    if rec.tag != record_name:
        fail("record %s, not %s" % (rec.tag, record_name))
    if (rec.text or "").strip():
        fail("text directly in <%s>" % record_name)
    names = [c.tag for c in rec]
    if names != fields:
        fail("XML fields %s" % names)
    if list(doc.keys()) != fields:
        fail("JSON keys %s" % list(doc.keys()))
    for c in rec:
        if len(c):
            fail("<%s> has children" % c.tag)
        x, j = c.text or "", doc[c.tag]
        if c.tag in ("lat", "long") and j is not None:
            if abs(float(x) - j) > 1e-9:
                fail("%s: XML %s, JSON %s" % (c.tag, x, j))
        elif x != text_of(j):
            fail("%s: XML %r, JSON %r" % (c.tag, x, j))
        if c.tag.endswith("_datetime") and x and not iso.match(x):
            fail("%s: %s is not ISO 8601 with an offset" % (c.tag, x))
print("ok")
PY

# both KIND ARGS...: the JSON and the XML of `open311 KIND ARGS`, checked
# against each other and the spec; the JSON in $T/KIND.json.
both() {
	kind=$1
	shift
	"$GRID" open311 "$kind" "$@" >"$T/$kind.json" 2>"$T/stderr" &&
		"$GRID" open311 "$kind" "$@" --format xml >"$T/$kind.xml" 2>"$T/stderr" &&
		python3 "$T/check.py" "$kind" "$T/$kind.xml" "$T/$kind.json"
}
# field KIND N KEY: the value of KEY of record N (0-based) of $T/KIND.json
field() {
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[int(sys.argv[2])][sys.argv[3]]; print("null" if v is None else v)' \
		"$T/$1.json" "$2" "$3"
}
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/$1.json"; }

# ---- services ------------------------------------------------------------------
check "services: XML and JSON agree with the spec's structure" both services
is "$(count services)" 2 "one service per category"
is "$(field services 0 service_code)" OTHER "services by code"
is "$(field services 0 service_name)" "其它 & <杂项>" "service_name: the category's name, escaped in XML"
is "$(field services 1 group)" 应急管理局 "group: the category's department"
is "$(field services 0 group)" null "group: empty without a department"
is "$(field services 0 metadata)" False "metadata false"
is "$(field services 0 type)" realtime "type realtime"
like "$(cat "$T/services.xml")" '^<\?xml version="1.0" encoding="UTF-8"\?>' "an XML declaration, UTF-8"

# ---- an empty document --------------------------------------------------------
check "requests with no cases: empty documents" both requests
is "$(cat "$T/requests.json")" "[]" "no cases: []"

# ---- a case in each state ---------------------------------------------------------
act() { run case "$@"; [ "$status" = 0 ] || echo "# case $*: $err"; }
r1=$("$GRID" issue add --unit $G --category OTHER --title 路灯不亮 --detail 三号门 --location 3号楼 --now 2026-11-01T09:00:00+08:00)
r2=$("$GRID" issue add --unit $G --category OTHER --title 井盖缺失 --now 2026-11-02T09:00:00+08:00)
r3=$("$GRID" issue add --unit $G --category WORK_SAFETY --title 消防通道 --now 2026-11-03T09:00:00+08:00)
r4=$("$GRID" issue add --unit $G --category OTHER --title 垃圾 --now 2026-11-04T09:00:00+08:00)
r5=$("$GRID" issue add --unit $G --category OTHER --title 噪音 --now 2026-11-05T09:00:00+08:00)
r6=$("$GRID" issue add --unit $G --category OTHER --title 重复 --now 2026-11-06T09:00:00+08:00)
act accept "$r2" --now 2026-11-02T10:00:00+08:00
act accept "$r3" --now 2026-11-03T10:00:00+08:00
act assign "$r3" --to D003 --now 2026-11-03T11:00:00+08:00
act accept "$r4" --now 2026-11-04T10:00:00+08:00
act assign "$r4" --to P3 --now 2026-11-04T10:30:00+08:00
act resolve "$r4" --now 2026-11-04T11:00:00+08:00
act accept "$r5" --now 2026-11-05T10:00:00+08:00
act assign "$r5" --to D003 --now 2026-11-05T10:30:00+08:00
act resolve "$r5" --now 2026-11-05T11:00:00+08:00
act close "$r5" --now 2026-11-05T12:00:00+08:00
act reject "$r6" --note 已有同一问题 --now 2026-11-06T10:00:00+08:00

export GRID_NOW=2026-11-10T09:00:00+08:00
check "requests: XML and JSON agree with the spec's structure" both requests
is "$(count requests)" 6 "every case is a request"
ids=$(python3 -c 'import json,sys; print(" ".join(str(r["service_request_id"]) for r in json.load(open(sys.argv[1]))))' "$T/requests.json")
is "$ids" "$r6 $r5 $r4 $r3 $r2 $r1" "newest first"
sts=$(python3 -c 'import json,sys; print(" ".join(r["status"] for r in json.load(open(sys.argv[1]))))' "$T/requests.json")
is "$sts" "closed closed open open open open" "rejected, closed: closed; resolved, assigned, accepted, reported: open"
is "$(field requests 0 status_notes)" 已有同一问题 "status_notes: the last event's note"
is "$(field requests 5 description)" "路灯不亮: 三号门" "description: title and detail"
is "$(field requests 4 description)" 井盖缺失 "description: the title alone without detail"
is "$(field requests 5 address)" 3号楼 "address: the case's location"
is "$(field requests 4 address)" null "address: empty without a location"
is "$(field requests 5 address_id)" $G "address_id: the unit where found"
is "$(field requests 3 service_code)" WORK_SAFETY "service_code: the category"
is "$(field requests 3 service_name)" 安全生产 "service_name: the category's name"
is "$(field requests 3 agency_responsible)" 龙源 "agency_responsible: the handling unit's name"
is "$(field requests 5 requested_datetime)" 2026-11-01T09:00:00+08:00 "requested_datetime: reported, with the offset"
is "$(field requests 2 updated_datetime)" 2026-11-04T11:00:00+08:00 "updated_datetime: the last event"
is "$(field requests 3 expected_datetime)" 2026-11-04T10:00:00+08:00 "expected_datetime: the due time"
is "$(field requests 5 expected_datetime)" null "expected_datetime: empty before accepted"
is "$(field requests 0 lat)" null "lat: empty without coordinates"
is "$(field requests 0 media_url)" null "media_url: empty"

# ---- filters ----------------------------------------------------------------------
check "--status open: agree" both requests --status open
is "$(count requests)" 4 "--status open: reported to resolved"
check "--status closed: agree" both requests --status closed
is "$(count requests)" 2 "--status closed: closed and rejected"
check "--since/--until: agree" both requests --since 2026-11-02T00:00:00+08:00 --until 2026-11-04T00:00:00+08:00
ids=$(python3 -c 'import json,sys; print(" ".join(str(r["service_request_id"]) for r in json.load(open(sys.argv[1]))))' "$T/requests.json")
is "$ids" "$r3 $r2" "--since inclusive, --until exclusive, on the reported time"
check "--status with a period: agree" both requests --status open --since 2026-11-04T00:00:00+08:00
is "$(count requests)" 1 "--status and --since together"

# ---- location: the case's, else its unit's -------------------------------------------
snap() { db_sql 'SELECT * FROM issue ORDER BY id; SELECT * FROM event ORDER BY id;' | md5sum; }
before=$(snap)
run issue add --unit $G --category OTHER --title x --lat abc --long 113.6
is "$status" 2 "a malformed --lat: exit 2"
one_error "malformed --lat"
like "$err" "--lat" "the message names --lat"
run issue add --unit $G --category OTHER --title x --lat 90.5 --long 113.6
is "$status" 3 "--lat beyond 90: exit 3"
one_error "--lat out of range"
like "$err" "90.5" "the message names the value"
run issue add --unit $G --category OTHER --title x --lat 34.7 --long -180.01
is "$status" 3 "--long beyond -180: exit 3"
like "$err" "longitude" "the message names the longitude"
run issue add --unit $G --category OTHER --title x --lat 34.7
is "$status" 2 "--lat without --long: exit 2"
one_error "--lat without --long"
run issue add --unit $G --category OTHER --title x --long 113.6
is "$status" 2 "--long without --lat: exit 2"
is "$(snap)" "$before" "refused positions wrote nothing"

export GRID_NOW=2026-11-11T09:00:00+08:00
run issue add --unit $G --category OTHER --title 占道 --lat 34.7466 --long 113.6253 --location 建设路口
is "$status" 0 "issue add --lat --long"
r7=$out
run issue show "$r7" --format json
like "$out" '"lat":34.7466,"long":113.6253' "issue show JSON: lat and long"
run issue list --format json --limit 1
like "$out" '"lat":34.7466,"long":113.6253' "issue list JSON: lat and long"
run issue show "$r1" --format json
like "$out" '"lat":null,"long":null' "issue show JSON: null without a position"
# The unit's place (the roster's lat, long and address) stands in for a
# case without its own.
sed 's/{code: "410102001001", name: 龙源, level: grid}/{code: "410102001001", name: 龙源, level: grid, lat: 34.75, long: 113.62, address: 中原区韩寺镇龙源}/' \
	"$T/roster.yaml" >"$T/roster-place.yaml"
run import "$T/roster-place.yaml"
is "$status" 0 "import a roster with a unit's lat, long and address"
like "$out" "units +0 added +1 updated" "the unit's place is an update"
run export
like "$out" "lat: 34.75" "export: the unit's lat"
like "$out" "address: 中原区韩寺镇龙源" "export: the unit's address"
printf '%s\n' "$out" >"$T/exported.yaml"
run import "$T/exported.yaml"
like "$out" "units +0 added +0 updated +3 unchanged" "the export imports back unchanged"
run export --format json
like "$out" '"lat": 34.75' "export --format json: the unit's lat"
run unit show 410102001001 --format json
like "$out" '"lat":34.75,"long":113.62,"address":"中原区韩寺镇龙源"' "unit show JSON: where the unit is"
run unit show 410102001001
like "$out" "ADDRESS: +中原区韩寺镇龙源" "unit show: its address"
run unit show 410102 --format json
like "$out" '"lat":null,"long":null,"address":null' "unit show JSON: null where the roster gives no place"
cat >"$T/bad-place.yaml" <<'YAML'
version: 1
levels: [district, street, grid]
units:
  - {code: "410102", name: 中原区, level: district, lat: 91, long: 113}
  - {code: "410103", name: 二七区, level: district, lat: 34.7}
  - {code: "410104", name: 管城区, level: district, lat: 34.7, long: east}
YAML
before=$(db_dump | md5sum)
run import "$T/bad-place.yaml"
is "$status" 3 "a unit's bad position: exit 3"
like "$err" "bad-place.yaml:4:.*'lat' must be a number of degrees from -90 to 90, not '91'" "lat out of range, with its line"
like "$err" "bad-place.yaml:5:.*both 'lat' and 'long'" "lat without long"
like "$err" "bad-place.yaml:6:.*'long' must be a number of degrees" "long not a number"
is "$(db_dump | md5sum)" "$before" "a refused roster wrote nothing"
check "requests with positions: agree" both requests --since 2026-11-01T00:00:00+08:00
is "$(field requests 0 lat)" 34.7466 "lat: the case's"
is "$(field requests 0 long)" 113.6253 "long: the case's"
is "$(field requests 0 address)" 建设路口 "address: the case's location"
is "$(field requests 1 lat)" 34.75 "lat: else the unit's"
is "$(field requests 1 long)" 113.62 "long: else the unit's"
is "$(field requests 1 address)" 中原区韩寺镇龙源 "address: else the unit's"
is "$(field requests 6 address)" 3号楼 "address: the case's location before the unit's"

# ---- the JSON-Lines export carries the position ---------------------------------------
"$GRID" issue export >"$T/export.jsonl"
pos=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["title"] == "占道": print(d["lat"], d["long"])' "$T/export.jsonl")
is "$pos" "34.7466 113.6253" "issue export: lat and long, exactly (17 digits)"

# ---- a database of schema 2 ----------------------------------------------------------
# Version 3 only added columns and version 4 tables: without them, and
# with the version put back, the database is as version 2 made it.
run verify
is "$status" 0 "verify before"
"$GRID" issue export >"$T/before.jsonl"
db_sql "ALTER TABLE issue DROP COLUMN lat; ALTER TABLE issue DROP COLUMN long;
ALTER TABLE unit DROP COLUMN lat; ALTER TABLE unit DROP COLUMN long; ALTER TABLE unit DROP COLUMN address;
DROP TABLE project_event; DROP TABLE project; DROP TABLE target_record; DROP TABLE target; DROP TABLE indicator;" >/dev/null
db_schema_version 2 >/dev/null
run open311 requests
is "$status" 8 "schema 2: exit 8 until upgraded"
like "$err" "grid init" "the message says to run grid init"
run init -q
is "$status" 0 "grid init upgrades schema 2"
is "$(db_schema_version)" 4 "now at schema 4, the newest"
run verify
is "$status" 0 "verify passes after the upgrade"
"$GRID" issue export | sed 's/"lat":null,"long":null/X/' >"$T/after.jsonl"
sed 's/"lat":[-0-9.e]*,"long":[-0-9.e]*/X/; s/"lat":null,"long":null/X/' "$T/before.jsonl" >"$T/before-x.jsonl"
check "the cases are kept, positions empty" cmp "$T/before-x.jsonl" "$T/after.jsonl"
run issue add --unit $G --category OTHER --title 新 --lat 1 --long 2
is "$status" 0 "a position after the upgrade"

# ---- errors ------------------------------------------------------------------------
run open311 requests --status resolved
is "$status" 2 "--status resolved: exit 2"
one_error "--status resolved"
like "$err" "status" "the message names --status"
is "$out" "" "nothing written on error"
run open311 requests --since yesterday
is "$status" 2 "malformed --since: exit 2"
is "$out" "" "nothing written on a bad --since"
run open311 services --format text
is "$status" 2 "--format text: exit 2"
run open311 services --format csv
is "$status" 2 "--format csv: exit 2"
run open311 services extra
is "$status" 2 "a stray argument: exit 2"

finish
