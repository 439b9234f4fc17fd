/* schema — everything a run (and a sweep, a comparison, a plan) writes, described once: each
 * file, each CSV column with its unit and meaning, the CloudWatch metrics; with the model's lists
 * (throttle reasons: sim/model/reasons.h; event kinds: sim/model/event_kinds.h; the partitions'
 * hard caps: sim/model/keyspace.h) it is the whole output contract.
 *
 * The writers write the columns in the schema's order (out_csv.c, out_gsi.c, out_sweep.c: a
 * switch over each file's column enum, so a column without a writer does not compile), the
 * run-folder reader and the CloudWatch writer find columns by the schema's names, and
 * docs/outputs.md is generated from it (`ddbsim reference --outputs`; a test fails when the
 * committed file differs). `ddbsim reference --columns` lists every column, one per line, for
 * the test that checks the plot scripts' column names.
 *
 * Each file's columns are an X-macro: X(ID, REPEAT, name, unit, meaning), generating the enum
 * (ID, in header order) and the table (ddb_schema_<file>.cols). REPEAT is
 *   ONCE           one column, called name;
 *   PER_REASON     one column per throttle reason, name + the reason's column
 *                  ("throttles_key_range");
 *   PER_AWS_REASON one per direction and reason that applies to it, in summary.json's
 *                  throttles_by_reason order, name + AWS's name
 *                  ("throttles_TableReadKeyRangeThroughputExceeded");
 *   PER_AXIS       one per --grid axis, named by its path: written by the caller, before the rest.
 * New columns go at the end of a file (readers find columns by name, but people's scripts may not).
 */
#ifndef DDB_SCHEMA_H
#define DDB_SCHEMA_H

#include <stddef.h>
#include <stdio.h>
#include "sim/model/event_kinds.h"
#include "sim/model/keyspace.h"
#include "sim/model/reasons.h"
#include "sim/model/rows.h"

/* The index column's value for the base table's rows (a GSI's rows hold its name). */
#define DDB_SCHEMA_TABLE_INDEX DDB_TABLE_INDEX /* sim/model/rows.h */

enum ddb_col_repeat { DDB_COL_ONCE, DDB_COL_PER_REASON, DDB_COL_PER_AWS_REASON, DDB_COL_PER_AXIS };

typedef struct ddb_column {
    const char *name;          /* the header's name; for a family, its prefix */
    enum ddb_col_repeat repeat;
    const char *unit;          /* "s", "RCU", "attempts", ...; "" for names and text */
    const char *meaning;
} ddb_column;

typedef struct ddb_file_schema {
    const char *file;          /* "timeseries.csv" */
    const char *written;       /* by which command, and when */
    const char *rows;          /* what a row is (a CSV file), or what the file holds */
    const ddb_column *cols;    /* NULL: not a CSV file */
    size_t n_cols;
} ddb_file_schema;

#define DDB_TIMESERIES_COLUMNS(X)                                                                  \
    X(DDB_TS_T_S, ONCE, "t_s", "s", "start of the interval, from the start of the run")            \
    X(DDB_TS_INDEX, ONCE, "index", "", "`" DDB_SCHEMA_TABLE_INDEX "`, or the GSI's name")          \
    X(DDB_TS_READ_REQUESTS, ONCE, "read_requests", "attempts",                                     \
      "read attempts, retries included (a GSI's: gsi_query reads)")                                \
    X(DDB_TS_WRITE_REQUESTS, ONCE, "write_requests", "attempts",                                   \
      "write attempts, retries included (a GSI's: its index writes)")                              \
    X(DDB_TS_READ_THROTTLES, ONCE, "read_throttles", "attempts",                                   \
      "read attempts refused (a batch counts when every item was, as ThrottledRequests)")          \
    X(DDB_TS_WRITE_THROTTLES, ONCE, "write_throttles", "attempts",                                 \
      "write attempts refused (a GSI's: index writes that had to wait in its backlog)")            \
    X(DDB_TS_CONSUMED_RCU, ONCE, "consumed_rcu", "RCU", "read capacity consumed in the interval")  \
    X(DDB_TS_CONSUMED_WCU, ONCE, "consumed_wcu", "WCU", "write capacity consumed in the interval") \
    X(DDB_TS_PROVISIONED_RCU, ONCE, "provisioned_rcu", "RCU/s",                                    \
      "provisioned read capacity, averaged over the interval when it changed in it; "              \
      "0 on-demand")                                                                               \
    X(DDB_TS_PROVISIONED_WCU, ONCE, "provisioned_wcu", "WCU/s",                                    \
      "provisioned write capacity, as provisioned_rcu")                                            \
    X(DDB_TS_RETRIES, ONCE, "retries", "attempts",                                                 \
      "attempts that were retries (a GSI's: index writes taken from its backlog)")                 \
    X(DDB_TS_LATENCY_P50_MS, ONCE, "latency_p50_ms", "ms",                                         \
      "median latency of the requests completed in the interval; empty when none was")             \
    X(DDB_TS_LATENCY_P99_MS, ONCE, "latency_p99_ms", "ms",                                         \
      "99th percentile latency, as latency_p50_ms")                                                \
    X(DDB_TS_THROTTLES, PER_REASON, "throttles_", "events",                                        \
      "throttle events for the reason, reads and writes together; one per refused batch item")     \
    X(DDB_TS_FAILED, ONCE, "failed", "requests",                                                   \
      "logical requests that failed: out of attempts or retry quota")                              \
    X(DDB_TS_LOGICAL_REQUESTS, ONCE, "logical_requests", "requests",                               \
      "requests the clients issued; attempts over logical requests is the retry amplification")    \
    X(DDB_TS_SUCCEEDED, ONCE, "succeeded", "requests", "logical requests completed")               \
    X(DDB_TS_UNPROCESSED_ITEMS, ONCE, "unprocessed_items", "items",                                \
      "batch items refused, returned as UnprocessedItems")                                         \
    X(DDB_TS_ITEM_COLLECTION_SIZE_LIMIT, ONCE, "item_collection_size_limit", "writes",             \
      "writes refused with ItemCollectionSizeLimitExceededException (tables with LSIs)")          \
    X(DDB_TS_TX_CANCELLED_THROTTLING, ONCE, "transactions_cancelled_throttling", "attempts",       \
      "transaction attempts cancelled (TransactionCanceledException) with cancellation reason "    \
      "ThrottlingError: an item's partition had no capacity; 0 without transactions")              \
    X(DDB_TS_TX_CANCELLED_CONFLICT, ONCE, "transactions_cancelled_conflict", "attempts",           \
      "transaction attempts cancelled with cancellation reason TransactionConflict: another "      \
      "transaction held an item")                                                                  \
    X(DDB_TS_TX_CONFLICTS, ONCE, "transaction_conflicts", "items",                                 \
      "item-level requests rejected for a conflict, as CloudWatch's TransactionConflict: the held " \
      "items of cancelled transactions and the plain writes refused")                              \
    X(DDB_TS_TX_CONFLICT_EXCEPTIONS, ONCE, "transaction_conflict_exceptions", "writes",            \
      "plain writes (put, update, delete) refused with TransactionConflictException: a "           \
      "transaction held the item")

#define DDB_PARTITIONS_COLUMNS(X)                                                                  \
    X(DDB_PARTS_T_S, ONCE, "t_s", "s", "start of the interval")                                    \
    X(DDB_PARTS_INDEX, ONCE, "index", "", "`" DDB_SCHEMA_TABLE_INDEX "`, or the GSI's name")       \
    X(DDB_PARTS_PARTITION, ONCE, "partition", "id",                                                \
      "the partition; a split adds a new id, from the interval it was made in")                    \
    X(DDB_PARTS_CONSUMED_RCU, ONCE, "consumed_rcu", "RCU",                                         \
      "read capacity consumed in the interval")                                                    \
    X(DDB_PARTS_CONSUMED_WCU, ONCE, "consumed_wcu", "WCU",                                         \
      "write capacity consumed in the interval")                                                   \
    X(DDB_PARTS_READ_THROTTLES, ONCE, "read_throttles", "attempts", "read attempts refused")       \
    X(DDB_PARTS_WRITE_THROTTLES, ONCE, "write_throttles", "attempts", "write attempts refused")    \
    X(DDB_PARTS_BURST_RCU, ONCE, "burst_rcu", "RCU",                                               \
      "read capacity saved in the partition's share bucket at the end of the interval")            \
    X(DDB_PARTS_BURST_WCU, ONCE, "burst_wcu", "WCU", "write capacity saved, as burst_rcu")

#define DDB_KEYS_COLUMNS(X)                                                                        \
    X(DDB_KEYS_KIND, ONCE, "kind", "",                                                             \
      "the ranking: `accessed` (most requests) or `throttled` (most throttles)")                   \
    X(DDB_KEYS_RANK, ONCE, "rank", "", "1 for the first; ties by key")                             \
    X(DDB_KEYS_INDEX, ONCE, "index", "",                                                           \
      "`" DDB_SCHEMA_TABLE_INDEX "` for the table's keys, or the GSI's name for its index keys "      \
      "(each ranked on its own, the table's first)")                                               \
    X(DDB_KEYS_KEY, ONCE, "key", "", "the partition key value (an index key's: the index's)")      \
    X(DDB_KEYS_REQUESTS, ONCE, "requests", "attempts", "attempts on the key over the run")         \
    X(DDB_KEYS_THROTTLES, ONCE, "throttles", "attempts", "of them refused")                        \
    X(DDB_KEYS_CONSUMED_RCU, ONCE, "consumed_rcu", "RCU", "read capacity the key consumed")        \
    X(DDB_KEYS_CONSUMED_WCU, ONCE, "consumed_wcu", "WCU", "write capacity the key consumed")       \
    X(DDB_KEYS_OFFERED_RCU, ONCE, "offered_rcu", "RCU",                                            \
      "read capacity the application asked of the key: first attempts, retries excluded")          \
    X(DDB_KEYS_OFFERED_WCU, ONCE, "offered_wcu", "WCU", "write capacity asked likewise")

#define DDB_EVENTS_COLUMNS(X)                                                                      \
    X(DDB_EVENTS_T_S, ONCE, "t_s", "s", "when it happened, from the start of the run")             \
    X(DDB_EVENTS_INDEX, ONCE, "index", "", "`" DDB_SCHEMA_TABLE_INDEX "`, or the GSI's name")      \
    X(DDB_EVENTS_KIND, ONCE, "kind", "", "what happened: one of the event kinds below")            \
    X(DDB_EVENTS_PARTITION, ONCE, "partition", "id",                                               \
      "the partition it concerns; empty for an event of the whole table or index")                 \
    X(DDB_EVENTS_DETAIL, ONCE, "detail", "", "what changed, in words (see the event kinds)")

#define DDB_LATENCY_COLUMNS(X)                                                                     \
    X(DDB_LATENCY_OP, ONCE, "op", "", "`all`, or an operation (get, put, ...)")                    \
    X(DDB_LATENCY_LATENCY_MS, ONCE, "latency_ms", "ms", "the upper end of a latency sketch bucket") \
    X(DDB_LATENCY_CUMULATIVE_FRACTION, ONCE, "cumulative_fraction", "fraction",                    \
      "of the completed requests, those that took latency_ms or less")

#define DDB_GSI_COLUMNS(X)                                                                         \
    X(DDB_GSICSV_T_S, ONCE, "t_s", "s", "start of the interval")                                   \
    X(DDB_GSICSV_GSI, ONCE, "gsi", "", "the index's name")                                         \
    X(DDB_GSICSV_LAG_P50_MS, ONCE, "lag_p50_ms", "ms",                                             \
      "median lag from the base write's admission to the index write's, over the index writes "    \
      "applied in the interval; empty when none was")                                              \
    X(DDB_GSICSV_LAG_P99_MS, ONCE, "lag_p99_ms", "ms", "99th percentile lag, as lag_p50_ms")       \
    X(DDB_GSICSV_LAG_MAX_MS, ONCE, "lag_max_ms", "ms", "the longest lag, as lag_p50_ms")           \
    X(DDB_GSICSV_BACKLOG, ONCE, "backlog", "index writes",                                         \
      "index writes waiting for capacity at the end of the interval")                              \
    X(DDB_GSICSV_BACKPRESSURE_THROTTLES, ONCE, "backpressure_throttles", "writes",                 \
      "base-table writes refused because of this index")                                           \
    X(DDB_GSICSV_STALE_READS, ONCE, "stale_reads", "reads",                                        \
      "gsi_query reads of an item whose latest index write had not arrived")

/* Columns sweep.csv and compare.csv share (the same figure of a run). */
#define DDB_RUN_FIGURE_THROTTLE_RATE                                                               \
    "fraction", "throttled attempts over attempts, as summary.json's throttle_rate"
#define DDB_RUN_FIGURE_HOT_PARTITION                                                               \
    "fraction", "the hottest partition's peak per second over its hard cap (1 = all of it); "      \
                "empty when nothing was consumed"
#define DDB_RUN_FIGURE_HOT_KEY "", "the hottest key (summary.json's hottest_key); empty when none"
#define DDB_RUN_FIGURE_PARTITIONS "partitions", "the table's partitions at the end of the run"
#define DDB_RUN_FIGURE_P99 "ms", "99th percentile latency of the completed requests over the run"
#define DDB_RUN_FIGURE_COST_PROVISIONED                                                            \
    "USD/month", "estimated monthly cost of the capacity the scenario provisions, for its table "  \
                 "class; empty: no price"
#define DDB_RUN_FIGURE_COST_ON_DEMAND                                                              \
    "USD/month", "estimated monthly on-demand cost of what the run consumed; empty: no price"

#define DDB_SWEEP_COLUMNS(X)                                                                       \
    X(DDB_SWEEPCSV_AXES, PER_AXIS, "", "",                                                         \
      "one column per --grid axis, named by its path, holding the value as given")                 \
    X(DDB_SWEEPCSV_SEED, ONCE, "seed", "", "the run's seed")                                       \
    X(DDB_SWEEPCSV_LOGICAL_REQUESTS, ONCE, "logical_requests", "requests",                         \
      "requests the clients issued")                                                               \
    X(DDB_SWEEPCSV_ATTEMPTS, ONCE, "attempts", "attempts", "attempts, retries included")           \
    X(DDB_SWEEPCSV_THROTTLES, ONCE, "throttles", "attempts", "attempts refused")                   \
    X(DDB_SWEEPCSV_THROTTLE_RATE, ONCE, "throttle_rate", DDB_RUN_FIGURE_THROTTLE_RATE)             \
    X(DDB_SWEEPCSV_REASON_RATE, PER_AWS_REASON, "throttle_rate_", "fraction",                      \
      "throttle events for the AWS reason over attempts, as summary.json's "                       \
      "throttle_rate_by_reason")                                                                   \
    X(DDB_SWEEPCSV_FAILED, ONCE, "failed", "requests", "logical requests that failed")             \
    X(DDB_SWEEPCSV_LATENCY_P99_MS, ONCE, "latency_p99_ms", DDB_RUN_FIGURE_P99)                     \
    X(DDB_SWEEPCSV_HOT_PARTITION, ONCE, "hottest_partition_utilization",                           \
      DDB_RUN_FIGURE_HOT_PARTITION)                                                                \
    X(DDB_SWEEPCSV_HOT_KEY, ONCE, "hottest_key", DDB_RUN_FIGURE_HOT_KEY)                           \
    X(DDB_SWEEPCSV_PARTITIONS, ONCE, "partitions", DDB_RUN_FIGURE_PARTITIONS)                      \
    X(DDB_SWEEPCSV_COST_PROVISIONED, ONCE, "cost_provisioned_usd_month",                           \
      DDB_RUN_FIGURE_COST_PROVISIONED)                                                             \
    X(DDB_SWEEPCSV_COST_ON_DEMAND, ONCE, "cost_on_demand_usd_month", DDB_RUN_FIGURE_COST_ON_DEMAND)

#define DDB_COMPARE_COLUMNS(X)                                                                     \
    X(DDB_COMPARECSV_DESIGN, ONCE, "design", "", "the design's label")                             \
    X(DDB_COMPARECSV_KEY, ONCE, "key", "", "its partition key template")                           \
    X(DDB_COMPARECSV_THROTTLE_RATE, ONCE, "throttle_rate", DDB_RUN_FIGURE_THROTTLE_RATE)           \
    X(DDB_COMPARECSV_THROTTLES, PER_AWS_REASON, "throttles_", "events",                            \
      "throttle events for the AWS reason, as summary.json's throttles_by_reason")                 \
    X(DDB_COMPARECSV_HOT_PARTITION, ONCE, "hottest_partition_utilization",                         \
      DDB_RUN_FIGURE_HOT_PARTITION)                                                                \
    X(DDB_COMPARECSV_HOT_KEY, ONCE, "hottest_key", DDB_RUN_FIGURE_HOT_KEY)                         \
    X(DDB_COMPARECSV_HOT_KEY_UTILIZATION, ONCE, "hottest_key_utilization", "fraction",             \
      "what the hottest key asked of its partition's hard cap, on average (above 1 no capacity "   \
      "helps); empty when none")                                                                   \
    X(DDB_COMPARECSV_PARTITIONS_USED, ONCE, "partitions_used", "partitions",                       \
      "partitions that consumed any capacity; empty when not known")                               \
    X(DDB_COMPARECSV_PARTITIONS, ONCE, "partitions", DDB_RUN_FIGURE_PARTITIONS)                    \
    X(DDB_COMPARECSV_LATENCY_P99_MS, ONCE, "latency_p99_ms", DDB_RUN_FIGURE_P99)                   \
    X(DDB_COMPARECSV_CONSUMED_RCU, ONCE, "consumed_rcu_per_s", "RCU/s",                            \
      "read capacity the table consumed, averaged over the run (a read of every shard of a "       \
      "random suffix counts each shard's read)")                                                   \
    X(DDB_COMPARECSV_CONSUMED_WCU, ONCE, "consumed_wcu_per_s", "WCU/s",                            \
      "write capacity the table consumed, averaged over the run")                                  \
    X(DDB_COMPARECSV_COST_PROVISIONED, ONCE, "cost_provisioned_usd_month",                         \
      DDB_RUN_FIGURE_COST_PROVISIONED)                                                             \
    X(DDB_COMPARECSV_COST_ON_DEMAND, ONCE, "cost_on_demand_usd_month", DDB_RUN_FIGURE_COST_ON_DEMAND) \
    X(DDB_COMPARECSV_GSI, ONCE, "gsi", "",                                                         \
      "the design's GSIs, in its order, separated by `;`: each gsi_ column below holds one value " \
      "per GSI in this order; all empty without GSIs")                                             \
    X(DDB_COMPARECSV_GSI_HOT_PARTITION, ONCE, "gsi_hottest_partition", "id",                       \
      "each GSI's hottest partition (the one that throttled most, else came closest to its hard "  \
      "cap), `;`-separated")                                                                       \
    X(DDB_COMPARECSV_GSI_HOT_PARTITION_UTILIZATION, ONCE, "gsi_hottest_partition_utilization",     \
      "fraction", "its peak over one interval, of its hard cap, `;`-separated")                    \
    X(DDB_COMPARECSV_GSI_LAG_P99_MS, ONCE, "gsi_lag_p99_ms", "ms",                                 \
      "each GSI's replication lag p99 (base write to index write applied) over the run, "          \
      "`;`-separated")                                                                             \
    X(DDB_COMPARECSV_GSI_BACKPRESSURE_THROTTLES, ONCE, "gsi_backpressure_throttles", "events",     \
      "base-table writes each GSI refused by back-pressure, `;`-separated")

#define DDB_PLAN_COLUMNS(X)                                                                        \
    X(DDB_PLANCSV_DIMENSION, ONCE, "dimension", "", "the capacity searched: `rcu` or `wcu`")       \
    X(DDB_PLANCSV_CAPACITY, ONCE, "capacity", "units/s", "the candidate's provisioned capacity")   \
    X(DDB_PLANCSV_SEED, ONCE, "seed", "", "the run's seed")                                        \
    X(DDB_PLANCSV_THROTTLE_RATE, ONCE, "throttle_rate", "fraction",                                \
      "the searched direction's throttled attempts over its attempts; a failing run stops once "    \
      "no remaining traffic could bring it under the target, and its rate is then the rate up to " \
      "its stop (the whole run's would be at least as high)")                                      \
    X(DDB_PLANCSV_VERDICT, ONCE, "verdict", "", "`pass` (within the target) or `fail`")            \
    X(DDB_PLANCSV_COST_PROVISIONED, ONCE, "cost_provisioned_usd_month",                            \
      DDB_RUN_FIGURE_COST_PROVISIONED)                                                             \
    X(DDB_PLANCSV_COST_ON_DEMAND, ONCE, "cost_on_demand_usd_month", "USD/month",                  \
      "estimated monthly on-demand cost of what the run consumed per second (up to its stop, for " \
      "a run that stopped); empty: no price")

#define DDB_SCHEMA_ENUM_(id, ...) id,
enum ddb_ts_col { DDB_TIMESERIES_COLUMNS(DDB_SCHEMA_ENUM_) DDB_TS_N };
enum ddb_parts_col { DDB_PARTITIONS_COLUMNS(DDB_SCHEMA_ENUM_) DDB_PARTS_N };
enum ddb_keys_col { DDB_KEYS_COLUMNS(DDB_SCHEMA_ENUM_) DDB_KEYS_N };
enum ddb_events_col { DDB_EVENTS_COLUMNS(DDB_SCHEMA_ENUM_) DDB_EVENTS_N };
enum ddb_latency_col { DDB_LATENCY_COLUMNS(DDB_SCHEMA_ENUM_) DDB_LATENCY_N };
enum ddb_gsicsv_col { DDB_GSI_COLUMNS(DDB_SCHEMA_ENUM_) DDB_GSICSV_N };
enum ddb_sweepcsv_col { DDB_SWEEP_COLUMNS(DDB_SCHEMA_ENUM_) DDB_SWEEPCSV_N };
enum ddb_comparecsv_col { DDB_COMPARE_COLUMNS(DDB_SCHEMA_ENUM_) DDB_COMPARECSV_N };
enum ddb_plancsv_col { DDB_PLAN_COLUMNS(DDB_SCHEMA_ENUM_) DDB_PLANCSV_N };
#undef DDB_SCHEMA_ENUM_

extern const ddb_file_schema ddb_schema_timeseries, ddb_schema_partitions, ddb_schema_keys,
    ddb_schema_events, ddb_schema_latency, ddb_schema_gsi, ddb_schema_summary,
    ddb_schema_cloudwatch, ddb_schema_manifest, ddb_schema_sweep, ddb_schema_compare,
    ddb_schema_plan;
/* Every file, in the order docs/outputs.md tells them: a run's, then the other commands'. */
extern const ddb_file_schema *const ddb_schema_files[];
extern const size_t ddb_schema_n_files;

/* keys.csv's kinds (the rankings), and latency.csv's op for every operation together. */
enum ddb_keys_kind { DDB_KEYS_ACCESSED, DDB_KEYS_THROTTLED, DDB_KEYS_KIND_COUNT };
extern const char *const ddb_keys_kind_name[DDB_KEYS_KIND_COUNT];
#define DDB_SCHEMA_LATENCY_ALL "all"

/* How many columns c stands for: 1, one per reason, one per AWS reason; 0 for PER_AXIS (the
 * caller's). */
size_t ddb_column_width(const ddb_column *c);
/* The k-th of them (k < ddb_column_width(c)): c->name followed by this ("" for ONCE). */
const char *ddb_column_suffix(const ddb_column *c, size_t k);
/* The k-th column of a PER_REASON family is cause k + 1; of a PER_AWS_REASON family, AWS
 * reason k (ddb_aws_reason_name). */
/* The file's header line (PER_AXIS columns left out: the caller writes those first), with its
 * line break. */
void ddb_schema_header(FILE *f, const ddb_file_schema *s);

/* summary.json's fields (the scenario as understood, under "scenario", is the scenario format's:
 * `ddbsim reference`). X(path, unit, when, meaning): path is dotted, "[]" stands for each element
 * of an array, <AWS reason> for each AWS reason (as sweep.csv's) and <table class> for each table
 * class; when is "" for a field every summary has, else when it has it. out_json.c writes them;
 * tests/test_schema.c checks a run's summary against this list, both ways. */
#define DDB_SUMMARY_FIELDS(X)                                                                      \
    X("ddbsim_version", "", "", "the version of ddbsim that wrote it")                             \
    X("name", "", "", "the scenario's name")                                                       \
    X("seed", "", "", "the run's seed")                                                            \
    X("duration_s", "s", "", "simulated time")                                                     \
    X("table.partitions", "partitions", "", "the table's partitions at the end of the run")        \
    X("table.splits", "splits", "", "partition splits during the run")                             \
    X("table.billing", "", "", "`provisioned` or `on_demand`")                                     \
    X("table.provisioned_rcu", "RCU/s", "", "provisioned read capacity at the start (0 on-demand)") \
    X("table.provisioned_wcu", "WCU/s", "",                                                        \
      "provisioned write capacity at the start (0 on-demand)")                                     \
    X("table.partition_share_rcu", "RCU/s", "", "partition 0's provisioned share of reads")        \
    X("table.partition_share_wcu", "WCU/s", "", "partition 0's provisioned share of writes")       \
    X("table.partition_max_rcu", "RCU/s", "", "a partition's hard cap on reads")                   \
    X("table.partition_max_wcu", "WCU/s", "", "a partition's hard cap on writes")                  \
    X("totals.logical_requests", "requests", "", "requests the clients issued")                    \
    X("totals.read_requests", "attempts", "", "read attempts, retries included")                   \
    X("totals.write_requests", "attempts", "", "write attempts, retries included")                 \
    X("totals.read_throttles", "attempts", "", "read attempts refused")                            \
    X("totals.write_throttles", "attempts", "", "write attempts refused")                          \
    X("totals.retries", "attempts", "", "attempts that were retries")                              \
    X("totals.succeeded", "requests", "", "logical requests completed")                            \
    X("totals.failed", "requests", "",                                                             \
      "logical requests that failed: out of attempts or retry quota")                              \
    X("totals.in_flight_at_end", "requests", "",                                                   \
      "logical requests still waiting to retry at the end")                                        \
    X("totals.consumed_rcu", "RCU", "", "read capacity consumed over the run")                     \
    X("totals.consumed_wcu", "WCU", "", "write capacity consumed over the run")                    \
    X("totals.offered_rcu", "RCU", "",                                                             \
      "read capacity the application asked for: first attempts, admitted or refused (retries "     \
      "excluded: a retry asks again for the same request)")                                        \
    X("totals.offered_wcu", "WCU", "", "write capacity the application asked for, likewise")       \
    X("totals.adaptive_borrowed_rcu", "RCU", "",                                                   \
      "read capacity partitions took from the table's unused capacity (adaptive capacity)")        \
    X("totals.adaptive_borrowed_wcu", "WCU", "", "write capacity taken the same way")              \
    X("totals.distinct_keys", "keys", "", "partition keys seen")                                   \
    X("totals.untracked_key_requests", "requests", "",                                             \
      "requests on keys beyond the key table's bound (not in keys.csv)")                           \
    X("totals.items_capped_at_400kb", "items", "",                                                 \
      "item sizes drawn (or read from a trace) above 400 KB, capped")                              \
    X("trace.path", "", "with a replayed trace", "the trace, as the scenario names it")            \
    X("trace.format", "", "with a replayed trace", "its format")                                   \
    X("trace.lines", "lines", "with a replayed trace", "lines read")                               \
    X("trace.skipped_bad_lines", "lines", "with a replayed trace", "lines skipped as malformed")   \
    X("simulation.mode", "", "when the scenario asks for `\"simulation\": \"aggregated\"`",          \
      "the mode that ran: `aggregated`, or `exact` when the scenario cannot be aggregated "        \
      "(without this object the run was exact, the default)")                                     \
    X("simulation.why_exact", "", "when the aggregated mode was refused",                        \
      "why the scenario ran per request")                                                          \
    X("simulation.aggregated_requests", "requests", "when aggregated",                             \
      "logical requests admitted as counts")                                                       \
    X("simulation.per_request_requests", "requests", "when aggregated",                            \
      "logical requests issued one by one (near a limit, or not single-item)")                     \
    X("throttle_rate", "fraction", "", "throttled attempts over attempts")                         \
    X("throttles_by_reason.<AWS reason>", "events", "",                                            \
      "throttle events for the reason (the throttle reasons below)")                               \
    X("throttle_rate_by_reason.<AWS reason>", "fraction", "", "those events over attempts")        \
    X("throttles_by_cause.<reason>", "events", "",                                                 \
      "throttle events by ddbsim's cause, reads and writes together (timeseries.csv's "            \
      "throttles_<reason>)")                                                                       \
    X("latency_ms.p50", "ms", "", "median latency of the requests completed over the run")         \
    X("latency_ms.p99", "ms", "", "99th percentile latency")                                       \
    X("latency_ms.p999", "ms", "", "99.9th percentile latency")                                    \
    X("latency_ms.samples", "requests", "", "requests completed")                                  \
    X("hottest_partition", "", "",                                                                 \
      "the base table's partition that throttled most, else the one that came closest to its "     \
      "hard cap; null when nothing was consumed")                                                  \
    X("hottest_partition.partition", "id", "", "its id")                                           \
    X("hottest_partition.capacity", "", "", "`rcu` or `wcu`: the cap it came closest to")          \
    X("hottest_partition.peak_consumed_per_s", "units/s", "",                                      \
      "its most consumed per second, over one interval")                                           \
    X("hottest_partition.peak_at_s", "s", "", "the start of that interval")                        \
    X("hottest_partition.share_per_s", "units/s", "", "its provisioned share")                     \
    X("hottest_partition.hard_cap_per_s", "units/s", "", "its hard cap")                           \
    X("hottest_partition.peak_utilization_of_hard_cap", "fraction", "",                            \
      "the peak over the hard cap (1 = all of it)")                                                \
    X("hottest_partition.read_throttles", "attempts", "", "its read attempts refused")             \
    X("hottest_partition.write_throttles", "attempts", "", "its write attempts refused")           \
    X("hottest_key", "", "",                                                                       \
      "the key the application asked most of its partition's hard cap of (first attempts); null "  \
      "when none")                                                                                 \
    X("hottest_key.key", "", "", "the partition key value")                                        \
    X("hottest_key.partition", "id", "", "its partition")                                          \
    X("hottest_key.capacity", "", "", "`rcu` or `wcu`")                                            \
    X("hottest_key.offered_per_s", "units/s", "",                                                  \
      "what the application asked of it, on average: first attempts, retries excluded")            \
    X("hottest_key.attempted_per_s", "units/s", "",                                                \
      "what its attempts asked, on average: retries included")                                     \
    X("hottest_key.consumed_per_s", "units/s", "", "what it got, on average")                      \
    X("hottest_key.hard_cap_per_s", "units/s", "", "its partition's hard cap")                     \
    X("hottest_key.requests", "attempts", "", "attempts on it")                                    \
    X("hottest_key.throttles", "attempts", "", "of them refused")                                  \
    X("gsi[].name", "", "with GSIs", "the index")                                                  \
    X("gsi[].partitions", "partitions", "with GSIs", "its partitions at the end")                  \
    X("gsi[].provisioned_rcu", "RCU/s", "with GSIs", "its provisioned read capacity (0 on-demand)") \
    X("gsi[].provisioned_wcu", "WCU/s", "with GSIs",                                               \
      "its provisioned write capacity (0 on-demand)")                                              \
    X("gsi[].write_requests", "attempts", "with GSIs", "index write attempts")                     \
    X("gsi[].write_throttles", "attempts", "with GSIs",                                            \
      "index writes that had to wait in its backlog")                                              \
    X("gsi[].consumed_wcu", "WCU", "with GSIs", "write capacity it consumed")                      \
    X("gsi[].read_requests", "attempts", "with GSIs", "gsi_query read attempts on it")             \
    X("gsi[].read_throttles", "attempts", "with GSIs", "of them refused")                          \
    X("gsi[].consumed_rcu", "RCU", "with GSIs", "read capacity it consumed")                       \
    X("gsi[].index_writes", "writes", "with GSIs", "index writes the base writes made")            \
    X("gsi[].applied", "writes", "with GSIs", "of them taken by the index, each once")             \
    X("gsi[].in_backlog_at_end", "writes", "with GSIs", "of them waiting for capacity at the end") \
    X("gsi[].propagating_at_end", "writes", "with GSIs",                                           \
      "of them still on their way at the end (index_writes = applied + in_backlog_at_end + "       \
      "propagating_at_end)")                                                                       \
    X("gsi[].max_backlog", "writes", "with GSIs", "the longest its backlog was")                   \
    X("gsi[].backpressure_throttles", "writes", "with GSIs",                                       \
      "base-table writes refused because of it")                                                   \
    X("gsi[].gsi_reads", "reads", "with GSIs", "gsi_query reads served")                           \
    X("gsi[].stale_reads", "reads", "with GSIs",                                                   \
      "of them stale: the item's latest index write had not arrived")                              \
    X("gsi[].lag_p50_ms", "ms", "with GSIs",                                                       \
      "median lag from the base write's admission to the index write's")                           \
    X("gsi[].lag_p99_ms", "ms", "with GSIs", "99th percentile lag")                                \
    X("gsi[].lag_max_ms", "ms", "with GSIs", "the longest lag")                                    \
    X("lsi.indexes[]", "", "with LSIs", "the indexes' names")                                      \
    X("lsi.item_collection_limit_gb", "GB", "with LSIs", "the item collections' size limit")       \
    X("lsi.largest_item_collection_gb", "GB", "with LSIs", "the largest item collection reached")  \
    X("lsi.ItemCollectionSizeLimitExceededException", "writes", "with LSIs",                       \
      "writes refused: their item collection would pass the limit")                                \
    X("transactions.items", "items", "with transactions", "workload.transact_items")               \
    X("transactions.TransactionCanceledException", "attempts", "with transactions",                \
      "transaction attempts cancelled, every reason")                                              \
    X("transactions.cancellation_reasons.ThrottlingError", "attempts", "with transactions",        \
      "of them for an item its partition had no capacity for")                                     \
    X("transactions.cancellation_reasons.TransactionConflict", "attempts", "with transactions",    \
      "of them for an item another transaction held")                                             \
    X("transactions.TransactionConflict", "items", "with transactions",                            \
      "item-level requests rejected for a conflict, as CloudWatch's TransactionConflict: the "     \
      "held items of cancelled transactions and the plain writes refused")                         \
    X("transactions.TransactionConflictException", "writes", "with transactions",                  \
      "plain writes (put, update, delete) refused for an item a transaction held")                 \
    X("cost.region", "", "with a price table", "the prices' region")                               \
    X("cost.as_of", "", "with a price table", "the date of the prices")                            \
    X("cost.currency", "", "with a price table", "their currency")                                 \
    X("cost.prices", "", "with a price table",                                                     \
      "the price table, as the scenario names it, or `default: FILE`")                             \
    X("cost.table_class", "", "", "the scenario's table class")                                    \
    X("cost.provisioned_per_month_usd", "USD/month", "",                                           \
      "estimated monthly cost of the capacity the scenario provisions; `no price` without a "      \
      "price table")                                                                               \
    X("cost.on_demand_per_month_usd", "USD/month", "",                                             \
      "estimated monthly on-demand cost of what the run consumed; `no price` without a price "     \
      "table")                                                                                     \
    X("cost.by_table_class.<table class>.provisioned_per_month_usd", "USD/month", "",              \
      "the same for each table class")                                                             \
    X("cost.by_table_class.<table class>.on_demand_per_month_usd", "USD/month", "",                \
      "the same for each table class")                                                             \
    X("cost.error", "", "without a price table", "why there is no price")                          \
    X("cost.assumptions", "", "", "what the estimates assume")                                     \
    X("scenario", "", "", "the scenario as understood, every default filled in (`ddbsim reference`)")

typedef struct ddb_summary_field {
    const char *path, *unit, *when, *meaning;
} ddb_summary_field;
extern const ddb_summary_field ddb_schema_summary_fields[];
extern const size_t ddb_schema_n_summary_fields;

/* CloudWatch's metrics in cloudwatch.json, per table and GSI, in the order written.
 * X(ID, name, statistic, direction, reason, meaning): reason ADMITTED (DDB_ADMITTED) for a metric of
 * its own, with its name and meaning; otherwise both are NULL: the metric is the reason's in that
 * direction (reasons.h), its value that reason's throttles_<reason> column. TransactionConflict
 * is the table's alone (AWS gives it the TableName dimension only) and only for a run with
 * transactions (summary.json's `transactions`): the writer leaves it out otherwise. */
#define DDB_CLOUDWATCH_METRIC_MAP(X)                                                               \
    X(CONSUMED_READ, "ConsumedReadCapacityUnits", "Sum", READ, ADMITTED, "consumed_rcu summed")    \
    X(CONSUMED_WRITE, "ConsumedWriteCapacityUnits", "Sum", WRITE, ADMITTED, "consumed_wcu summed") \
    X(PROVISIONED_READ, "ProvisionedReadCapacityUnits", "Average", READ, ADMITTED,                 \
      "provisioned_rcu averaged over the period's rows")                                           \
    X(PROVISIONED_WRITE, "ProvisionedWriteCapacityUnits", "Average", WRITE, ADMITTED,              \
      "provisioned_wcu averaged over the period's rows")                                           \
    X(READ_EVENTS, "ReadThrottleEvents", "Sum", READ, ADMITTED,                                    \
      "every reason's throttle events of reads (read_throttles when the direction is unknown)")    \
    X(WRITE_EVENTS, "WriteThrottleEvents", "Sum", WRITE, ADMITTED,                                 \
      "every reason's throttle events of writes (write_throttles when the direction is unknown)")  \
    X(THROTTLED_REQUESTS, "ThrottledRequests", "Sum", READ, ADMITTED,                              \
      "read_throttles + write_throttles")                                                          \
    X(READ_PROVISIONED, NULL, "Sum", READ, THROTTLE_PROVISIONED, NULL)                             \
    X(WRITE_PROVISIONED, NULL, "Sum", WRITE, THROTTLE_PROVISIONED, NULL)                           \
    X(READ_KEY_RANGE, NULL, "Sum", READ, THROTTLE_KEY_RANGE, NULL)                                 \
    X(WRITE_KEY_RANGE, NULL, "Sum", WRITE, THROTTLE_KEY_RANGE, NULL)                               \
    X(READ_ACCOUNT_LIMIT, NULL, "Sum", READ, THROTTLE_ACCOUNT_LIMIT, NULL)                         \
    X(WRITE_ACCOUNT_LIMIT, NULL, "Sum", WRITE, THROTTLE_ACCOUNT_LIMIT, NULL)                       \
    X(READ_MAX_ON_DEMAND, NULL, "Sum", READ, THROTTLE_MAX_ON_DEMAND, NULL)                         \
    X(WRITE_MAX_ON_DEMAND, NULL, "Sum", WRITE, THROTTLE_MAX_ON_DEMAND, NULL)                       \
    X(TRANSACTION_CONFLICT, "TransactionConflict", "Sum", WRITE, ADMITTED,                         \
      "transaction_conflicts summed; the table's only (dimension TableName), for a run with "      \
      "transactions")

#define DDB_CW_ENUM_(id, ...) DDB_CWM_##id,
enum ddb_cw_metric_id { DDB_CLOUDWATCH_METRIC_MAP(DDB_CW_ENUM_) DDB_CWM_COUNT };
#undef DDB_CW_ENUM_

typedef struct ddb_cw_metric_schema {
    const char *name;          /* NULL for a per-reason metric: see ddb_cw_metric_name */
    const char *statistic;     /* "Sum" or "Average" */
    enum ddb_dir dir;
    enum ddb_throttle_reason reason; /* DDB_ADMITTED: not a per-reason metric */
    const char *meaning;       /* from timeseries.csv's columns; NULL for a per-reason metric */
} ddb_cw_metric_schema;
extern const ddb_cw_metric_schema ddb_schema_cloudwatch_metrics[DDB_CWM_COUNT];
/* The metric's name: its own, or its reason's in its direction. */
const char *ddb_cw_metric_name(const ddb_cw_metric_schema *m);

/* docs/outputs.md: every file, column, throttle reason, event kind, metric and cap (Markdown). */
void ddb_schema_markdown(FILE *f);
/* Every CSV column a run, sweep, comparison or plan writes, one "FILE COLUMN" per line (families
 * expanded; sweep.csv's grid axes left out). */
void ddb_schema_list_columns(FILE *f);

#endif
