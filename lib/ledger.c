/* ledger */
#include "internal.h"
