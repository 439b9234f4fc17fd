/* out_gsi — gsi.csv rows. See out_gsi.h. */
#include "sim/output/out_gsi.h"

#include <inttypes.h>
#include "sim/output/out_csv.h"

void ddb_csv_gsi_header(FILE *f)
{
    fputs("t_s,gsi,lag_p50_ms,lag_p99_ms,lag_max_ms,backlog,backpressure_throttles,stale_reads\n", f);
}

/* A lag in ms with three decimals, or an empty field when no write was applied. */
static void lag_field(FILE *f, const ddb_quantile *q, double ms)
{
    fputc(',', f);
    if (q->count > 0)
        fprintf(f, "%.3f", ms);
}

void ddb_csv_gsi_row(FILE *f, const ddb_gsi_row *r)
{
    ddb_csv_milli(f, r->t_ns / 1000000); /* seconds, to the millisecond */
    fputc(',', f);
    ddb_csv_field(f, r->gsi);
    lag_field(f, r->lag, ddb_quantile_value(r->lag, 0.50) / 1e6);
    lag_field(f, r->lag, ddb_quantile_value(r->lag, 0.99) / 1e6);
    lag_field(f, r->lag, (double)r->lag_max_ns / 1e6);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", r->backlog, r->backpressure_throttles,
            r->stale_reads);
}
