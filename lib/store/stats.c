/* Storage of the measures: the queries behind stats, rank and reports. */
#include "sqlite.h"
