/* The machine's words a person reads: case statuses, event actions, roles,
 * the roster's sections and the database's tables, the common duties. */
#ifndef GRID_CMD_WORDS_H
#define GRID_CMD_WORDS_H

/* WORD of KIND ("status", "action", "role", "table", "duty", "rating",
 * "project_level", "project_stage" or "project_event") in the
 * reader's language, for text output; WORD itself when it is none of
 * KIND's (data, such as a duty of the roster's own, stays as written).
 * JSON, CSV and TSV keep WORD: scripts and imports read the English
 * identifiers. */
const char *cli_word(const char *kind, const char *word);

#endif
