"""print_check.py NOTICE.json PDF MIN MAX TOP BOTTOM: the printed notice (t_print.sh)
is A4 portrait, MIN to MAX pages, and its text (pdftotext -layout) holds
every row of the notice's tables as grid report --format json has them:
each category and unit by name, each ranking row on one line with its
rank, name, score and mark (TOP or BOTTOM, the words the notice's
language prints), each overdue case with its id and unit, and in the
yearly notice each advanced team and grid worker of the evaluation."""
import json
import re
import subprocess
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
pdf, lo, hi = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
problems = []

info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
if not size or round(float(size.group(1))) != 595 or round(float(size.group(2))) != 842:
    problems.append("page size is not A4 portrait (595 x 842 pt): %s" % (size.group(0) if size else "none"))
if not lo <= pages <= hi:
    problems.append("%d pages, expected %d to %d" % (pages, lo, hi))

text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
lines = text.splitlines()


def line_with(*parts):
    return any(all(p in line for p in parts) for line in lines)


marks = {"top": sys.argv[5], "bottom": sys.argv[6]}
for c in doc["categories"]:
    if not line_with(c["name"], "%d" % c["found"]):
        problems.append("category %s (%d found) is not in the PDF" % (c["name"], c["found"]))
for u in doc["units"]:
    if not line_with(u["name"]):
        problems.append("unit %s is not in the PDF" % u["name"])
for r in doc["ranking"]:
    score = "-" if r["score"] is None else "%.2f%%" % (r["score"] * 100)
    want = [" %d " % r["rank"], r["name"], score] + ([marks[r["mark"]]] if r["mark"] else [])
    if not line_with(*want):
        problems.append("ranking row %s is not on one line of the PDF" % want)
for o in doc["overdue"]:
    if not line_with("%d " % o["id"], o["unit_name"]):
        problems.append("overdue case %d at %s is not in the PDF" % (o["id"], o["unit_name"]))
if doc["overdue_more"] and not line_with("%d" % doc["overdue_more"]):
    problems.append("the count of overdue cases past the list is not in the PDF")
# The yearly notice's evaluation: each advanced team with its rank and
# score, each excellent grid worker and reserve cadre with the score.
e = doc.get("evaluation") or {}
pct = lambda x: "-" if x is None else "%.2f%%" % (x * 100)
for t in e.get("advanced_teams", []):
    if not line_with(" %d " % t["rank"], t["name"], pct(t["score"])):
        problems.append("advanced team %s is not on one line of the PDF" % t["name"])
for p in e.get("excellent_workers", []) + e.get("reserve_cadres", []):
    if not line_with(p["name"], pct(p["score"])):
        problems.append("grid worker %s is not on one line of the PDF" % p["name"])
for p in problems[:20]:
    print("# " + p)
sys.exit(1 if problems else 0)
