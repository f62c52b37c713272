/* export */
#include "internal.h"
