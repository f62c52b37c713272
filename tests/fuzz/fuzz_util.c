/* The scratch database and small helpers of the fuzz targets. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char dir[256];
static char db_path[320];
static grid_db *db;
static uint8_t *pristine; /* the database file right after setup */
static size_t pristine_size;

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void make_dir(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "%s/grid-fuzz-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail("cannot make a scratch folder");
}

const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	static char file[400];
	FILE *f;

	make_dir();
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (!(f = fopen(file, "wb")) || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		fuzz_fail("cannot write '%s'", file);
	return file;
}

/* A district with two streets, three communities, grids, a department,
 * categories and people: enough for every reference an importer checks. */
static const char roster_yaml[] =
	"version: 1\n"
	"levels: [district, street, community, grid]\n"
	"departments:\n"
	"  - {code: D001, name: 城市管理局}\n"
	"categories:\n"
	"  - {code: ILLEGAL_CONSTRUCTION, name: 非法建设, deadline_hours: 72, department: D001}\n"
	"  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24}\n"
	"  - {code: OTHER, name: 其它, deadline_hours: 168}\n"
	"units:\n"
	"  - code: \"410102\"\n"
	"    name: 中原区\n"
	"    level: district\n"
	"    children:\n"
	"      - code: \"410102001\"\n"
	"        name: 秦岭路街道\n"
	"        level: street\n"
	"        children:\n"
	"          - {code: \"410102001001\", name: 社区一, level: community, households: 2310, population: 6920,\n"
	"             children: [{code: \"410102001001001\", name: 一网格, level: grid, households: 560},\n"
	"                        {code: \"410102001001002\", name: 二网格, level: grid, households: 540}]}\n"
	"          - {code: \"410102001002\", name: 社区二, level: community, households: 1200}\n"
	"      - {code: \"410102002\", name: 桐柏路街道, level: street}\n"
	"      - {code: \"410102002001\", name: 社区三, level: community, parent: \"410102002\", households: 800}\n"
	"people:\n"
	"  - {id: P0001, name: 张伟, login: zhangwei, phone: \"13800000001\", roles: [grid_head]}\n"
	"  - {id: P0002, name: 李娜, roles: [dept_staff], department: D001}\n"
	"  - {id: P0003, name: 王芳, roles: [grid_member, leader]}\n"
	"assignments:\n"
	"  - {unit: \"410102001001\", person: P0001, duty: first_secretary}\n"
	"  - {unit: \"410102001001001\", person: P0003, duty: grid_member}\n"
	"  - {unit: \"410102001001001\", person: P0002, duty: sent_down}\n"
	"settings:\n"
	"  timezone: Asia/Shanghai\n";

/* Loads roster_yaml through the importer (fuzz_roster.c). */
int fuzz_load_roster(grid_db *d, const char *path);

static void open_db(void)
{
	if (grid_db_open(&db, db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE) != GRID_OK ||
	    grid_db_set_actor(db, "fuzzer") != GRID_OK)
		fuzz_fail("cannot open the scratch database: %s", grid_errmsg());
	grid_db_set_now(db, 1795000000); /* 2026-11-18, a fixed clock: runs repeat */
	grid_db_set_busy_timeout(db, 100);
}

static void remove_sidecars(void)
{
	char side[340];

	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
}

grid_db *fuzz_db(void)
{
	int created = 0;
	FILE *f;
	const char *roster;

	if (db)
		return db;
	setenv("TZ", "Asia/Shanghai", 1);
	make_dir();
	snprintf(db_path, sizeof(db_path), "%s/fuzz.db", dir);
	if (grid_db_open(&db, db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE) != GRID_OK ||
	    grid_db_ensure_admin(db, "fuzzer", &created) != GRID_OK || grid_db_set_actor(db, "fuzzer") != GRID_OK)
		fuzz_fail("cannot create the scratch database: %s", grid_errmsg());
	roster = fuzz_write_file("roster.yaml", (const uint8_t *)roster_yaml, sizeof(roster_yaml) - 1);
	if (fuzz_load_roster(db, roster) != GRID_OK)
		fuzz_fail("cannot load the fuzz roster: %s", grid_errmsg());
	/* Closing checkpoints the WAL, so the main file alone is the state. */
	grid_db_close(db);
	db = NULL;
	if (!(f = fopen(db_path, "rb")) || fseek(f, 0, SEEK_END) != 0)
		fuzz_fail("cannot read back the scratch database");
	pristine_size = (size_t)ftell(f);
	rewind(f);
	if (!(pristine = malloc(pristine_size)) || fread(pristine, 1, pristine_size, f) != pristine_size)
		fuzz_fail("cannot read back the scratch database");
	fclose(f);
	open_db();
	return db;
}

void fuzz_db_reset(void)
{
	FILE *f;

	if (!db)
		return;
	grid_db_close(db);
	db = NULL;
	remove_sidecars();
	if (!(f = fopen(db_path, "wb")) || fwrite(pristine, 1, pristine_size, f) != pristine_size || fclose(f) != 0)
		fuzz_fail("cannot restore the scratch database");
	open_db();
}

void fuzz_teardown(void)
{
	char path[400];

	grid_db_close(db);
	db = NULL;
	free(pristine);
	pristine = NULL;
	if (!dir[0])
		return;
	if (db_path[0]) {
		unlink(db_path);
		remove_sidecars();
	}
	snprintf(path, sizeof(path), "%s/roster.yaml", dir);
	unlink(path);
	/* Targets write their inputs under these names. */
	snprintf(path, sizeof(path), "%s/input", dir);
	unlink(path);
	rmdir(dir);
	dir[0] = '\0';
}
