/* field */
#include "internal.h"
