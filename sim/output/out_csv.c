/* out_csv — CSV rows. See out_csv.h. */
#include "sim/output/out_csv.h"

#include <inttypes.h>
#include <string.h>

void ddb_csv_milli(FILE *f, int64_t milli)
{
    uint64_t mag = (uint64_t)milli; /* unsigned, so that INT64_MIN negates without overflow */
    if (milli < 0) {
        fputc('-', f);
        mag = 0 - mag;
    }
    uint64_t whole = mag / 1000, frac = mag % 1000;
    if (frac == 0)
        fprintf(f, "%" PRIu64, whole);
    else if (frac % 100 == 0)
        fprintf(f, "%" PRIu64 ".%" PRIu64, whole, frac / 100);
    else if (frac % 10 == 0)
        fprintf(f, "%" PRIu64 ".%02" PRIu64, whole, frac / 10);
    else
        fprintf(f, "%" PRIu64 ".%03" PRIu64, whole, frac);
}

/* Seconds from nanoseconds, to the millisecond (intervals are whole milliseconds). */
static void write_t_s(FILE *f, int64_t t_ns) { ddb_csv_milli(f, t_ns / 1000000); }

void ddb_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void ddb_csv_timeseries_header(FILE *f)
{
    fputs("t_s,index,read_requests,write_requests,read_throttles,write_throttles,"
          "consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,retries,"
          "latency_p50_ms,latency_p99_ms",
          f);
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        fprintf(f, ",throttles_%s", ddb_throttle_column[r]);
    fputs(",failed,logical_requests,succeeded,unprocessed_items,item_collection_size_limit\n", f);
}

static void write_latency(FILE *f, const ddb_quantile *q, double quantile)
{
    fputc(',', f);
    if (q->count > 0)
        fprintf(f, "%.3f", ddb_quantile_value(q, quantile) / 1e6);
}

void ddb_csv_timeseries_row(FILE *f, const ddb_ts_row *row)
{
    const ddb_counters *c = row->c;
    write_t_s(f, row->t_ns);
    fputc(',', f);
    ddb_csv_field(f, row->index);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",", c->requests[DDB_READ],
            c->requests[DDB_WRITE], c->throttles[DDB_READ], c->throttles[DDB_WRITE]);
    ddb_csv_milli(f, c->consumed_milli[DDB_READ]);
    fputc(',', f);
    ddb_csv_milli(f, c->consumed_milli[DDB_WRITE]);
    fputc(',', f);
    ddb_csv_milli(f, row->provisioned_milli[DDB_READ]);
    fputc(',', f);
    ddb_csv_milli(f, row->provisioned_milli[DDB_WRITE]);
    fprintf(f, ",%" PRIu64, c->retries);
    write_latency(f, row->latency, 0.50);
    write_latency(f, row->latency, 0.99);
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        fprintf(f, ",%" PRIu64, c->by_reason[DDB_READ][r] + c->by_reason[DDB_WRITE][r]);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", c->failed,
            c->arrivals, c->succeeded, c->unprocessed_items, c->item_collection_size_limit);
}

void ddb_csv_partitions_header(FILE *f)
{
    fputs("t_s,index,partition,consumed_rcu,consumed_wcu,read_throttles,write_throttles,"
          "burst_rcu,burst_wcu\n",
          f);
}

void ddb_csv_partitions_row(FILE *f, int64_t t_ns, const char *index, size_t partition,
                            const ddb_part_counters *c, const int64_t burst_milli[2])
{
    write_t_s(f, t_ns);
    fputc(',', f);
    ddb_csv_field(f, index);
    fprintf(f, ",%zu,", partition);
    ddb_csv_milli(f, c->consumed_milli[DDB_READ]);
    fputc(',', f);
    ddb_csv_milli(f, c->consumed_milli[DDB_WRITE]);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",", c->throttles[DDB_READ], c->throttles[DDB_WRITE]);
    ddb_csv_milli(f, burst_milli[DDB_READ]);
    fputc(',', f);
    ddb_csv_milli(f, burst_milli[DDB_WRITE]);
    fputc('\n', f);
}

void ddb_csv_keys_header(FILE *f)
{
    fputs("kind,rank,index,key,requests,throttles,consumed_rcu,consumed_wcu\n", f);
}

void ddb_csv_keys_row(FILE *f, const char *kind, size_t rank, const char *index,
                      const ddb_keytab *k, const ddb_keystat *e)
{
    fprintf(f, "%s,%zu,", kind, rank);
    ddb_csv_field(f, index);
    fputc(',', f);
    ddb_csv_field(f, ddb_keytab_name(k, e));
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",", e->requests, e->throttles);
    ddb_csv_milli(f, e->consumed_rcu_milli);
    fputc(',', f);
    ddb_csv_milli(f, e->consumed_wcu_milli);
    fputc('\n', f);
}

void ddb_csv_events_header(FILE *f) { fputs("t_s,index,kind,partition,detail\n", f); }

void ddb_csv_events_row(FILE *f, int64_t t_ns, const char *index, const char *kind,
                        uint32_t partition, const char *detail)
{
    write_t_s(f, t_ns);
    fputc(',', f);
    ddb_csv_field(f, index);
    fputc(',', f);
    ddb_csv_field(f, kind);
    fputc(',', f);
    if (partition != UINT32_MAX)
        fprintf(f, "%" PRIu32, partition);
    fputc(',', f);
    ddb_csv_field(f, detail);
    fputc('\n', f);
}

void ddb_csv_latency_header(FILE *f) { fputs("op,latency_ms,cumulative_fraction\n", f); }

void ddb_csv_latency_rows(FILE *f, const char *op, const ddb_quantile *q)
{
    uint64_t seen = 0;
    for (unsigned b = 0; b < DDB_QUANTILE_BUCKETS; b++) {
        if (!q->buckets[b])
            continue;
        seen += q->buckets[b];
        fprintf(f, "%s,%.3f,%.6f\n", op, ddb_quantile_bucket_high(b) / 1e6,
                (double)seen / (double)q->count);
    }
}
