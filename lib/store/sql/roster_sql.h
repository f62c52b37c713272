/* The roster's SQL that more than one file of lib/store/ uses: the
 * secondary indexes a load into an empty roster builds after its rows,
 * and the settings a roster file owns.  Both engines read it as it is. */
#ifndef GRID_STORE_ROSTER_SQL_H
#define GRID_STORE_ROSTER_SQL_H

/* The roster's secondary indexes, which an import into an empty roster
 * builds after the rows rather than row by row (the same text: the
 * SQLite schema keeps it). */
#define ROSTER_BULK_INDEXES \
	"CREATE INDEX unit_parent ON unit(parent_id);\n" \
	"CREATE INDEX unit_lft ON unit(lft);\n" \
	"CREATE INDEX unit_depth ON unit(depth);\n" \
	"CREATE INDEX assignment_person ON assignment(person_id);\n"

/* The settings a roster file owns, and no others: its import, --prune
 * and export touch only these. */
#define ROSTER_SETTINGS \
	"('timezone','ranking.level','ranking.weight.closure','ranking.weight.on_time','ranking.weight.visits'," \
	"'ranking.weight.diary','notice.office','notice.title','notice.issuer','notice.numbering'," \
	"'eval.advanced.top','eval.advanced.share','eval.person.weight.closure','eval.person.weight.on_time'," \
	"'eval.person.weight.visits','eval.person.weight.diary','eval.person.weight.review','eval.person.excellent'," \
	"'eval.person.pass','target.schedule')"

#endif
