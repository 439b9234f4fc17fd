/* out_csv — CSV rows. See out_csv.h. */
#include "sim/output/out_csv.h"

#include <inttypes.h>
#include <string.h>
#include "sim/output/schema.h"

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

void ddb_csv_timeseries_header(FILE *f) { ddb_schema_header(f, &ddb_schema_timeseries); }

static void write_latency(FILE *f, const ddb_quantile *q, double quantile)
{
    if (q->count > 0)
        fprintf(f, "%.3f", ddb_quantile_value(q, quantile) / 1e6);
}

static void write_u64(FILE *f, uint64_t x) { fprintf(f, "%" PRIu64, x); }

/* Each column in the schema's order: a column the schema adds does not compile until it has a
 * case here (-Wswitch). */
void ddb_csv_timeseries_row(FILE *f, const ddb_ts_row *row)
{
    const ddb_counters *c = row->c;
    for (int col = 0; col < DDB_TS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_ts_col)col) {
        case DDB_TS_T_S: write_t_s(f, row->t_ns); break;
        case DDB_TS_INDEX: ddb_csv_field(f, row->index); break;
        case DDB_TS_READ_REQUESTS: write_u64(f, c->requests[DDB_READ]); break;
        case DDB_TS_WRITE_REQUESTS: write_u64(f, c->requests[DDB_WRITE]); break;
        case DDB_TS_READ_THROTTLES: write_u64(f, c->throttles[DDB_READ]); break;
        case DDB_TS_WRITE_THROTTLES: write_u64(f, c->throttles[DDB_WRITE]); break;
        case DDB_TS_CONSUMED_RCU: ddb_csv_milli(f, c->consumed_milli[DDB_READ]); break;
        case DDB_TS_CONSUMED_WCU: ddb_csv_milli(f, c->consumed_milli[DDB_WRITE]); break;
        case DDB_TS_PROVISIONED_RCU: ddb_csv_milli(f, row->provisioned_milli[DDB_READ]); break;
        case DDB_TS_PROVISIONED_WCU: ddb_csv_milli(f, row->provisioned_milli[DDB_WRITE]); break;
        case DDB_TS_RETRIES: write_u64(f, c->retries); break;
        case DDB_TS_LATENCY_P50_MS: write_latency(f, row->latency, 0.50); break;
        case DDB_TS_LATENCY_P99_MS: write_latency(f, row->latency, 0.99); break;
        case DDB_TS_THROTTLES:
            for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++) {
                if (r > 1)
                    fputc(',', f);
                write_u64(f, c->by_reason[DDB_READ][r] + c->by_reason[DDB_WRITE][r]);
            }
            break;
        case DDB_TS_FAILED: write_u64(f, c->failed); break;
        case DDB_TS_LOGICAL_REQUESTS: write_u64(f, c->arrivals); break;
        case DDB_TS_SUCCEEDED: write_u64(f, c->succeeded); break;
        case DDB_TS_UNPROCESSED_ITEMS: write_u64(f, c->unprocessed_items); break;
        case DDB_TS_ITEM_COLLECTION_SIZE_LIMIT: write_u64(f, c->item_collection_size_limit); break;
        case DDB_TS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_partitions_header(FILE *f) { ddb_schema_header(f, &ddb_schema_partitions); }

void ddb_csv_partitions_row(FILE *f, int64_t t_ns, const char *index, size_t partition,
                            const ddb_part_counters *c, const int64_t burst_milli[2])
{
    for (int col = 0; col < DDB_PARTS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_parts_col)col) {
        case DDB_PARTS_T_S: write_t_s(f, t_ns); break;
        case DDB_PARTS_INDEX: ddb_csv_field(f, index); break;
        case DDB_PARTS_PARTITION: fprintf(f, "%zu", partition); break;
        case DDB_PARTS_CONSUMED_RCU: ddb_csv_milli(f, c->consumed_milli[DDB_READ]); break;
        case DDB_PARTS_CONSUMED_WCU: ddb_csv_milli(f, c->consumed_milli[DDB_WRITE]); break;
        case DDB_PARTS_READ_THROTTLES: write_u64(f, c->throttles[DDB_READ]); break;
        case DDB_PARTS_WRITE_THROTTLES: write_u64(f, c->throttles[DDB_WRITE]); break;
        case DDB_PARTS_BURST_RCU: ddb_csv_milli(f, burst_milli[DDB_READ]); break;
        case DDB_PARTS_BURST_WCU: ddb_csv_milli(f, burst_milli[DDB_WRITE]); break;
        case DDB_PARTS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_keys_header(FILE *f) { ddb_schema_header(f, &ddb_schema_keys); }

void ddb_csv_keys_row(FILE *f, const char *kind, size_t rank, const char *index,
                      const ddb_keytab *k, const ddb_keystat *e)
{
    const ddb_keyoffer *offer = &k->offers[e - k->entries];
    for (int col = 0; col < DDB_KEYS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_keys_col)col) {
        case DDB_KEYS_KIND: fputs(kind, f); break;
        case DDB_KEYS_RANK: fprintf(f, "%zu", rank); break;
        case DDB_KEYS_INDEX: ddb_csv_field(f, index); break;
        case DDB_KEYS_KEY: ddb_csv_field(f, ddb_keytab_name(k, e)); break;
        case DDB_KEYS_REQUESTS: write_u64(f, e->requests); break;
        case DDB_KEYS_THROTTLES: write_u64(f, e->throttles); break;
        case DDB_KEYS_CONSUMED_RCU: ddb_csv_milli(f, e->consumed_rcu_milli); break;
        case DDB_KEYS_CONSUMED_WCU: ddb_csv_milli(f, e->consumed_wcu_milli); break;
        case DDB_KEYS_OFFERED_RCU: ddb_csv_milli(f, offer->first_milli[DDB_READ]); break;
        case DDB_KEYS_OFFERED_WCU: ddb_csv_milli(f, offer->first_milli[DDB_WRITE]); break;
        case DDB_KEYS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_events_header(FILE *f) { ddb_schema_header(f, &ddb_schema_events); }

void ddb_csv_events_row(FILE *f, int64_t t_ns, const char *index, const char *kind,
                        uint32_t partition, const char *detail)
{
    for (int col = 0; col < DDB_EVENTS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_events_col)col) {
        case DDB_EVENTS_T_S: write_t_s(f, t_ns); break;
        case DDB_EVENTS_INDEX: ddb_csv_field(f, index); break;
        case DDB_EVENTS_KIND: ddb_csv_field(f, kind); break;
        case DDB_EVENTS_PARTITION:
            if (partition != UINT32_MAX)
                fprintf(f, "%" PRIu32, partition);
            break;
        case DDB_EVENTS_DETAIL: ddb_csv_field(f, detail); break;
        case DDB_EVENTS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_latency_header(FILE *f) { ddb_schema_header(f, &ddb_schema_latency); }

static void latency_row(FILE *f, const char *op, double latency_ms, double fraction)
{
    for (int col = 0; col < DDB_LATENCY_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_latency_col)col) {
        case DDB_LATENCY_OP: fputs(op, f); break;
        case DDB_LATENCY_LATENCY_MS: fprintf(f, "%.3f", latency_ms); break;
        case DDB_LATENCY_CUMULATIVE_FRACTION: fprintf(f, "%.6f", fraction); break;
        case DDB_LATENCY_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_latency_rows(FILE *f, const char *op, const ddb_quantile *q)
{
    uint64_t seen = 0;
    for (unsigned b = 0; b < DDB_QUANTILE_BUCKETS; b++) {
        if (!q->buckets[b])
            continue;
        seen += q->buckets[b];
        latency_row(f, op, ddb_quantile_bucket_high(b) / 1e6, (double)seen / (double)q->count);
    }
}
