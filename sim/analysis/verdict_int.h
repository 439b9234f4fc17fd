/* verdict_int — what verdict.c and its parts (verdict_headline.c, verdict_findings.c,
 * verdict_numbers.c) share: the facts gathered from the folder and the helpers that word them.
 * Private to sim/analysis/verdict*.c. */
#ifndef DDB_VERDICT_INT_H
#define DDB_VERDICT_INT_H

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "sim/analysis/verdict.h"
#include "sim/support/alloc.h"
#include "sim/support/strbuf.h"
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
    double tx_conflicts;       /* transaction attempts cancelled with TransactionConflict */
    double tx_conflict_writes; /* plain writes refused (TransactionConflictException) */
} facts;

/* AWS's name for a reason (sim/model/reasons.h), d a direction as facts hold it. */
static inline const char *aws(enum ddb_throttle_reason r, bool is_index, int d)
{
    return ddb_throttle_aws_name(r, is_index, (enum ddb_dir)d);
}

static inline int dir_of_unit(const char *unit) { return unit && !strcmp(unit, "rcu") ? 0 : 1; }

/* Among the other reasons, the one that throttled most: DDB_THROTTLE_ON_DEMAND,
 * DDB_THROTTLE_ACCOUNT_LIMIT, DDB_THROTTLE_MAX_ON_DEMAND, or DDB_ADMITTED when none did. */
static inline enum ddb_throttle_reason other_top(const facts *f)
{
    double top = fmax(f->on_demand, fmax(f->account_limit, f->max_on_demand));
    if (top <= 0)
        return DDB_ADMITTED;
    return top == f->on_demand        ? DDB_THROTTLE_ON_DEMAND
           : top == f->account_limit ? DDB_THROTTLE_ACCOUNT_LIMIT
                                     : DDB_THROTTLE_MAX_ON_DEMAND;
}

static inline bool key_over_cap(const facts *f) { return f->has_key && f->key_offered > f->key_cap * 1.001; }

static inline void push_str(char ***arr, size_t *n, char *s)
{
    *arr = ddb_xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = s;
}

static inline void add_finding(ddb_verdict *v, ddb_strbuf *b) { push_str(&v->findings, &v->n_findings, ddb_strbuf_take(b)); }

static inline void add_number(ddb_verdict *v, const char *label, ddb_strbuf *b)
{
    v->numbers = ddb_xrealloc(v->numbers, (v->n_numbers + 1) * sizeof *v->numbers);
    v->numbers[v->n_numbers].label = ddb_xstrdup(label);
    v->numbers[v->n_numbers++].value = ddb_strbuf_take(b);
}

/* "partition #4" or "partition #0 of GSI byStatus" */
static inline void partition_name(ddb_strbuf *b, const char *index, double id)
{
    ddb_strbuf_printf(b, "%s #%.0f", b->len ? "partition" : "Partition", id); /* a sentence's start */
    if (strcmp(index, DDB_SCHEMA_TABLE_INDEX) != 0)
        ddb_strbuf_printf(b, " of GSI %s", index);
}

static inline void rate(ddb_strbuf *b, double per_s, int dir)
{
    ddb_strbuf_number(b, per_s, per_s < 100 ? 1 : 0);
    ddb_strbuf_printf(b, " %s/s", unit_name[dir]);
}

/* "between 60 s and 240 s" (the end of the last throttled interval) or "in the interval at 60 s" */
static inline void span(ddb_strbuf *b, double first_s, double last_s, double interval_s)
{
    if (first_s == last_s)
        ddb_strbuf_printf(b, "in the interval at %g s", first_s);
    else
        ddb_strbuf_printf(b, "between %g s and %g s", first_s, last_s + interval_s);
}

/* The GSI that refused the most base writes by back-pressure ("an index" when none is named). */
static inline const char *backpressure_index(const ddb_rundir *r)
{
    const ddb_rundir_gsi *most = NULL;
    for (size_t i = 0; i < r->n_gsis; i++)
        if (!most || r->gsis[i].backpressure_throttles > most->backpressure_throttles)
            most = &r->gsis[i];
    return most ? most->name : "an index";
}

/* Why that index's own writes waited: the reason most of its throttles had, or DDB_ADMITTED
 * when unknown. */
static inline enum ddb_throttle_reason backpressure_cause(const ddb_rundir *r)
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

/* The key's attempts beside what the application asked, when retries made them more. */
static inline void key_attempts(ddb_strbuf *b, const facts *f, bool precise)
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

/* The key of index (a GSI's name, or the table's) that keys.csv ranks first by throttles, or by
 * requests when none of its keys was throttled; NULL when keys.csv lists none of it. */
static inline const ddb_rundir_key *index_hot_key(const ddb_rundir *r, const char *index)
{
    for (size_t i = 0; i < r->n_throttled; i++)
        if (!strcmp(r->throttled[i].index, index) && r->throttled[i].throttles > 0)
            return &r->throttled[i];
    for (size_t i = 0; i < r->n_accessed; i++)
        if (!strcmp(r->accessed[i].index, index))
            return &r->accessed[i];
    return NULL;
}

/* "its hottest key, OPEN, had 125,232 requests, 51.3% of them throttled" for index's hottest key
 * (nothing when keys.csv lists none of it). */
static inline void index_hot_key_text(ddb_strbuf *b, const ddb_rundir *r, const char *index)
{
    const ddb_rundir_key *k = index_hot_key(r, index);
    if (!k)
        return;
    ddb_strbuf_printf(b, "its hottest key, %s, had ", k->key);
    ddb_strbuf_number(b, k->requests, 0);
    ddb_strbuf_puts(b, " requests");
    if (k->throttles > 0) {
        ddb_strbuf_puts(b, ", ");
        ddb_strbuf_percent(b, k->requests > 0 ? k->throttles / k->requests : 0);
        ddb_strbuf_puts(b, " of them throttled");
    }
}

/* The headline of diagnosis k (verdict_headline.c); malloc'd. */
char *ddb_verdict_headline(const facts *f, enum ddb_verdict_kind k);
/* What to do about diagnosis k, or NULL (verdict_headline.c); malloc'd. */
char *ddb_verdict_advice(const facts *f, enum ddb_verdict_kind k);
/* The findings that support it, most telling first (verdict_findings.c). */
void ddb_verdict_findings(ddb_verdict *v, const facts *f);
/* The figures the text is built from, with their source (verdict_numbers.c). */
void ddb_verdict_numbers(ddb_verdict *v, const facts *f);

#endif
