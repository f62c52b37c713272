/* Message translation for the grid command (gettext). */
#ifndef GRID_I18N_H
#define GRID_I18N_H

#include <libintl.h>

/* Translate a message now. */
#define _(s) gettext(s)
/* Mark a string for translation where it is defined; translate at use. */
#define N_(s) (s)

#endif
