/* stats */
#include "internal.h"
