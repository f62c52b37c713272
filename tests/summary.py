#!/usr/bin/env python3
"""Print one closing line over meson test logs: 'tests: N passed, N failed, N skipped'.

Counts TAP subtests where a test reports them, whole tests otherwise.
Usage: summary.py BUILDDIR [BUILDDIR...]; exit 1 when anything failed.
"""
import json
import os
import re
import sys

passed = failed = skipped = 0
for build in sys.argv[1:]:
    path = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(path):
        continue
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            t = json.loads(line)
            out = t.get("stdout") or ""
            oks = len(re.findall(r"^ok \d+", out, re.M))
            skips = len(re.findall(r"^ok \d+.*# SKIP", out, re.M | re.I))
            nots = len(re.findall(r"^not ok \d+", out, re.M))
            # TAP: a "not ok ... # TODO" is a known failure, not a failure.
            todos = len(re.findall(r"^not ok \d+.*# TODO", out, re.M | re.I))
            nots -= todos
            skips += todos
            oks += todos
            if oks or nots:
                passed += oks - skips
                skipped += skips
                failed += nots
                # A crash or a bad plan fails the test even when its lines passed.
                if t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and not nots:
                    failed += 1
            elif t.get("result") == "OK":
                passed += 1
            elif t.get("result") in ("SKIP", "EXPECTEDFAIL"):
                skipped += 1
            else:
                failed += 1
print("tests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
