/* out_csv — the rows of a run's CSV files, in the columns of sim/output/schema.h (the contract).
 *
 * Numbers are written without locale: capacity in units with up to three decimals ("12.5"),
 * times in seconds, latencies in milliseconds with three decimals; an empty field means "no data"
 * (a latency in an interval where nothing completed).
 */
#ifndef DDB_OUT_CSV_H
#define DDB_OUT_CSV_H

#include <stdint.h>
#include <stdio.h>
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/model/rows.h"

/* Write a milli-unit value as a decimal with no trailing zeros ("1500" -> "1.5"). */
void ddb_csv_milli(FILE *f, int64_t milli);
/* Write s as one CSV field, quoted when it holds a comma, quote or line break. */
void ddb_csv_field(FILE *f, const char *s);

void ddb_csv_timeseries_header(FILE *f);
void ddb_csv_timeseries_row(FILE *f, const ddb_ts_row *row);

/* partitions.csv has one row per partition per interval (10,000 partitions at 1 s intervals are
 * 10,000 rows a simulated second), so its rows go through a writer that formats them by hand into
 * a block of text written to f when full or flushed, and formats the fields a table's rows of one
 * interval share (t_s, index) once. Flush before closing f; free does not flush. The rows of one
 * interval may pass the same index pointer: the text it held when first passed is taken as its
 * text for that interval (a name that changes comes in another buffer). */
typedef struct ddb_csv_parts ddb_csv_parts;

void ddb_csv_partitions_header(FILE *f);
ddb_csv_parts *ddb_csv_partitions_new(FILE *f);
void ddb_csv_partitions_row(ddb_csv_parts *w, int64_t t_ns, const char *index, size_t partition,
                            const ddb_part_counters *c, const int64_t burst_milli[2]);
void ddb_csv_partitions_flush(ddb_csv_parts *w);
void ddb_csv_partitions_free(ddb_csv_parts *w);

void ddb_csv_keys_header(FILE *f);
/* kind: one of ddb_keys_kind_name (schema.h). */
void ddb_csv_keys_row(FILE *f, const char *kind, size_t rank, const char *index,
                      const ddb_keytab *k, const ddb_keystat *e);

/* events.csv: partition empty when the event is the table's (partition = UINT32_MAX). */
void ddb_csv_events_header(FILE *f);
void ddb_csv_events_row(FILE *f, int64_t t_ns, const char *index, const char *kind,
                        uint32_t partition, const char *detail);

/* latency.csv: the CDF of completed logical requests' latencies, one row per non-empty sketch
 * bucket (latency_ms = the bucket's upper end). */
void ddb_csv_latency_header(FILE *f);
void ddb_csv_latency_rows(FILE *f, const char *op, const ddb_quantile *q);

#endif
