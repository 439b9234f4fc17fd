/* verdict — what a run means. See verdict.h; the words are in verdict_headline.c,
 * verdict_findings.c and verdict_numbers.c. */
#include "sim/analysis/verdict.h"

#include "sim/analysis/verdict_int.h"
#include "sim/output/headline.h"

/* Throttles for reason: of the table itself (its timeseries rows) when it has rows, else of all.
 * An index's throttles are its writes waiting in a backlog: events no client sent. */
static double table_reason(const facts *f, enum ddb_throttle_reason reason)
{
    if (!f->table)
        return ddb_rundir_reason_total(f->r, reason);
    return ddb_rundir_index_reason(f->r, f->table, reason);
}

static void gather_reasons(facts *f)
{
    const ddb_rundir *r = f->r;
    /* what the clients met decides the verdict: the table's throttles */
    f->key_range = table_reason(f, DDB_THROTTLE_KEY_RANGE);
    f->provisioned = table_reason(f, DDB_THROTTLE_PROVISIONED);
    f->backpressure = 0;
    for (int k = 1; k < DDB_THROTTLE_REASON_COUNT; k++)
        if (ddb_throttle_is_backpressure((enum ddb_throttle_reason)k))
            f->backpressure += table_reason(f, (enum ddb_throttle_reason)k);
    double all = 0;
    for (size_t k = 0; k < r->n_reasons; k++)
        all += f->table ? f->table->reasons[k] : ddb_rundir_reason_total(r, r->reason_ids[k]);
    f->other = all - f->key_range - f->provisioned - f->backpressure;
    f->on_demand = ddb_rundir_reason_total(r, DDB_THROTTLE_ON_DEMAND);
    f->account_limit = ddb_rundir_reason_total(r, DDB_THROTTLE_ACCOUNT_LIMIT);
    f->max_on_demand = ddb_rundir_reason_total(r, DDB_THROTTLE_MAX_ON_DEMAND);
    double most = 0;
    for (size_t i = 0; i < r->n_indexes; i++) {
        double n = ddb_rundir_index_reason(r, &r->indexes[i], DDB_THROTTLE_ON_DEMAND);
        if (n > most) {
            most = n;
            bool gsi = strcmp(r->indexes[i].name, DDB_SCHEMA_TABLE_INDEX) != 0;
            f->on_demand_gsi = gsi ? r->indexes[i].name : NULL;
        }
    }
}

static void gather_partitions(facts *f)
{
    const ddb_rundir *r = f->r;
    const ddb_rundir_part *hottest = NULL;
    for (size_t i = 0; i < r->n_parts; i++) {
        const ddb_rundir_part *p = &r->parts[i];
        if (p->throttled_intervals > 0 &&
            (!f->worst || p->throttled_intervals > f->worst->throttled_intervals ||
             (p->throttled_intervals == f->worst->throttled_intervals && p->throttles > f->worst->throttles)))
            f->worst = p;
        if (p->throttled_intervals > 0 && !strcmp(p->index, DDB_SCHEMA_TABLE_INDEX) &&
            (double)p->id == ddb_rundir_num(r, "hottest_partition.partition", NAN))
            hottest = p;
        if (!f->busiest || p->peak_utilization > f->busiest->peak_utilization)
            f->busiest = p;
    }
    if (hottest) { /* one "hottest partition" for every output */
        f->worst = hottest;
        f->worst_is_hottest = true;
    }
}

static void gather_key(facts *f)
{
    const ddb_rundir *r = f->r;
    f->key = ddb_rundir_str(r, "hottest_key.key");
    f->has_key = f->key != NULL;
    if (!f->has_key)
        return;
    f->key_dir = dir_of_unit(ddb_rundir_str(r, "hottest_key.capacity"));
    f->key_offered = ddb_rundir_num(r, "hottest_key.offered_per_s", 0);
    f->key_attempted = ddb_rundir_num(r, "hottest_key.attempted_per_s", f->key_offered);
    f->key_consumed = ddb_rundir_num(r, "hottest_key.consumed_per_s", 0);
    f->key_cap = ddb_rundir_num(r, "hottest_key.hard_cap_per_s", hard_cap_per_s[f->key_dir]);
    f->key_requests = ddb_rundir_num(r, "hottest_key.requests", 0);
    f->key_throttles = ddb_rundir_num(r, "hottest_key.throttles", 0);
    f->key_partition = ddb_rundir_num(r, "hottest_key.partition", NAN);
    f->has_key = ddb_headline_key_matters(f->key_throttles, f->key_partition,
                                          ddb_rundir_num(r, "hottest_partition.partition", NAN),
                                          f->key_offered, f->key_cap);
}

static void gather(facts *f, const ddb_rundir *r)
{
    memset(f, 0, sizeof *f);
    f->r = r;
    double rt = ddb_rundir_num(r, "totals.read_throttles", 0);
    double wt = ddb_rundir_num(r, "totals.write_throttles", 0);
    f->attempts = ddb_rundir_num(r, "totals.read_requests", 0) + ddb_rundir_num(r, "totals.write_requests", 0);
    f->throttles = rt + wt;
    f->throttle_rate = ddb_rundir_num(r, "throttle_rate", f->attempts > 0 ? f->throttles / f->attempts : 0);
    f->dir = rt > wt ? 0 : 1;
    f->logical = ddb_rundir_num(r, "totals.logical_requests", 0);
    f->retries = ddb_rundir_num(r, "totals.retries", 0);
    f->failed = ddb_rundir_num(r, "totals.failed", 0);
    f->succeeded = ddb_rundir_num(r, "totals.succeeded", 0);
    f->in_flight = ddb_rundir_num(r, "totals.in_flight_at_end", 0);
    f->table = ddb_rundir_index_named(r, DDB_SCHEMA_TABLE_INDEX);
    if (!f->table && r->n_indexes > 0)
        f->table = &r->indexes[0];
    gather_reasons(f);
    gather_partitions(f);
    gather_key(f);
    f->tx_conflicts = ddb_rundir_num(r, "transactions.cancellation_reasons.TransactionConflict", 0);
    f->tx_conflict_writes = ddb_rundir_num(r, "transactions.TransactionConflictException", 0);
}

/* ---- the diagnosis ---- */

static enum ddb_verdict_kind diagnose(const facts *f)
{
    if (f->throttles == 0 && f->failed == 0)
        return DDB_VERDICT_OK;
    /* A conflict is no throttle: more capacity cannot remove it, so it leads when it is the
     * larger cause of refused attempts. */
    if (f->tx_conflicts + f->tx_conflict_writes > f->throttles)
        return DDB_VERDICT_TRANSACTION_CONFLICT;
    double top = fmax(fmax(f->key_range, f->provisioned), fmax(f->backpressure, f->other));
    if (top == 0)
        return DDB_VERDICT_THROTTLED;
    if (f->key_range == top)
        return key_over_cap(f) ? DDB_VERDICT_HOT_KEY : DDB_VERDICT_HOT_PARTITION;
    if (f->provisioned == top)
        return DDB_VERDICT_UNDER_PROVISIONED;
    if (f->backpressure == top)
        return DDB_VERDICT_GSI_BACKPRESSURE;
    return DDB_VERDICT_THROTTLED;
}

void ddb_verdict_make(ddb_verdict *v, const ddb_rundir *r)
{
    memset(v, 0, sizeof *v);
    facts f;
    gather(&f, r);
    v->kind = diagnose(&f);
    v->headline = ddb_verdict_headline(&f, v->kind);
    ddb_verdict_findings(v, &f);
    v->advice = ddb_verdict_advice(&f, v->kind);
    ddb_verdict_numbers(v, &f);
}

void ddb_verdict_destroy(ddb_verdict *v)
{
    free(v->headline);
    for (size_t i = 0; i < v->n_findings; i++)
        free(v->findings[i]);
    free(v->findings);
    free(v->advice);
    for (size_t i = 0; i < v->n_numbers; i++) {
        free(v->numbers[i].label);
        free(v->numbers[i].value);
    }
    free(v->numbers);
    memset(v, 0, sizeof *v);
}

const char *ddb_verdict_kind_name(enum ddb_verdict_kind k)
{
    static const char *const names[] = {"no throttling", "hot key", "hot partition", "under-provisioned",
                                        "GSI back-pressure", "throttled",
                                        "transaction conflicts"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
