/* import_yaml */
#include "internal.h"
