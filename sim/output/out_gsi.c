/* out_gsi — gsi.csv rows. See out_gsi.h. */
#include "sim/output/out_gsi.h"

#include <inttypes.h>
#include "sim/output/out_csv.h"
#include "sim/output/schema.h"

void ddb_csv_gsi_header(FILE *f) { ddb_schema_header(f, &ddb_schema_gsi); }

/* A lag in ms with three decimals, or an empty field when no write was applied. */
static void lag_field(FILE *f, const ddb_quantile *q, double ms)
{
    if (q->count > 0)
        fprintf(f, "%.3f", ms);
}

/* Each column in the schema's order (see ddb_csv_timeseries_row). */
void ddb_csv_gsi_row(FILE *f, const ddb_gsi_row *r)
{
    for (int col = 0; col < DDB_GSICSV_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_gsicsv_col)col) {
        case DDB_GSICSV_T_S: ddb_csv_milli(f, r->t_ns / 1000000); break; /* s, to the ms */
        case DDB_GSICSV_GSI: ddb_csv_field(f, r->gsi); break;
        case DDB_GSICSV_LAG_P50_MS: lag_field(f, r->lag, ddb_quantile_value(r->lag, 0.50) / 1e6); break;
        case DDB_GSICSV_LAG_P99_MS: lag_field(f, r->lag, ddb_quantile_value(r->lag, 0.99) / 1e6); break;
        case DDB_GSICSV_LAG_MAX_MS: lag_field(f, r->lag, (double)r->lag_max_ns / 1e6); break;
        case DDB_GSICSV_BACKLOG: fprintf(f, "%" PRIu64, r->backlog); break;
        case DDB_GSICSV_BACKPRESSURE_THROTTLES: fprintf(f, "%" PRIu64, r->backpressure_throttles); break;
        case DDB_GSICSV_STALE_READS: fprintf(f, "%" PRIu64, r->stale_reads); break;
        case DDB_GSICSV_N: break;
        }
    }
    fputc('\n', f);
}
