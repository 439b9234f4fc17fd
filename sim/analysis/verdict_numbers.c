/* verdict_numbers — the figures a verdict is built from, each with the file it comes from. See
 * verdict.h. */
#include "sim/analysis/verdict_int.h"
#include "sim/analysis/describe.h"

static void number_table(ddb_verdict *v, const facts *f)
{
    const ddb_rundir *r = f->r;
    ddb_strbuf b = {0};
    ddb_describe_capacity(&b, r);
    ddb_strbuf_puts(&b, "; each partition's share ");
    ddb_strbuf_number(&b, ddb_rundir_num(r, "table.partition_share_rcu", 0), 1);
    ddb_strbuf_puts(&b, " RCU/s and ");
    ddb_strbuf_number(&b, ddb_rundir_num(r, "table.partition_share_wcu", 0), 1);
    ddb_strbuf_puts(&b, " WCU/s, its hard cap " DDB_PARTITION_MAX_RCU_TEXT " and " DDB_PARTITION_MAX_WCU_TEXT
                        " (summary.json: table)");
    add_number(v, "table", &b);
}

static void number_requests(ddb_verdict *v, const facts *f)
{
    ddb_strbuf b = {0};
    ddb_strbuf_number(&b, f->attempts, 0);
    ddb_strbuf_puts(&b, " attempts = ");
    ddb_strbuf_number(&b, f->logical, 0);
    ddb_strbuf_puts(&b, " logical requests + ");
    ddb_strbuf_number(&b, f->retries, 0);
    ddb_strbuf_puts(&b, " retries; ");
    ddb_strbuf_number(&b, f->throttles, 0);
    ddb_strbuf_puts(&b, " throttled (");
    ddb_strbuf_percent(&b, f->attempts > 0 ? f->throttles / f->attempts : 0);
    ddb_strbuf_puts(&b, "); ");
    ddb_strbuf_number(&b, f->succeeded, 0);
    ddb_strbuf_puts(&b, " succeeded, ");
    ddb_strbuf_number(&b, f->failed, 0);
    ddb_strbuf_puts(&b, " failed, ");
    ddb_strbuf_number(&b, f->in_flight, 0);
    ddb_strbuf_puts(&b, " still waiting to retry at the end (summary.json: totals)");
    add_number(v, "requests", &b);
    const cJSON *reasons = ddb_rundir_json(f->r, "throttles_by_reason"), *it;
    cJSON_ArrayForEach(it, reasons)
    {
        if (!cJSON_IsNumber(it) || it->valuedouble <= 0)
            continue;
        ddb_strbuf_number(&b, it->valuedouble, 0);
        ddb_strbuf_puts(&b, " (summary.json: throttles_by_reason)");
        add_number(v, it->string, &b);
    }
}

static void number_hot_partition(ddb_verdict *v, const facts *f)
{
    const ddb_rundir *r = f->r;
    if (!ddb_rundir_json(r, "hottest_partition.partition"))
        return;
    int d = dir_of_unit(ddb_rundir_str(r, "hottest_partition.capacity"));
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "#%.0f peaked at ", ddb_rundir_num(r, "hottest_partition.partition", 0));
    rate(&b, ddb_rundir_num(r, "hottest_partition.peak_consumed_per_s", 0), d);
    ddb_strbuf_printf(&b, " at %g s = ", ddb_rundir_num(r, "hottest_partition.peak_at_s", 0));
    ddb_strbuf_percent(&b, ddb_rundir_num(r, "hottest_partition.peak_utilization_of_hard_cap", 0));
    ddb_strbuf_puts(&b, " of its hard cap (its provisioned share ");
    rate(&b, ddb_rundir_num(r, "hottest_partition.share_per_s", 0), d);
    ddb_strbuf_puts(&b, ") (summary.json: hottest_partition)");
    add_number(v, "hottest partition", &b);
}

static void number_hot_key(ddb_verdict *v, const facts *f)
{
    if (!f->has_key)
        return;
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "%s on partition #%.0f: asked for ", f->key, f->key_partition);
    ddb_strbuf_number(&b, f->key_offered, 1);
    ddb_strbuf_printf(&b, " %s/s on average", unit_name[f->key_dir]);
    key_attempts(&b, f, true);
    ddb_strbuf_puts(&b, ", got ");
    ddb_strbuf_number(&b, f->key_consumed, 1);
    ddb_strbuf_printf(&b, " %s/s, limit ", unit_name[f->key_dir]);
    ddb_strbuf_number(&b, f->key_cap, 0);
    ddb_strbuf_printf(&b, " %s/s; ", unit_name[f->key_dir]);
    ddb_strbuf_number(&b, f->key_throttles, 0);
    ddb_strbuf_puts(&b, " of ");
    ddb_strbuf_number(&b, f->key_requests, 0);
    ddb_strbuf_puts(&b, " requests throttled (summary.json: hottest_key)");
    add_number(v, "hottest key", &b);
}

static void number_worst_partition(ddb_verdict *v, const facts *f)
{
    const ddb_rundir_part *p = f->worst;
    if (!p)
        return;
    ddb_strbuf b = {0};
    partition_name(&b, p->index, (double)p->id);
    ddb_strbuf_printf(&b, ": %zu throttled intervals, first at %g s, last at %g s; ", p->throttled_intervals,
                      p->first_throttled_s, p->last_throttled_s);
    ddb_strbuf_number(&b, p->throttles, 0);
    ddb_strbuf_puts(&b, " throttles (partitions.csv)");
    add_number(v, f->worst_is_hottest ? "hottest partition's throttling" : "most throttled partition", &b);
}

static void number_latency(ddb_verdict *v, const facts *f)
{
    const ddb_rundir *r = f->r;
    ddb_strbuf b = {0};
    if (!ddb_rundir_latency_text(r, &b)) {
        ddb_strbuf_free(&b);
        return;
    }
    ddb_strbuf_puts(&b, " over ");
    ddb_strbuf_number(&b, ddb_rundir_num(r, "latency_ms.samples", 0), 0);
    ddb_strbuf_puts(&b, " completed requests (summary.json: latency_ms)");
    add_number(v, "latency", &b);
}

static void number_files(ddb_verdict *v, const facts *f)
{
    const ddb_rundir *r = f->r;
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "%s/: %s, %s, %s, %s", r->dir, ddb_schema_summary.file,
                      ddb_schema_timeseries.file, ddb_schema_partitions.file, ddb_schema_keys.file);
    const ddb_file_schema *optional[] = {r->has_latency_csv ? &ddb_schema_latency : NULL,
                                         r->has_gsi_csv ? &ddb_schema_gsi : NULL,
                                         r->has_events_csv ? &ddb_schema_events : NULL};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        if (optional[i])
            ddb_strbuf_printf(&b, ", %s", optional[i]->file);
    add_number(v, "files", &b);
}

void ddb_verdict_numbers(ddb_verdict *v, const facts *f)
{
    number_table(v, f);
    number_requests(v, f);
    number_hot_partition(v, f);
    number_hot_key(v, f);
    number_worst_partition(v, f);
    number_latency(v, f);
    number_files(v, f);
}
