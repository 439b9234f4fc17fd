/* verdict_findings — the sentences that support a verdict's diagnosis. See verdict.h. */
#include "sim/analysis/verdict_int.h"

static void finding_throttles(ddb_verdict *v, const facts *f)
{
    if (f->throttles == 0)
        return;
    ddb_strbuf b = {0};
    ddb_strbuf_number(&b, f->throttles, 0);
    ddb_strbuf_puts(&b, " of ");
    ddb_strbuf_number(&b, f->attempts, 0);
    ddb_strbuf_puts(&b, " attempts (");
    ddb_strbuf_percent(&b, f->throttles / f->attempts);
    ddb_strbuf_puts(&b, ") were throttled");
    const cJSON *reasons = ddb_rundir_json(f->r, "throttles_by_reason"), *it;
    const char *sep = ": ";
    cJSON_ArrayForEach(it, reasons)
    {
        if (!cJSON_IsNumber(it) || it->valuedouble <= 0)
            continue;
        ddb_strbuf_puts(&b, sep);
        ddb_strbuf_number(&b, it->valuedouble, 0);
        ddb_strbuf_printf(&b, " %s", it->string);
        sep = ", ";
    }
    ddb_strbuf_puts(&b, ".");
    add_finding(v, &b);
}

static void finding_worst_partition(ddb_verdict *v, const facts *f)
{
    const ddb_rundir_part *p = f->worst;
    if (!p)
        return;
    double iv = f->r->interval_s;
    double window = round((p->last_throttled_s - p->first_throttled_s) / iv) + 1;
    ddb_strbuf b = {0};
    if (f->worst_is_hottest)
        ddb_strbuf_puts(&b, "Hottest ");
    partition_name(&b, p->index, (double)p->id);
    ddb_strbuf_puts(&b, " was throttled ");
    ddb_strbuf_percent(&b, (double)p->throttled_intervals / window);
    ddb_strbuf_puts(&b, " of the time ");
    span(&b, p->first_throttled_s, p->last_throttled_s, iv);
    ddb_strbuf_printf(&b, " (in %zu of %.0f intervals of %g s); at its peak it used ", p->throttled_intervals,
                      window, iv);
    ddb_strbuf_percent(&b, p->peak_utilization);
    ddb_strbuf_puts(&b, " of its hard cap of ");
    rate(&b, hard_cap_per_s[p->peak_dir], p->peak_dir);
    ddb_strbuf_puts(&b, ".");
    add_finding(v, &b);
}

static void finding_key(ddb_verdict *v, const facts *f)
{
    if (!f->has_key)
        return;
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "Hottest key %s asked for ", f->key);
    rate(&b, f->key_offered, f->key_dir);
    key_attempts(&b, f, false);
    ddb_strbuf_puts(&b, " against a ");
    rate(&b, f->key_cap, f->key_dir);
    ddb_strbuf_puts(&b, " limit (its partition's hard cap) and got ");
    rate(&b, f->key_consumed, f->key_dir);
    if (f->key_throttles > 0) {
        ddb_strbuf_puts(&b, "; ");
        ddb_strbuf_percent(&b, f->key_throttles / f->key_requests);
        ddb_strbuf_puts(&b, " of its requests were throttled");
    }
    ddb_strbuf_puts(&b, ".");
    add_finding(v, &b);
}

/* The table against its provisioned rate while it was being throttled: near or above 100% means
 * the table ran out; far below means the limit was a partition's, not the table's. */
static void finding_window(ddb_verdict *v, const facts *f)
{
    const ddb_rundir_index *t = f->table;
    int d = f->dir;
    if (!t || t->throttled_intervals == 0 || t->window_provisioned[d] <= 0)
        return;
    double iv = f->r->interval_s;
    double per_s = t->window_consumed[d] / ((double)t->window_intervals * iv);
    double share = per_s / t->window_provisioned[d];
    ddb_strbuf b = {0};
    ddb_strbuf_puts(&b, "While requests were throttled (");
    span(&b, t->first_throttled_s, t->last_throttled_s, iv);
    ddb_strbuf_puts(&b, ") the table consumed ");
    rate(&b, per_s, d);
    ddb_strbuf_puts(&b, " on average against ");
    ddb_strbuf_number(&b, t->window_provisioned[d], 0);
    ddb_strbuf_printf(&b, " %s provisioned (", unit_name[d]);
    ddb_strbuf_percent(&b, share);
    if (share >= 0.8)
        ddb_strbuf_puts(&b, ").");
    else if (f->backpressure > f->key_range + f->provisioned + f->other)
        ddb_strbuf_printf(&b, "): the limit was index %s's (GSI back-pressure), not the table's.",
                          backpressure_index(f->r));
    else
        ddb_strbuf_puts(&b, "): the limit was a partition's, not the table's.");
    add_finding(v, &b);
}

static void finding_failures(ddb_verdict *v, const facts *f)
{
    ddb_strbuf b = {0};
    if (f->failed > 0) {
        double attempts = ddb_rundir_num(f->r, "scenario.client.retry.max_attempts", NAN);
        ddb_strbuf_number(&b, f->failed, 0);
        ddb_strbuf_puts(&b, " logical requests (");
        ddb_strbuf_percent(&b, f->logical > 0 ? f->failed / f->logical : 0);
        if (attempts > 1)
            ddb_strbuf_printf(&b, ") failed after %g attempts.", attempts);
        else
            ddb_strbuf_puts(&b, ") failed: retries were off, so a throttled request failed at once.");
        add_finding(v, &b);
    }
    if (f->retries > 0) {
        ddb_strbuf_puts(&b, "Clients sent ");
        ddb_strbuf_number(&b, f->retries, 0);
        ddb_strbuf_puts(&b, " retries (");
        ddb_strbuf_percent(&b, f->attempts > 0 ? f->retries / f->attempts : 0);
        ddb_strbuf_puts(&b, f->throttles > 0
                                ? " of all attempts), each one more request on the capacity that was short."
                                : " of all attempts), each one more chance to meet the same conflict.");
        add_finding(v, &b);
    }
}

/* Transactions cancelled (summary.json's transactions): by conflict, a hot item's cost whatever
 * the capacity; by throttling, an item's partition short of capacity. */
static void finding_transactions(ddb_verdict *v, const facts *f)
{
    double conflict = ddb_rundir_num(f->r, "transactions.cancellation_reasons.TransactionConflict", 0);
    double throttling = ddb_rundir_num(f->r, "transactions.cancellation_reasons.ThrottlingError", 0);
    double writes = ddb_rundir_num(f->r, "transactions.TransactionConflictException", 0);
    ddb_strbuf b = {0};
    if (conflict > 0 || writes > 0) {
        ddb_strbuf_number(&b, conflict, 0);
        ddb_strbuf_puts(&b, " transaction attempts were cancelled with TransactionConflict and ");
        ddb_strbuf_number(&b, writes, 0);
        ddb_strbuf_puts(&b, " plain writes refused (TransactionConflictException): another "
                            "transaction held one of their items. More capacity does not help; "
                            "keep hot items out of transactions, or make them shorter.");
        add_finding(v, &b);
    }
    if (throttling > 0) {
        ddb_strbuf_number(&b, throttling, 0);
        ddb_strbuf_puts(&b, " transaction attempts were cancelled with ThrottlingError: one item's "
                            "partition had no capacity, and the whole transaction failed with it.");
        add_finding(v, &b);
    }
}

static void finding_splits(ddb_verdict *v, const facts *f)
{
    const ddb_rundir *r = f->r;
    if (r->n_splits == 0)
        return;
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "%zu partition split%s: ", r->n_splits, r->n_splits == 1 ? "" : "s");
    size_t shown = r->n_splits < 5 ? r->n_splits : 5;
    for (size_t i = 0; i < shown; i++) {
        const ddb_rundir_split *s = &r->splits[i];
        ddb_strbuf_puts(&b, i ? "; " : "");
        if (!isnan(s->partition))
            partition_name(&b, s->index, s->partition);
        else
            ddb_strbuf_puts(&b, s->index);
        ddb_strbuf_printf(&b, " at %g s", s->t_s);
        if (*s->detail)
            ddb_strbuf_printf(&b, " (%s)", s->detail);
    }
    ddb_strbuf_puts(&b, shown < r->n_splits ? "; and more (events.csv)." : ".");
    add_finding(v, &b);
}

static void finding_gsis(ddb_verdict *v, const facts *f)
{
    for (size_t i = 0; i < f->r->n_gsis; i++) {
        const ddb_rundir_gsi *g = &f->r->gsis[i];
        ddb_strbuf b = {0};
        ddb_strbuf_printf(&b, "GSI %s: replication lag p99 reached ", g->name);
        ddb_strbuf_number(&b, g->lag_p99_max_ms, 0);
        ddb_strbuf_puts(&b, " ms (max ");
        ddb_strbuf_number(&b, g->lag_max_ms, 0);
        ddb_strbuf_puts(&b, " ms)");
        if (g->backlog_max > 0) {
            ddb_strbuf_puts(&b, "; its backlog peaked at ");
            ddb_strbuf_number(&b, g->backlog_max, 0);
            ddb_strbuf_printf(&b, " updates at %g s", g->backlog_max_at_s);
        }
        if (g->backpressure_throttles > 0) {
            ddb_strbuf_puts(&b, "; ");
            ddb_strbuf_number(&b, g->backpressure_throttles, 0);
            ddb_strbuf_puts(&b, " base-table writes were refused by back-pressure");
        }
        if (g->stale_reads > 0) {
            ddb_strbuf_puts(&b, "; ");
            ddb_strbuf_number(&b, g->stale_reads, 0);
            ddb_strbuf_puts(&b, " reads on it were stale");
        }
        if (index_hot_key(f->r, g->name)) {
            ddb_strbuf_puts(&b, "; ");
            index_hot_key_text(&b, f->r, g->name);
        }
        ddb_strbuf_puts(&b, ".");
        add_finding(v, &b);
    }
}

void ddb_verdict_findings(ddb_verdict *v, const facts *f)
{
    finding_throttles(v, f);
    finding_worst_partition(v, f);
    finding_key(v, f);
    finding_window(v, f);
    finding_failures(v, f);
    finding_transactions(v, f);
    finding_splits(v, f);
    finding_gsis(v, f);
}
