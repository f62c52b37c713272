#!/bin/sh
# The README's crontab, run as cron runs it: its lines are read from the
# README itself (so the documented lines are the tested ones), the paths
# moved into the test's folder, and each job run under cron's environment
# (env -i, PATH=/usr/bin:/bin, no profile) by /bin/sh.
. "$(dirname "$0")/lib.sh"

run init -q
is "$status" 0 "init"
street_yaml >"$T/street.yaml"
run -q import "$T/street.yaml"
is "$status" 0 "a street roster"
G=$("$GRID" unit list --format json | python3 -c 'import json, sys; print([u["code"] for u in json.load(sys.stdin) if u["level"] == "grid"][0])')
ago=$(date -d '3 days ago' +%Y-%m-%dT%H:%M)
run issue add --unit "$G" --category WORK_SAFETY --title 违规动火 --accept --now "$ago" --at "$ago"
is "$status" 0 "a case accepted three days ago with a day to act: past its due time now"

# The crontab of README.md's "From cron": its GRID_DB line and job lines.
tab=$(awk '/crontab -u gridcron -e/ { on = 1; next } on && /^$/ { exit } on' "$SRCDIR/README.md")
jobs=$(printf '%s\n' "$tab" | sed -n 's/^    \([0-9*][^ ]* \+[^ ]\+ \+[^ ]\+ \+[^ ]\+ \+[^ ]\+\) \+//p')
is "$(printf '%s\n' "$jobs" | grep -c .)" 5 "the README's crontab has five jobs"
like "$tab" '^    GRID_DB=' "the crontab sets GRID_DB"

# cron_run DB: each job with the paths of the test, under cron's environment.
mkdir -p "$T/srv/backup" "$T/log"
cron_run() {
	printf '%s\n' "$jobs" | while IFS= read -r job; do
		job=$(printf '%s\n' "$job" | sed -e "s#/usr/local/bin/grid#$GRID#g" -e "s#/srv/grid#$T/srv#g" \
			-e "s#/var/log/grid#$T/log#g" -e 's#\\%#%#g')
		env -i SHELL=/bin/sh PATH=/usr/bin:/bin HOME="$T" LOGNAME="$(id -un)" GRID_DB="$1" \
			LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" /bin/sh -c "$job" >>"$T/cron.out" 2>>"$T/cron.err"
	done
}

cron_run "$GRID_DB"
# The files' names as the jobs' date(1) makes them: in the machine's zone.
cdate() { env -i PATH=/usr/bin:/bin date "$@"; }
week=$(cdate -d yesterday +%G-W%V) month=$(cdate -d yesterday +%Y-%m) day=$(cdate +%F)
check "the weekly ranking is in the file named after yesterday's ISO week" test -s "$T/srv/rank-$week.csv"
check "last month's notice is in the file named after it" test -s "$T/srv/notice-$month.html"
year=$(($(cdate +%Y) - 1))
check "last year's notice is in the file named after it" grep -q "$year" "$T/srv/notice-$year.html"
is "$(find "$T/srv" -name '*.tmp' -o -name '.grid-backup-*' | wc -l)" 0 "no temporary file is left"
check "the sweep appended the escalated case to its log" grep -q "	$G	" "$T/log/sweep.tsv"
check "the nightly backup is in the file named after the day" test -s "$T/srv/backup/grid-$day.db"
is "$(sqlite3 "$T/srv/backup/grid-$day.db" 'SELECT count(*) FROM issue')" 1 "and holds the case"
is "$(grep -c '^id' "$T/log/sweep.tsv")" 0 "the log holds no heading row"
is "$(cat "$T/cron.out" "$T/cron.err")" "" "cron mails nothing: no output from a good run"

# Again, right away: nothing is past due now, so the log does not grow.
rm "$T/srv/backup"/*
lines=$(wc -l <"$T/log/sweep.tsv")
cron_run "$GRID_DB"
is "$(wc -l <"$T/log/sweep.tsv")" "$lines" "an empty sweep adds nothing to the log"
is "$(cat "$T/cron.out" "$T/cron.err")" "" "and says nothing under -q"

# A job that fails leaves no file behind, and cron mails its error.
rm -f "$T/srv"/* "$T/srv/backup"/* 2>/dev/null
case $ENGINE in
sqlite) bad="$T/no-such.db" ;;
pg) bad="$(pg_conninfo no_such_database_for_cron)" ;;
esac
cron_run "$bad"
is "$(find "$T/srv" -type f | wc -l)" 0 "failed jobs leave no file, empty or temporary"
like "$(cat "$T/cron.err")" '^grid: ' "their errors are grid's one-line messages, for cron to mail"

finish
