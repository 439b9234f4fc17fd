/* grid — the axes of a sweep: `--grid PATH=VALUES`, one scenario field and the values it takes.
 *
 * VALUES is a comma-separated list of items; an item is a value as `--set` takes it (JSON when it
 * parses as JSON, else a string; `{"put":1}`, `[1,2]` and `"a,b"` keep their commas) or
 * range(FROM,TO,STEP): FROM, FROM+STEP, ... up to TO, TO included when it falls on the step
 * (range(1000,20000,1000) is 1000, 2000, ..., 20000; range(0,1,0.3) is 0, 0.3, 0.6, 0.9). STEP must
 * be > 0, and FROM <= TO. Items may be mixed: `500,range(1000,4000,1000),8000`. Space around an
 * item is ignored. Range values are written as integers when FROM, STEP and TO are integers,
 * else with up to 15 significant digits (0.1+0.2 is written 0.3).
 *
 * The path is not checked here (it is a scenario field when the scenario parses with it: see
 * sim/runs/sweep.h). Errors are one line naming the option: "--grid table.wcu=range(1,5,0): STEP must
 * be > 0 (got 0)".
 */
#ifndef DDB_GRID_H
#define DDB_GRID_H

#include <stddef.h>

#define DDB_GRID_MAX_VALUES 100000u /* per axis */

typedef struct ddb_grid_axis {
    char *path;       /* the scenario field, as --set names it: "workload.rate.rps" (owned) */
    char **values;    /* n_values texts, each as --set takes a VALUE (owned) */
    size_t n_values;  /* >= 1 */
} ddb_grid_axis;

/* Parse "PATH=VALUES". Returns 0, or -1 with one line in err and *out zeroed (nothing to destroy).
 * Errors: no '=' or an empty PATH, no values, an empty item, unbalanced brackets or quotes, a
 * malformed range (not three numbers, STEP <= 0, FROM > TO), more than DDB_GRID_MAX_VALUES values. */
int ddb_grid_axis_parse(ddb_grid_axis *out, const char *arg, char *err, size_t errlen);
void ddb_grid_axis_destroy(ddb_grid_axis *a);

/* The number of points of the cross product of the axes (1 for no axes), or 0 when it exceeds
 * limit. */
size_t ddb_grid_points(const ddb_grid_axis *axes, size_t n_axes, size_t limit);
/* The value index on each axis of point p (0 <= p < ddb_grid_points): the first axis varies
 * slowest, the last fastest. */
void ddb_grid_point(const ddb_grid_axis *axes, size_t n_axes, size_t p, size_t *value_index);

#endif
