#!/bin/sh
# grid backup and grid restore (grid-backup(1)): a consistent copy taken
# while four writers go on, private and whole or absent; restores that
# refuse to replace data, forged backups and bad names.
. "$(dirname "$0")/lib.sh"

run init -q
street_yaml >"$T/street.yaml"
run -q import "$T/street.yaml"
is "$status" 0 "a street roster"
G=$("$GRID" unit list --format json | python3 -c 'import json, sys; print([u["code"] for u in json.load(sys.stdin) if u["level"] == "grid"][0])')

# ---- a backup while four writers add cases ---------------------------------------
writer() { # N: 40 adds, the id of each that committed into $T/ids.N
	for k in $(seq 1 40); do
		"$GRID" issue add --unit "$G" --category OTHER --title "w$1-$k" >>"$T/ids.$1" 2>>"$T/writers.err"
	done
}
for w in 1 2 3 4; do : >"$T/ids.$w"; writer $w & done
# The backup starts once the writers are under way: wait for ten ids.
while [ "$(cat "$T"/ids.* | wc -l)" -lt 10 ]; do sleep 0.05; done
run backup "$T/during.db"
wait
is "$status" 0 "grid backup while four writers run: exit 0"
is "$err" "grid: backed up $GRID_DB into $T/during.db" "it says what it copied where"
is "$(cat "$T"/ids.* | wc -l)" 160 "every writer's add committed"
is "$(stat -c %a "$T/during.db")" 600 "the backup is private: 0600"
is "$(sqlite3 "$T/during.db" 'PRAGMA integrity_check')" ok "the backup passes integrity_check"
sort -n "$T"/ids.* >"$T/committed"
sqlite3 "$T/during.db" 'SELECT id FROM issue ORDER BY id' >"$T/backed"
n=$(wc -l <"$T/backed")
echo "# the backup holds $n of the 160 cases"
check "the backup holds the cases committed before it began" test "$n" -ge 10
is "$(cat "$T/backed")" "$(awk -v last="$(tail -n 1 "$T/backed")" '$1 <= last' "$T/committed")" \
	"the backup holds a prefix of the committed ids, with no gap"
run --db "$T/during.db" verify
is "$status" 0 "the backup's history verifies"
is "$(ls -a "$T" | grep -c '^\.grid-backup-')" 0 "no staging folder is left beside it"

# ---- what a backup refuses -------------------------------------------------------
run backup "$T/during.db"
is "$status" 5 "an existing backup file: exit 5"
is "$err" "grid: backup file '$T/during.db' exists already (use --force to replace it)" \
	"the message names the file and the option"
run backup "$T/during.db" --force
is "$status" 0 "--force replaces it"
is "$(sqlite3 "$T/during.db" 'SELECT count(*) FROM issue')" 160 "with every case now"
case $ENGINE in
sqlite)
	run backup "$GRID_DB"
	is "$status" 2 "the database itself as the backup file: exit 2"
	one_error "backup onto the database"
	;;
esac
run backup "$T/no/such/folder/b.db"
is "$status" 4 "a backup into a missing folder: exit 4"
check "and nothing is written" test ! -e "$T/no"
run backup "$T"
is "$status" 2 "a folder as the backup file: exit 2"
run backup
is "$status" 2 "no file named: exit 2"
run backup --help
is "$status:$err" "0:" "backup --help: the usage, exit 0, nothing else done"
run restore --help
is "$status:$err" "0:" "restore --help: the usage, exit 0, nothing else done"

# ---- restore -----------------------------------------------------------------------
before=$(db_dump)
run restore "$T/during.db"
is "$status" 5 "a restore over a database with cases: exit 5"
one_error "restore over data"
is "$(db_dump)" "$before" "the database is left as it was"
run --db "$T/new.db" restore "$T/during.db"
is "$status" 0 "a restore into a new file: exit 0"
is "$(stat -c %a "$T/new.db")" 600 "the new database is private"
run --db "$T/new.db" report monthly --format json
a=$out
run --db "$T/during.db" report monthly --format json
is "$a" "$out" "the restored database reports as the backup does"

# Over the data, with --force: the database becomes the backup's again.
run issue add --unit "$G" --category OTHER --title "after the backup"
late=$out
case $ENGINE in
sqlite)
	run restore "$T/during.db" --force
	is "$status" 0 "restore --force over a database file: exit 0"
	run issue show "$late"
	is "$status" 4 "the case added after the backup is gone"
	is "$(sqlite3 "$GRID_DB" 'PRAGMA journal_mode')" wal "the database keeps its write-ahead log"
	run verify
	is "$status" 0 "and its history verifies"
	;;
pg)
	run restore "$T/during.db" --force
	is "$status" 5 "a server's database is never replaced, even with --force: exit 5"
	unlike "$err" "--force" "the message does not offer --force"
	run --db "$(pg_db_new restored)" restore "$T/during.db"
	is "$status" 0 "a restore into a new database on the server"
	;;
esac

# A backup whose history was changed is refused, DEST untouched.
cp "$T/during.db" "$T/forged.db"
e=$(sqlite3 "$T/forged.db" "SELECT max(id) FROM event")
sqlite3 "$T/forged.db" "DROP TRIGGER event_no_update; UPDATE event SET note = 'forged' WHERE id = $e"
run --db "$T/new.db" restore "$T/forged.db" --force
is "$status" 3 "a forged backup: exit 3"
like "$err" "does not verify .*event $e was changed" "the message names the changed event"
run --db "$T/fresh.db" restore "$T/forged.db"
is "$status" 3 "into a new file too"
check "which is not made" test ! -e "$T/fresh.db"
run restore "$T/missing.db"
is "$status" 4 "a missing backup: exit 4"
printf 'not a database\n' >"$T/junk.db"
run --db "$T/new2.db" restore "$T/junk.db"
check "a file that is no database is refused" test "$status" -ne 0
one_error "restore of junk"

finish
