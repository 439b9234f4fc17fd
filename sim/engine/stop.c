/* stop — a run that stops once its verdict is certain: `plan` asks only whether a capacity keeps
 * the throttle rate at or under its target, and a run that throttles through hours of a day can
 * stop as soon as no remaining traffic could bring its rate back under. See engine_int.h.
 *
 * The bound: the rate at the end is the throttles over the attempts, and throttles only grow. The
 * attempts still to come are at most every logical request still to come in that direction and
 * every one in flight, each making client.retry.max_attempts attempts; the requests still to come
 * are the rate profile's integral over the rest of the run, a Poisson count, taken at 7 standard
 * deviations over its mean (plus 16). When the throttles so far exceed the target times the
 * attempts so far plus that bound, the rate ends over the target whatever happens next. Only
 * open-loop runs of single-item operations bound their attempts so (a batch's unprocessed items
 * and a transaction's conflicts make more requests; a trace or closed-loop callers have no rate).
 */
#include <math.h>
#include "sim/engine/engine_int.h"

void ddb_engine_stop_init(engine *e)
{
    const ddb_scenario *s = e->s;
    e->stop_share = 0.0;
    if (!s->has_stop || s->has_trace || s->concurrency)
        return;
    double share = 0.0;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        if (s->mix[op] <= 0.0)
            continue;
        if (op != DDB_OP_GET && op != DDB_OP_PUT && op != DDB_OP_UPDATE && op != DDB_OP_DELETE &&
            op != DDB_OP_QUERY)
            return;
        if ((int)(ddb_op_is_write((enum ddb_op)op) ? DDB_WRITE : DDB_READ) == s->stop_dir)
            share += s->mix[op];
    }
    e->stop_share = share;
}

bool ddb_engine_stop_due(const engine *e)
{
    const ddb_scenario *s = e->s;
    const ddb_counters *t = &e->base.m.total;
    int d = s->stop_dir;
    int64_t now = e->base.m.interval_start_ns < s->duration_ns ? e->base.m.interval_start_ns
                                                                : s->duration_ns;
    double to_come = ddb_rate_expected(&s->rate, (double)s->duration_ns / 1e9) -
                     ddb_rate_expected(&s->rate, (double)now / 1e9);
    to_come = to_come > 0.0 ? to_come : 0.0;
    double most = (to_come + 7.0 * sqrt(to_come) + 16.0) * e->stop_share;
    double in_flight = (double)(t->arrivals - t->succeeded - t->failed);
    double attempts = (double)t->requests[d] + (most + in_flight) * (double)s->max_attempts;
    return (double)t->throttles[d] > s->stop_above_rate * attempts;
}
