/* verdict — what a run means. See verdict.h. */
#include "sim/analysis/verdict.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/analysis/describe.h"
#include "sim/support/strbuf.h"
#include "sim/output/headline.h"
#include "sim/output/schema.h"

static const double hard_cap_per_s[2] = {DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
static const char *const unit_name[2] = {"RCU", "WCU"};

/* What the text is built from, gathered once from the folder. */
typedef struct facts {
    const ddb_rundir *r;
    double attempts, throttles, logical, retries, failed, succeeded, in_flight;
    double throttle_rate;    /* of attempts: summary.json's, sim/output/headline.h's definition */
    double key_range, provisioned, backpressure, other; /* throttles by reason */
    double on_demand, account_limit, max_on_demand;    /* parts of other */
    const char *on_demand_gsi; /* the GSI with most on_demand throttles, when it has more than the
                                  table (an on-demand table's indexes grow on their own); or NULL */
    int dir;                                           /* the direction throttled most */
    const ddb_rundir_index *table;
    const ddb_rundir_part *worst;  /* summary.json's hottest partition when it throttled, else the
                                      partition throttled in the most intervals */
    bool worst_is_hottest;
    const ddb_rundir_part *busiest;                    /* the highest use of its hard cap */
    bool has_key;                                      /* summary.json's hottest_key */
    const char *key;
    int key_dir;
    double key_offered;      /* what the application asked: first attempts */
    double key_attempted;    /* what its attempts asked, retries included */
    double key_consumed, key_cap, key_requests, key_throttles, key_partition;
} facts;

/* AWS's name for a reason (sim/model/reasons.h), d a direction as facts hold it. */
static const char *aws(enum ddb_throttle_reason r, bool is_index, int d)
{
    return ddb_throttle_aws_name(r, is_index, (enum ddb_dir)d);
}

static int dir_of_unit(const char *unit) { return unit && !strcmp(unit, "rcu") ? 0 : 1; }

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

/* Among the other reasons, the one that throttled most: DDB_THROTTLE_ON_DEMAND,
 * DDB_THROTTLE_ACCOUNT_LIMIT, DDB_THROTTLE_MAX_ON_DEMAND, or DDB_ADMITTED when none did. */
static enum ddb_throttle_reason other_top(const facts *f)
{
    double top = fmax(f->on_demand, fmax(f->account_limit, f->max_on_demand));
    if (top <= 0)
        return DDB_ADMITTED;
    return top == f->on_demand        ? DDB_THROTTLE_ON_DEMAND
           : top == f->account_limit ? DDB_THROTTLE_ACCOUNT_LIMIT
                                     : DDB_THROTTLE_MAX_ON_DEMAND;
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
}

/* ---- building the text ---- */

static void push_str(char ***arr, size_t *n, char *s)
{
    *arr = ddb_xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = s;
}

static void add_finding(ddb_verdict *v, ddb_strbuf *b) { push_str(&v->findings, &v->n_findings, ddb_strbuf_take(b)); }

static void add_number(ddb_verdict *v, const char *label, ddb_strbuf *b)
{
    v->numbers = ddb_xrealloc(v->numbers, (v->n_numbers + 1) * sizeof *v->numbers);
    v->numbers[v->n_numbers].label = ddb_xstrdup(label);
    v->numbers[v->n_numbers++].value = ddb_strbuf_take(b);
}

/* "partition #4" or "partition #0 of GSI byStatus" */
static void partition_name(ddb_strbuf *b, const char *index, double id)
{
    ddb_strbuf_printf(b, "%s #%.0f", b->len ? "partition" : "Partition", id); /* a sentence's start */
    if (strcmp(index, DDB_SCHEMA_TABLE_INDEX) != 0)
        ddb_strbuf_printf(b, " of GSI %s", index);
}

static void rate(ddb_strbuf *b, double per_s, int dir)
{
    ddb_strbuf_number(b, per_s, per_s < 100 ? 1 : 0);
    ddb_strbuf_printf(b, " %s/s", unit_name[dir]);
}

/* "between 60 s and 240 s" (the end of the last throttled interval) or "in the interval at 60 s" */
static void span(ddb_strbuf *b, double first_s, double last_s, double interval_s)
{
    if (first_s == last_s)
        ddb_strbuf_printf(b, "in the interval at %g s", first_s);
    else
        ddb_strbuf_printf(b, "between %g s and %g s", first_s, last_s + interval_s);
}

/* ---- the headline ---- */

static bool key_over_cap(const facts *f) { return f->has_key && f->key_offered > f->key_cap * 1.001; }

static enum ddb_verdict_kind diagnose(const facts *f)
{
    if (f->throttles == 0 && f->failed == 0)
        return DDB_VERDICT_OK;
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
    ddb_strbuf_printf(b, " of its requests were throttled (key range throttling: %s)",
                      aws(DDB_THROTTLE_KEY_RANGE, false, f->key_dir));
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
        ddb_strbuf_puts(b, "partitions hit their hard caps (key range throttling).");
        return;
    }
    partition_name(b, p->index, (double)p->id);
    ddb_strbuf_puts(b, " hit its hard cap of ");
    rate(b, hard_cap_per_s[p->peak_dir], p->peak_dir);
    ddb_strbuf_puts(b, " (key range throttling), yet no single key asked for more than the cap: several hot keys share it.");
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
        ddb_strbuf_puts(b, " of attempts ");
    }
    ddb_strbuf_printf(b, "%s).", aws(DDB_THROTTLE_PROVISIONED, false, d));
}

/* The GSI that refused the most base writes by back-pressure ("an index" when none is named). */
static const char *backpressure_index(const ddb_rundir *r)
{
    const ddb_rundir_gsi *most = NULL;
    for (size_t i = 0; i < r->n_gsis; i++)
        if (!most || r->gsis[i].backpressure_throttles > most->backpressure_throttles)
            most = &r->gsis[i];
    return most ? most->name : "an index";
}

/* Why that index's own writes waited: the reason most of its throttles had, or DDB_ADMITTED
 * when unknown. */
static enum ddb_throttle_reason backpressure_cause(const ddb_rundir *r)
{
    const ddb_rundir_index *ix = ddb_rundir_index_named(r, backpressure_index(r));
    enum ddb_throttle_reason top = DDB_ADMITTED;
    double most = 0;
    for (size_t k = 0; ix && k < r->n_reasons; k++)
        if (ix->reasons[k] > most) {
            most = ix->reasons[k];
            top = r->reason_ids[k];
        }
    return top;
}

static void headline_other(ddb_strbuf *b, const facts *f, enum ddb_verdict_kind k)
{
    if (k == DDB_VERDICT_GSI_BACKPRESSURE) {
        const char *name = backpressure_index(f->r);
        enum ddb_throttle_reason cause = backpressure_cause(f->r);
        const char *why = aws(cause, true, DDB_WRITE);
        ddb_strbuf_printf(b, "GSI back-pressure: %s%s could not keep up with the base table's writes",
                          strcmp(name, "an index") ? "index " : "", name);
        if (cause == DDB_THROTTLE_ON_DEMAND)
            ddb_strbuf_printf(b, " while its on-demand capacity was still growing (an on-demand index serves "
                                 "up to double its previous peak at once; %s)", why);
        else if (cause == DDB_THROTTLE_KEY_RANGE)
            ddb_strbuf_printf(b, ": its hot partitions were at their hard cap (%s)", why);
        else if (cause == DDB_THROTTLE_MAX_ON_DEMAND)
            ddb_strbuf_printf(b, ": it was at its maximum (max_wcu; %s)", why);
        else if (cause == DDB_THROTTLE_PROVISIONED)
            ddb_strbuf_printf(b, ": it ran out of its provisioned write capacity (%s)", why);
        ddb_strbuf_puts(b, ", so ");
        ddb_strbuf_number(b, f->backpressure, 0);
        ddb_strbuf_puts(b, " base-table writes were refused.");
        return;
    }
    enum ddb_throttle_reason why = other_top(f);
    if (why == DDB_THROTTLE_ON_DEMAND && f->on_demand_gsi) {
        ddb_strbuf_printf(b, "On-demand capacity still growing on index %s: an on-demand index serves up "
                             "to double its previous peak at once, and ", f->on_demand_gsi);
        ddb_strbuf_number(b, f->on_demand, 0);
        ddb_strbuf_printf(b, " requests above that were throttled (%s) until its capacity "
                             "grew.", aws(why, true, f->dir));
        return;
    }
    if (why == DDB_THROTTLE_ON_DEMAND) {
        ddb_strbuf_puts(b, "On-demand capacity still growing: the table serves up to double its previous "
                           "peak at once, and ");
        ddb_strbuf_number(b, f->on_demand, 0);
        ddb_strbuf_printf(b, " requests above that were throttled (%s) until its capacity "
                             "grew.", aws(why, false, f->dir));
        return;
    }
    if (why == DDB_THROTTLE_ACCOUNT_LIMIT) {
        ddb_strbuf_puts(b, "The table's quota was reached: ");
        ddb_strbuf_number(b, f->account_limit, 0);
        ddb_strbuf_printf(b, " requests were throttled (%s).", aws(why, false, f->dir));
        return;
    }
    if (why != DDB_ADMITTED) {
        ddb_strbuf_puts(b, "The on-demand maximum held the table: ");
        ddb_strbuf_number(b, f->max_on_demand, 0);
        ddb_strbuf_printf(b, " requests were throttled (%s).", aws(why, false, f->dir));
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

static char *headline(const facts *f, enum ddb_verdict_kind k)
{
    ddb_strbuf b = {0};
    switch (k) {
    case DDB_VERDICT_OK: headline_ok(&b, f); break;
    case DDB_VERDICT_HOT_KEY: headline_hot_key(&b, f); break;
    case DDB_VERDICT_HOT_PARTITION: headline_hot_partition(&b, f); break;
    case DDB_VERDICT_UNDER_PROVISIONED: headline_under(&b, f); break;
    default: headline_other(&b, f, k); break;
    }
    return ddb_strbuf_take(&b);
}

/* ---- the findings ---- */

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

/* The key's attempts beside what the application asked, when retries made them more. */
static void key_attempts(ddb_strbuf *b, const facts *f, bool precise)
{
    if (!(f->key_attempted > f->key_offered * 1.001))
        return;
    ddb_strbuf_puts(b, " (");
    if (precise) {
        ddb_strbuf_number(b, f->key_attempted, 1);
        ddb_strbuf_printf(b, " %s/s", unit_name[f->key_dir]);
    } else {
        rate(b, f->key_attempted, f->key_dir);
    }
    ddb_strbuf_puts(b, " in attempts, retries included)");
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
        ddb_strbuf_puts(&b, " of all attempts), each one more request on the capacity that was short.");
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
        ddb_strbuf_puts(&b, ".");
        add_finding(v, &b);
    }
}

static char *advice(const facts *f, enum ddb_verdict_kind k)
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

/* ---- the numbers behind it ---- */

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

void ddb_verdict_make(ddb_verdict *v, const ddb_rundir *r)
{
    memset(v, 0, sizeof *v);
    facts f;
    gather(&f, r);
    v->kind = diagnose(&f);
    v->headline = headline(&f, v->kind);
    finding_throttles(v, &f);
    finding_worst_partition(v, &f);
    finding_key(v, &f);
    finding_window(v, &f);
    finding_failures(v, &f);
    finding_transactions(v, &f);
    finding_splits(v, &f);
    finding_gsis(v, &f);
    v->advice = advice(&f, v->kind);
    number_table(v, &f);
    number_requests(v, &f);
    number_hot_partition(v, &f);
    number_hot_key(v, &f);
    number_worst_partition(v, &f);
    number_latency(v, &f);
    number_files(v, &f);
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
                                        "GSI back-pressure", "throttled"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
