/* libgrid: the yearly evaluation (年度考核) of grid-metrics(7): the teams
 * of the ranking level rated advanced (先进), the grid workers rated
 * excellent, pass or fail (优秀/合格/不合格), and the reserve cadres. */
#ifndef GRID_EVAL_H
#define GRID_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "stats.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct grid_eval_query {
	unsigned version;    /* GRID_EVAL_QUERY_VERSION */
	int year;            /* the calendar year, local time */
	int64_t now;         /* the as-of time: the year's end, or NOW when earlier */
	const char *unit;    /* scope: this unit and its descendants; NULL for every unit */
	int reserve;         /* 1: also rate the year before, for grid_eval_person.reserve */
} grid_eval_query;

#define GRID_EVAL_QUERY_VERSION 1
#define GRID_EVAL_QUERY_INIT { GRID_EVAL_QUERY_VERSION, 0, 0, NULL, 0 }

typedef enum grid_eval_rating {
	GRID_EVAL_NONE,      /* no component has data: not rated */
	GRID_EVAL_FAIL,      /* 不合格 */
	GRID_EVAL_PASS,      /* 合格 */
	GRID_EVAL_EXCELLENT, /* 优秀 */
} grid_eval_rating;

/* The English key of RATING: "excellent", "pass", "fail"; NULL for none. */
GRID_API const char *grid_eval_rating_name(grid_eval_rating rating);

/* A team: a unit of the ranking level, as grid_rank ranks it over the year. */
typedef struct grid_eval_team {
	grid_rank_row row;
	int advanced;        /* 1: rated 先进 */
} grid_eval_team;

/* A grid worker: a person with duty grid_head or grid_member on a unit in
 * scope.  M sums the case and visit counters of those units and holds the
 * person's own diary counters. */
typedef struct grid_eval_person {
	const char *id;
	const char *name;
	const char *const *units;   /* the units of those duties, by code */
	size_t nunits;
	int has_score;
	double score;               /* weighted mean in 0..1 */
	grid_measure m;
	grid_eval_rating rating;
	grid_eval_rating previous;  /* the year before, with query.reserve; else NONE */
	int reserve;                /* excellent this year and the year before */
} grid_eval_person;

/* The evaluation; everything belongs to it until grid_eval_free. */
typedef struct grid_eval {
	int year;
	grid_period period;
	const char *level;           /* the level of the teams (grid_rank_level) */
	int64_t top;                 /* setting eval.advanced.top, -1 when unset */
	double share;                /* setting eval.advanced.share, -1 when unset */
	int64_t advanced;            /* the number of teams rated advanced */
	double weights[5];           /* eval.person.weight.{closure,on_time,visits,diary,review} */
	double excellent, pass;      /* eval.person.excellent and eval.person.pass */
	grid_eval_team *teams;       /* in rank order */
	size_t nteams;
	grid_eval_person *people;    /* by id */
	size_t npeople;
} grid_eval;

/* Evaluate the year of QUERY into *out (free with grid_eval_free).  An
 * unknown unit or ranking level: GRID_ENOTFOUND; a malformed setting:
 * GRID_EINPUT; a year outside 1..9999: GRID_EUSAGE. */
GRID_API int grid_eval_build(grid_db *db, const grid_eval_query *query, grid_eval **out);

/* Free an evaluation of grid_eval_build; NULL is accepted. */
GRID_API void grid_eval_free(grid_eval *eval);

#ifdef __cplusplus
}
#endif
#endif
