/* The small roster of the scratch database, written with SQL so that the
 * targets of the CSV importers do not depend on the YAML importer (which
 * has its own target).  The same roster as corpus/yaml/roster.yaml. */
#include <sqlite3.h>

#include "fuzz.h"

int fuzz_load_roster(const char *path);

static const char roster_sql[] =
	"BEGIN;"
	"INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');"
	"INSERT INTO department (id, code, name) VALUES (1,'D001','城市管理局');"
	"INSERT INTO category (id, code, name, deadline_hours, department_id) VALUES"
	" (1,'ILLEGAL_CONSTRUCTION','非法建设',72,1),(2,'WORK_SAFETY','安全生产',24,NULL),(3,'OTHER','其它',168,NULL);"
	"INSERT INTO unit (id, code, name, depth, parent_id, households, population, lft, rgt) VALUES"
	" (1,'410102','中原区',0,NULL,NULL,NULL,1,16),"
	" (2,'410102001','秦岭路街道',1,1,NULL,NULL,2,11),"
	" (3,'410102001001','社区一',2,2,2310,6920,3,8),"
	" (4,'410102001001001','一网格',3,3,560,NULL,4,5),"
	" (5,'410102001001002','二网格',3,3,540,NULL,6,7),"
	" (6,'410102001002','社区二',2,2,1200,NULL,9,10),"
	" (7,'410102002','桐柏路街道',1,1,NULL,NULL,12,15),"
	" (8,'410102002001','社区三',2,7,800,NULL,13,14);"
	"INSERT INTO person (pid, name, login, phone, roles, department_id) VALUES"
	" ('P0001','张伟','zhangwei','13800000001',4,NULL),"
	" ('P0002','李娜',NULL,NULL,16,1),"
	" ('P0003','王芳',NULL,NULL,10,NULL);"
	"INSERT INTO assignment (unit_id, person_id, duty) VALUES"
	" (3,(SELECT id FROM person WHERE pid='P0001'),'first_secretary'),"
	" (4,(SELECT id FROM person WHERE pid='P0003'),'grid_member'),"
	" (4,(SELECT id FROM person WHERE pid='P0002'),'sent_down');"
	"INSERT INTO setting (key, value) VALUES ('timezone','Asia/Shanghai');"
	"COMMIT;";

int fuzz_load_roster(const char *path)
{
	sqlite3 *sql = NULL;
	int rc = sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sql, roster_sql, NULL, NULL, NULL);
	sqlite3_close(sql);
	return rc == SQLITE_OK ? GRID_OK : GRID_EFAIL;
}
