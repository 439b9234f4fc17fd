/* tablerun — one table while a run goes. See tablerun.h. */
#include "sim/model/tablerun.h"

#include <math.h>

void ddb_tablerun_init(ddb_tablerun *t, const ddb_tablerun_config *c)
{
    t->name = c->dynamics.index;
    ddb_table_init(&t->table, &c->table);
    ddb_dynamics_init(&t->dyn, &c->dynamics, &t->table);
    ddb_metrics_init(&t->m, c->interval_ns, t->table.n_partitions);
    /* On-demand, nothing is provisioned: CloudWatch reports no provisioned capacity. */
    for (int d = 0; d < 2; d++) {
        t->provisioned_milli[d] = c->table.on_demand ? 0 : t->table.rate_milli[d];
        t->provisioned_area[d] = 0.0;
    }
    t->provisioned_at_ns = 0;
}

void ddb_tablerun_destroy(ddb_tablerun *t)
{
    ddb_table_destroy(&t->table);
    ddb_dynamics_destroy(&t->dyn);
    ddb_metrics_destroy(&t->m);
}

/* The provisioned rate changes at now_ns (or the interval ends): account for the time at the old
 * rate. */
static void provisioned_until(ddb_tablerun *t, int64_t now_ns)
{
    for (int d = 0; d < 2; d++)
        t->provisioned_area[d] += (double)t->provisioned_milli[d] * (double)(now_ns - t->provisioned_at_ns);
    t->provisioned_at_ns = now_ns;
}

bool ddb_tablerun_run_dynamics(ddb_tablerun *t, const ddb_keytab *keys, int64_t now_ns)
{
    size_t events = t->dyn.n_events;
    bool grew = ddb_dynamics_run(&t->dyn, &t->table, &t->m, keys, now_ns);
    if (grew)
        ddb_metrics_grow(&t->m, t->table.n_partitions);
    if (t->dyn.n_events != events && !t->table.cfg.on_demand) {
        provisioned_until(t, now_ns);
        t->provisioned_milli[0] = t->table.rate_milli[0];
        t->provisioned_milli[1] = t->table.rate_milli[1];
    }
    return grew;
}

/* CloudWatch's Provisioned...CapacityUnits over [start, end): the time-weighted average when the
 * capacity moved in the run (until then it is the provisioned rate itself). */
static int64_t provisioned_average(ddb_tablerun *t, int d, int64_t start_ns, int64_t end_ns)
{
    if (t->dyn.n_events == 0 || end_ns <= start_ns)
        return t->provisioned_milli[d];
    provisioned_until(t, end_ns);
    return llround(t->provisioned_area[d] / (double)(end_ns - start_ns));
}

void ddb_tablerun_timeseries_row(ddb_tablerun *t, int64_t t_ns, int64_t end_ns, ddb_ts_row *row)
{
    row->t_ns = t_ns;
    row->index = t->name;
    row->c = &t->m.cur;
    for (int d = 0; d < 2; d++)
        row->provisioned_milli[d] = provisioned_average(t, d, t_ns, end_ns);
    row->latency = t->m.latency_cur;
}

void ddb_tablerun_partition_row(ddb_tablerun *t, size_t p, int64_t t_ns, int64_t end_ns,
                                ddb_part_row *row)
{
    row->t_ns = t_ns;
    row->index = t->name;
    row->partition = p;
    row->c = &t->m.part_cur[p];
    row->burst_milli[DDB_READ] = ddb_table_tokens_milli(&t->table, p, DDB_READ, end_ns);
    row->burst_milli[DDB_WRITE] = ddb_table_tokens_milli(&t->table, p, DDB_WRITE, end_ns);
}

void ddb_tablerun_next_interval(ddb_tablerun *t)
{
    ddb_metrics_next_interval(&t->m);
    t->provisioned_area[0] = t->provisioned_area[1] = 0.0;
    t->provisioned_at_ns = t->m.interval_start_ns;
}
