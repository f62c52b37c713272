/* issue */
#include "internal.h"
