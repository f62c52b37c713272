/* The statuses, actions, roles, sections and tables libgrid names in
 * English identifiers, and the common duties, translated for the text a
 * person reads.  Each is looked up with its kind as the message context
 * (pgettext's "KIND\004WORD" key), so that "close" the action and any
 * other "close" of the catalogue keep apart. */
#include <string.h>

#include "i18n.h"
#include "words.h"

/* A catalogue key of context KIND and msgid WORD; xgettext reads W_ as
 * --keyword=W_:1c,2 (po/meson.build). */
#define W_(kind, word) kind "\004" word

static const char *const words[] = {
	W_("status", "reported"),
	W_("status", "accepted"),
	W_("status", "assigned"),
	W_("status", "resolved"),
	W_("status", "closed"),
	W_("status", "rejected"),
	W_("action", "report"),
	W_("action", "accept"),
	W_("action", "reject"),
	W_("action", "assign"),
	W_("action", "escalate"),
	W_("action", "resolve"),
	W_("action", "close"),
	W_("action", "reopen"),
	W_("action", "reclassify"),
	W_("role", "admin"),
	W_("role", "leader"),
	W_("role", "grid_head"),
	W_("role", "grid_member"),
	W_("role", "dept_staff"),
	W_("role", "viewer"),
	W_("role", "delegate"),
	W_("role", "system"),
	/* The roster's sections and the tables grid db copy counts.  Their
	 * Chinese names are all four characters, twelve bytes: printf pads
	 * by bytes, and the summary lines stay aligned. */
	W_("table", "levels"),
	W_("table", "departments"),
	W_("table", "categories"),
	W_("table", "units"),
	W_("table", "people"),
	W_("table", "assignments"),
	W_("table", "settings"),
	W_("table", "issues"),
	W_("table", "events"),
	W_("table", "visits"),
	W_("table", "diaries"),
	W_("table", "targets"),
	/* Duties are free text; these are the common ones grid-yaml(5) names. */
	W_("duty", "first_secretary"),
	W_("duty", "grid_head"),
	W_("duty", "grid_member"),
	W_("duty", "coordinator"),
	W_("duty", "mediator"),
	W_("duty", "sent_down"),
	W_("duty", "volunteer"),
	/* The ratings of the yearly evaluation (grid eval). */
	W_("rating", "advanced"),
	W_("rating", "excellent"),
	W_("rating", "pass"),
	W_("rating", "fail"),
};

const char *cli_word(const char *kind, const char *word)
{
	size_t n = strlen(kind), i;
	const char *key, *text;

	if (!word)
		return NULL;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		key = words[i];
		if (strncmp(key, kind, n) == 0 && key[n] == '\004' && strcmp(key + n + 1, word) == 0) {
			text = gettext(key);
			/* gettext hands the key back when there is no translation. */
			return text == key ? word : text;
		}
	}
	return word;
}
