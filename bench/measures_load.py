#!/usr/bin/env python3
"""Load a gen_city.py roster (CSV tables) and cases CSV straight into a grid
database, for bench/measures.sh when `grid import` / `grid issue import`
are not available.  The history follows the cases engineer's contract:
report, accept (due = accepted + deadline), resolve and close events, each
with the due time in force after it.  Usage:
  measures_load.py DB CSV_DIR CASES.csv
"""
import csv
import datetime
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
d = sys.argv[2]
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")


def ts(s):
    return int(datetime.datetime.fromisoformat(s).timestamp()) if s else None


rows = list(csv.DictReader(open(d + "/grids.csv", encoding="utf-8")))
levels = []
for r in rows:
    if r["level"] not in levels:
        levels.append(r["level"])
db.executemany("INSERT INTO level VALUES (?,?)", list(enumerate(levels)))
cats = list(csv.DictReader(open(d + "/categories.csv", encoding="utf-8")))
db.executemany("INSERT INTO category (id, code, name, deadline_hours) VALUES (?,?,?,?)",
               [(i + 1, c["code"], c["name"], int(c["deadline_hours"])) for i, c in enumerate(cats)])
cat_id = {c["code"]: i + 1 for i, c in enumerate(cats)}
hours = {c["code"]: int(c["deadline_hours"]) for c in cats}
uid = {r["code"]: i + 1 for i, r in enumerate(rows)}
children = {}
for r in rows:
    children.setdefault(r["parent_code"], []).append(r["code"])
lr = {}
n = 0
stack = [(c, 0) for c in reversed(children.get("", []))]
while stack:
    code, state = stack.pop()
    if state == 0:
        n += 1
        lr[code] = [n, 0]
        stack.append((code, 1))
        stack.extend((c, 0) for c in reversed(children.get(code, [])))
    else:
        n += 1
        lr[code][1] = n
db.executemany("INSERT INTO unit (id, code, name, depth, parent_id, households, lft, rgt) VALUES (?,?,?,?,?,?,?,?)",
               [(uid[r["code"]], r["code"], r["name"], levels.index(r["level"]), uid.get(r["parent_code"]),
                 int(r["households"] or 0), lr[r["code"]][0], lr[r["code"]][1]) for r in rows])

issues, events = [], []
for i, c in enumerate(csv.DictReader(open(sys.argv[3], encoding="utf-8")), 1):
    u = uid[c["unit"]]
    rep, acc, res, clo = ts(c["reported_at"]), ts(c["accepted_at"]), ts(c["resolved_at"]), ts(c["closed_at"])
    due = acc + hours[c["category"]] * 3600 if acc else None
    issues.append((i, c["ref"], u, u, cat_id[c["category"]], c["title"], rep, c["status"], acc, due, res, clo))
    events.append((i, rep, "report", None, "reported", u, None))
    if c["status"] == "rejected":
        events.append((i, rep + 600, "reject", "reported", "rejected", u, None))
    if acc:
        events.append((i, acc, "accept", "reported", "accepted", u, due))
    if c["status"] == "assigned":
        events.append((i, acc + 60, "assign", "accepted", "assigned", u, due))
    if res:
        events.append((i, res, "resolve", "accepted", "resolved", u, due))
    if clo:
        events.append((i, clo, "close", "resolved", "closed", u, due))
db.executemany("INSERT INTO issue (id, ref, unit_id, handling_unit_id, category_id, title, reported_at, status,"
               " accepted_at, due_at, resolved_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", issues)
db.executemany("INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
               " VALUES (?,?,?,?,?,?,?)", events)
db.commit()
db.execute("ANALYZE")
db.commit()
