/* verdict_headline — a verdict's diagnosis in a sentence or two, and what to do about it. See
 * verdict.h. */
#include "sim/analysis/verdict_int.h"

#include <stdio.h>

/* Of the AWS reason names the internal reasons rs map to (either direction, table or index), the
 * one summary.json's throttles_by_reason counts most, as "77,815 TableWriteKeyRangeThroughputExceeded":
 * the count quoted is always that name's count. Nothing when none of them throttled. */
static void named_reason(ddb_strbuf *b, const facts *f, const enum ddb_throttle_reason *rs, size_t n)
{
    const char *best = NULL;
    double most = 0;
    for (size_t i = 0; i < n; i++)
        for (int is_index = 0; is_index < 2; is_index++)
            for (int d = 0; d < 2; d++) {
                const char *name = aws(rs[i], is_index, d);
                char path[128];
                snprintf(path, sizeof path, "throttles_by_reason.%s", name);
                double count = *name ? ddb_rundir_num(f->r, path, 0) : 0;
                if (count > most) {
                    most = count;
                    best = name;
                }
            }
    if (!best)
        return;
    ddb_strbuf_number(b, most, 0);
    ddb_strbuf_printf(b, " %s", best);
}

static void named_one(ddb_strbuf *b, const facts *f, enum ddb_throttle_reason r)
{
    named_reason(b, f, &r, 1);
}

/* The GSI whose backlog grew the most, or NULL when every index kept up. */
static const ddb_rundir_gsi *lagging_gsi(const facts *f)
{
    const ddb_rundir_gsi *worst = NULL;
    for (size_t i = 0; i < f->r->n_gsis; i++)
        if (f->r->gsis[i].backlog_max > 0 &&
            (!worst || f->r->gsis[i].backlog_max > worst->backlog_max))
            worst = &f->r->gsis[i];
    return worst;
}

static void headline_ok(ddb_strbuf *b, const facts *f)
{
    ddb_strbuf_puts(b, "No throttling: all ");
    ddb_strbuf_number(b, f->attempts, 0);
    ddb_strbuf_puts(b, " requests were served.");
    /* The table kept up, but an index may not have: its writes waited, unseen by the clients. */
    const ddb_rundir_gsi *g = lagging_gsi(f);
    if (g) {
        ddb_strbuf_printf(b, " But global secondary index %s fell behind: its backlog of index writes "
                          "peaked at ", g->name);
        ddb_strbuf_number(b, g->backlog_max, 0);
        ddb_strbuf_printf(b, " at %g s and its replication lag p99 reached ", g->backlog_max_at_s);
        ddb_strbuf_number(b, g->lag_p99_max_ms, 0);
        ddb_strbuf_puts(b, " ms (reads on it could be that stale).");
    }
    const ddb_rundir_part *p = f->busiest;
    if (!p)
        return;
    ddb_strbuf_puts(b, " The busiest partition, ");
    partition_name(b, p->index, (double)p->id);
    ddb_strbuf_puts(b, ", peaked at ");
    ddb_strbuf_percent(b, p->peak_utilization);
    ddb_strbuf_puts(b, " of its hard cap of ");
    rate(b, hard_cap_per_s[p->peak_dir], p->peak_dir);
    ddb_strbuf_printf(b, " (at %g s).", p->peak_at_s);
}

static void headline_hot_key(ddb_strbuf *b, const facts *f)
{
    ddb_strbuf_printf(b, "Hot key: %s asked for ", f->key);
    rate(b, f->key_offered, f->key_dir);
    ddb_strbuf_puts(b, ", but a single partition key never gets more than its partition's hard cap of ");
    rate(b, f->key_cap, f->key_dir);
    ddb_strbuf_puts(b, ", so ");
    ddb_strbuf_percent(b, f->key_requests > 0 ? f->key_throttles / f->key_requests : 0);
    ddb_strbuf_puts(b, " of its requests were throttled (key range throttling: ");
    named_one(b, f, DDB_THROTTLE_KEY_RANGE);
    ddb_strbuf_puts(b, " in all)");
    if (f->table && f->table->provisioned[f->key_dir] > 0) {
        ddb_strbuf_puts(b, ", although the table has ");
        ddb_strbuf_number(b, f->table->provisioned[f->key_dir], 0);
        ddb_strbuf_printf(b, " %s provisioned", unit_name[f->key_dir]);
    }
    ddb_strbuf_puts(b, ".");
}

static void headline_hot_partition(ddb_strbuf *b, const facts *f)
{
    const ddb_rundir_part *p = f->worst;
    ddb_strbuf_puts(b, "Hot partition: ");
    if (!p) {
        ddb_strbuf_puts(b, "partitions hit their hard caps (key range throttling: ");
        named_one(b, f, DDB_THROTTLE_KEY_RANGE);
        ddb_strbuf_puts(b, ").");
        return;
    }
    partition_name(b, p->index, (double)p->id);
    ddb_strbuf_puts(b, " hit its hard cap of ");
    rate(b, hard_cap_per_s[p->peak_dir], p->peak_dir);
    ddb_strbuf_puts(b, " (key range throttling: ");
    named_one(b, f, DDB_THROTTLE_KEY_RANGE);
    ddb_strbuf_puts(b, "), yet no single key asked for more than the cap: several hot keys share it.");
}

static void headline_under(ddb_strbuf *b, const facts *f)
{
    int d = f->dir;
    ddb_strbuf_puts(b, "Under-provisioned: the table ran out of its provisioned ");
    if (f->table)
        ddb_strbuf_number(b, f->table->provisioned[d], 0);
    ddb_strbuf_printf(b, " %s/s once its saved burst capacity was spent, so ", unit_name[d]);
    ddb_strbuf_percent(b, f->throttle_rate);
    ddb_strbuf_puts(b, " of attempts were throttled (");
    if (f->provisioned < f->throttles) { /* other reasons too: this one's part */
        ddb_strbuf_percent(b, f->attempts > 0 ? f->provisioned / f->attempts : 0);
        ddb_strbuf_puts(b, " of attempts: ");
    }
    named_one(b, f, DDB_THROTTLE_PROVISIONED);
    ddb_strbuf_puts(b, ").");
}

static void headline_other(ddb_strbuf *b, const facts *f, enum ddb_verdict_kind k)
{
    if (k == DDB_VERDICT_GSI_BACKPRESSURE) {
        const char *name = backpressure_index(f->r);
        enum ddb_throttle_reason cause = backpressure_cause(f->r);
        ddb_strbuf_printf(b, "GSI back-pressure: %s%s could not keep up with the base table's writes",
                          strcmp(name, "an index") ? "index " : "", name);
        if (cause == DDB_THROTTLE_ON_DEMAND)
            ddb_strbuf_puts(b, " while its on-demand capacity was still growing (an on-demand index serves "
                               "up to double its previous peak at once)");
        else if (cause == DDB_THROTTLE_KEY_RANGE && index_hot_key(f->r, name)) {
            ddb_strbuf_puts(b, ": its hot partitions were at their hard cap; ");
            index_hot_key_text(b, f->r, name);
        } else if (cause == DDB_THROTTLE_KEY_RANGE)
            ddb_strbuf_puts(b, ": its hot partitions were at their hard cap");
        else if (cause == DDB_THROTTLE_MAX_ON_DEMAND)
            ddb_strbuf_puts(b, ": it was at its maximum (max_wcu)");
        else if (cause == DDB_THROTTLE_PROVISIONED)
            ddb_strbuf_puts(b, ": it ran out of its provisioned write capacity");
        ddb_strbuf_puts(b, ", so base-table writes were refused (");
        enum ddb_throttle_reason bp[DDB_THROTTLE_REASON_COUNT];
        size_t n = 0;
        for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
            if (ddb_throttle_is_backpressure((enum ddb_throttle_reason)r))
                bp[n++] = (enum ddb_throttle_reason)r;
        named_reason(b, f, bp, n);
        ddb_strbuf_puts(b, ").");
        return;
    }
    enum ddb_throttle_reason why = other_top(f);
    if (why == DDB_THROTTLE_ON_DEMAND && f->on_demand_gsi)
        ddb_strbuf_printf(b, "On-demand capacity still growing on index %s: an on-demand index serves up "
                             "to double its previous peak at once, and requests above that were "
                             "throttled (", f->on_demand_gsi);
    else if (why == DDB_THROTTLE_ON_DEMAND)
        ddb_strbuf_puts(b, "On-demand capacity still growing: the table serves up to double its previous "
                           "peak at once, and requests above that were throttled (");
    else if (why == DDB_THROTTLE_ACCOUNT_LIMIT)
        ddb_strbuf_puts(b, "The table's quota was reached: requests were throttled (");
    else if (why != DDB_ADMITTED)
        ddb_strbuf_puts(b, "The on-demand maximum held the table: requests were throttled (");
    if (why != DDB_ADMITTED) {
        named_one(b, f, why);
        ddb_strbuf_puts(b, why == DDB_THROTTLE_ON_DEMAND ? ") until its capacity grew." : ").");
        return;
    }
    ddb_strbuf_percent(b, f->throttle_rate);
    ddb_strbuf_puts(b, " of attempts were throttled");
    if (f->throttles == 0 && f->failed > 0) {
        ddb_strbuf_puts(b, ", but ");
        ddb_strbuf_number(b, f->failed, 0);
        ddb_strbuf_puts(b, " requests failed");
    }
    ddb_strbuf_puts(b, ".");
}

static void headline_conflicts(ddb_strbuf *b, const facts *f)
{
    ddb_strbuf_puts(b, "Transaction conflicts: ");
    ddb_strbuf_number(b, f->tx_conflicts, 0);
    ddb_strbuf_puts(b, " of ");
    ddb_strbuf_number(b, f->attempts, 0);
    ddb_strbuf_puts(b, " attempts (");
    ddb_strbuf_percent(b, f->attempts > 0 ? f->tx_conflicts / f->attempts : 0);
    ddb_strbuf_puts(b, ") were transactions cancelled with TransactionConflict");
    if (f->tx_conflict_writes > 0) {
        ddb_strbuf_puts(b, " and ");
        ddb_strbuf_number(b, f->tx_conflict_writes, 0);
        ddb_strbuf_puts(b, " plain writes were refused (TransactionConflictException)");
    }
    ddb_strbuf_puts(b, ": another transaction held one of their items");
    if (f->failed > 0) {
        ddb_strbuf_puts(b, "; ");
        ddb_strbuf_number(b, f->failed, 0);
        ddb_strbuf_puts(b, " requests (");
        ddb_strbuf_percent(b, f->logical > 0 ? f->failed / f->logical : 0);
        ddb_strbuf_puts(b, ") failed");
    }
    if (f->throttles > 0) {
        ddb_strbuf_puts(b, "; ");
        ddb_strbuf_number(b, f->throttles, 0);
        ddb_strbuf_puts(b, " attempts were throttled besides");
    } else {
        ddb_strbuf_puts(b, ", and nothing was throttled");
    }
    ddb_strbuf_puts(b, ".");
}

char *ddb_verdict_headline(const facts *f, enum ddb_verdict_kind k)
{
    ddb_strbuf b = {0};
    switch (k) {
    case DDB_VERDICT_OK: headline_ok(&b, f); break;
    case DDB_VERDICT_HOT_KEY: headline_hot_key(&b, f); break;
    case DDB_VERDICT_HOT_PARTITION: headline_hot_partition(&b, f); break;
    case DDB_VERDICT_UNDER_PROVISIONED: headline_under(&b, f); break;
    case DDB_VERDICT_TRANSACTION_CONFLICT: headline_conflicts(&b, f); break;
    default: headline_other(&b, f, k); break;
    }
    return ddb_strbuf_take(&b);
}

char *ddb_verdict_advice(const facts *f, enum ddb_verdict_kind k)
{
    ddb_strbuf b = {0};
    switch (k) {
    case DDB_VERDICT_HOT_KEY:
        ddb_strbuf_printf(&b, "More capacity will not help: spread %s over several partition keys (e.g. add "
                              "\"#{shard:10}\" to the key and read all the shards), or cache it.", f->key);
        break;
    case DDB_VERDICT_HOT_PARTITION:
        ddb_strbuf_puts(&b, "More capacity will not lift a partition's hard cap: use a partition key with more "
                            "distinct, evenly used values, or add a shard suffix to the hottest keys.");
        break;
    case DDB_VERDICT_UNDER_PROVISIONED:
        ddb_strbuf_printf(&b, "Provision more %s (the table consumed all it had while throttled), let auto "
                              "scaling follow the load, or switch to on-demand.", unit_name[f->dir]);
        break;
    case DDB_VERDICT_TRANSACTION_CONFLICT:
        ddb_strbuf_puts(&b, "More capacity will not help: keep hot items (a counter, a shared total) out "
                            "of transactions or update them on their own, and make transactions touch "
                            "fewer items.");
        break;
    case DDB_VERDICT_GSI_BACKPRESSURE: {
        enum ddb_throttle_reason cause = backpressure_cause(f->r);
        if (cause == DDB_THROTTLE_ON_DEMAND)
            ddb_strbuf_puts(&b, "Pre-warm the index (warm_throughput) before a known jump, or let traffic "
                                "grow to no more than double its previous peak at a time: a GSI that "
                                "cannot keep up throttles the base table.");
        else if (cause == DDB_THROTTLE_KEY_RANGE)
            ddb_strbuf_puts(&b, "Give the index a key that spreads its writes (more capacity will not lift a "
                                "partition's hard cap): a GSI that cannot keep up throttles the base table.");
        else
            ddb_strbuf_puts(&b, "Give the index more write capacity, or a key that spreads its writes: a GSI "
                                "that cannot keep up throttles the base table.");
        break;
    }
    default: {
        enum ddb_throttle_reason why = other_top(f);
        if (why == DDB_THROTTLE_ON_DEMAND)
            ddb_strbuf_printf(&b, "Pre-warm the %s (warm_throughput) before a known jump, or let traffic "
                                  "grow to no more than double its previous peak at a time.",
                              f->on_demand_gsi ? "index" : "table");
        else if (why == DDB_THROTTLE_ACCOUNT_LIMIT)
            ddb_strbuf_puts(&b, "Ask AWS to raise the table's quota (quota_rcu, quota_wcu), or spread the "
                                "load over more tables.");
        else if (why != DDB_ADMITTED)
            ddb_strbuf_puts(&b, "Raise max_rcu / max_wcu if the table should serve more.");
        break;
    }
    }
    /* A key past the cap stays throttled whatever else is fixed: say so whatever the diagnosis. */
    if (k != DDB_VERDICT_HOT_KEY && key_over_cap(f))
        ddb_strbuf_printf(&b, "%s%s alone asks more than one partition can serve: spread it over several keys.",
                          b.len ? " And " : "", f->key);
    return b.len ? ddb_strbuf_take(&b) : NULL;
}
