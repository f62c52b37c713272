#!/usr/bin/env python3
"""Print a month of household visits for the example street office as the
CSV of `grid visit import` (unit,household,by,at,note).  Deterministic:
the same arguments give the same bytes.  Used by `make demo`:

    python3 examples/visits.py examples/street.yaml 2026-10 | grid visit import -
"""
import datetime
import random
import re
import sys


def main():
    roster, month = sys.argv[1], sys.argv[2]
    text = open(roster, encoding="utf-8").read()
    year, mon = (int(x) for x in month.split("-"))
    rng = random.Random(month)
    grids = re.findall(r'code: "(\d+)", name: [^,]+, level: grid, households: (\d+)', text)
    members = {}
    for unit, person, duty in re.findall(r'\{unit: "(\d+)", person: (\w+), duty: (\w+)\}', text):
        if duty in ("grid_member", "grid_head"):
            members.setdefault(unit, []).append(person)
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(year, mon, 1, 9, 0, tzinfo=tz)
    out = sys.stdout
    out.write("unit,household,by,at,note\n")
    for unit, households in grids:
        households = int(households)
        share = rng.uniform(0.90, 1.0)   # the seed reports a 98% visit rate
        for k in sorted(rng.sample(range(households), int(households * share))):
            building, flat = divmod(k, 24)
            at = start + datetime.timedelta(days=rng.randrange(0, 28), minutes=rng.randrange(0, 480))
            out.write("%s,%d-%d-%02d,%s,%s,\n" % (unit, building + 1, flat // 4 + 1, flat % 4 + 1,
                                                 rng.choice(members[unit]), at.strftime("%Y-%m-%d %H:%M")))


if __name__ == "__main__":
    main()
