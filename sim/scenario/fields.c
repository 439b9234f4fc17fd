/* fields — the field table: every field of the scenario file, its JSON path, type, default,
 * bounds, where it is stored and its help (scenario_int.h says who reads it). */
#include "sim/scenario/scenario_int.h"

#include <string.h>
#include "sim/model/keyspace.h"
#include "sim/support/check.h"

#define TWO_POW_40 1099511627776.0
#define TWO_POW_53 9007199254740992.0
/* Seeds stop at 2^48 so that the resolved scenario (printed by cJSON with 15 significant
 * digits) always reproduces the run exactly. */
#define SEED_MAX 281474976710656.0
/* Ten million requests a second, beyond any table's default quota (40,000 units a second); a
 * longer or faster run is caught by its estimate (ddb_scenario_estimate) and needs --yes. */
#define RPS_MAX 1e7

#define CHOICES(a) .choices = (a), .n_choices = sizeof(a) / sizeof *(a)

static const char *const billing_names[] = {"provisioned", "on_demand"};
static const char *const simulation_names[] = {"exact", "aggregated"};
static const char *const table_class_names[] = {"standard", "standard_ia"};
const char *const ddb_scn_dist_names[] = {"uniform", "zipfian", "hotspot", "sequential",
                                          "categorical", "clock", "scrambled_zipfian", "latest",
                                          "exponential", "derived", "contributor_insights"};
static const char *const derive_names[] = {"hash", "mod", "block"};
static const char *const size_names[] = {"fixed", "uniform", "lognormal"};
static const char *const rate_names[] = {"constant", "steps",  "ramp",      "diurnal",
                                         "spike",    "csv",    "cloudwatch"};
static const char *const cw_burst_names[] = {"even", "lognormal"};
static const char *const projection_names[] = {"ALL", "KEYS_ONLY"};

#define TOO_BIG "larger than DynamoDB's item size limit of 400 KB"
#define INTEGER_VALUES V(DDB_DIST_UNIFORM) | V(DDB_DIST_ZIPFIAN) | V(DDB_DIST_HOTSPOT) | \
                           V(DDB_DIST_SEQUENTIAL) | V(DDB_DIST_SCRAMBLED_ZIPFIAN) |           \
                           V(DDB_DIST_LATEST) | V(DDB_DIST_EXPONENTIAL) | V(DDB_DIST_DERIVED)

/* The numbers inside the maps (handled by ddb_scn_parse_weights and ddb_scn_parse_mix). */
const field ddb_scn_weight_field = {.path = "LABEL", .kind = K_NUM, .flags = F_OPTIONAL, .min = 0,
                                    .max = 1, .help = "Probability of the label."};
static const table weight_table = {&ddb_scn_weight_field, 1, NULL};
const field ddb_scn_mix_field = {.path = "OP", .kind = K_NUM, .min = 0, .max = 1,
                                 .help = "Share of operation OP: get, put, update, delete, "
                                         "query, scan, batch_write, batch_get or gsi_query."};
static const table mix_table = {&ddb_scn_mix_field, 1, NULL};

#define SPEC(m) offsetof(ddb_dist_spec, m)
static const field attr_fields[] = {
    {.path = "dist", .kind = K_ENUM, .store = ST_ENUM, .offset = SPEC(kind),
     .flags = F_DISCRIM | F_REQUIRED, CHOICES(ddb_scn_dist_names),
     .help = "How values are drawn: uniform, zipfian (YCSB, 0 most popular), hotspot (YCSB), "
             "sequential (0, 1, ... n-1, 0, ...), categorical (labels), clock (the simulated "
             "time), scrambled_zipfian (YCSB: zipfian ranks scattered by FNV-1 64, what YCSB "
             "calls zipfian), latest (YCSB: zipfian from the newest value n-1 down), exponential "
             "(YCSB: exponential from the newest value n-1 down), derived (0..n-1 computed "
             "from another attribute by a fixed mapping: customer_id -> tenant), "
             "contributor_insights (a CloudWatch Contributor Insights report: its top keys with "
             "their shares, the rest spread evenly over the other keys)."},
    {.path = "path", .kind = K_STRING, .store = ST_STR, .offset = SPEC(path), .flags = F_REQUIRED,
     .variants = V(DDB_DIST_CONTRIBUTORS), .min = 1, .max = 4096,
     .help = "The JSON output of aws cloudwatch get-insight-rule-report for the table's "
             "partition key rule, relative to the scenario file's folder. Values: its "
             "Contributors' first keys (rendered as they are) with their share of "
             "AggregateValue, then ApproximateUniqueCount - top more keys (rendered as numbers) "
             "sharing the rest evenly."},
    {.path = "n", .kind = K_INT, .store = ST_U64, .offset = SPEC(n), .flags = F_REQUIRED,
     .variants = INTEGER_VALUES, .min = 1, .max = TWO_POW_40,
     .help = "Number of distinct values, 0 .. n-1."},
    {.path = "theta", .kind = K_NUM, .store = ST_DOUBLE, .offset = SPEC(theta),
     .flags = F_GT_MIN | F_LT_MAX,
     .variants = V(DDB_DIST_ZIPFIAN) | V(DDB_DIST_SCRAMBLED_ZIPFIAN) | V(DDB_DIST_LATEST),
     .min = 0, .max = 1,
     .dflt = 0.99, .help = "Zipfian skew (YCSB's ZIPFIAN_CONSTANT is 0.99)."},
    {.path = "hot_data_fraction", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = SPEC(hot_data_fraction), .flags = F_GT_MIN, .variants = V(DDB_DIST_HOTSPOT),
     .min = 0, .max = 1, .dflt = 0.2, .help = "Fraction of the values that are hot (the lowest)."},
    {.path = "hot_op_fraction", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = SPEC(hot_op_fraction), .variants = V(DDB_DIST_HOTSPOT), .min = 0, .max = 1,
     .dflt = 0.8, .help = "Fraction of the draws that hit the hot values."},
    {.path = "percentile", .kind = K_NUM, .store = ST_DOUBLE, .offset = SPEC(percentile),
     .flags = F_GT_MIN | F_LT_MAX, .variants = V(DDB_DIST_EXPONENTIAL), .min = 0, .max = 100,
     .dflt = 95, .help = "Percent of the draws that fall in the newest frac of the values "
                         "(YCSB's exponential.percentile)."},
    {.path = "frac", .kind = K_NUM, .store = ST_DOUBLE, .offset = SPEC(frac), .flags = F_GT_MIN,
     .variants = V(DDB_DIST_EXPONENTIAL), .min = 0, .max = 1, .dflt = 0.8571428571,
     .help = "Fraction of the values that take percentile percent of the draws (YCSB's "
             "exponential.frac)."},
    {.path = "weights", .kind = K_CUSTOM, .flags = F_REQUIRED,
     .variants = V(DDB_DIST_CATEGORICAL), .sub = &weight_table, .item = "",
     .custom = ddb_scn_parse_weights, .type = "object",
     .expect = "an object of label weights summing to 1, such as {\"PENDING\": 0.9, "
               "\"SHIPPED\": 0.1}",
     .help = "Label -> probability; labels render as they are written, in file order."},
    {.path = "inserts", .kind = K_BOOL, .store = ST_BOOL, .offset = SPEC(inserts),
     .flags = F_OPTIONAL, .variants = V(DDB_DIST_LATEST) | V(DDB_DIST_EXPONENTIAL),
     .dflt_text = "false",
     .help = "Each put inserts a new value (n, n+1, ...) and draws count from the newest, as "
             "YCSB's inserts grow its key space (keys are then tracked by hash, up to a "
             "million)."},
    {.path = "from", .kind = K_STRING, .store = ST_STR, .offset = SPEC(from), .flags = F_REQUIRED,
     .variants = V(DDB_DIST_DERIVED), .min = 1, .max = 255,
     .help = "The attribute this one is computed from (integer or categorical, not derived); "
             "it is drawn whenever this one is used."},
    {.path = "map", .kind = K_ENUM, .store = ST_ENUM, .offset = SPEC(map),
     .variants = V(DDB_DIST_DERIVED), CHOICES(derive_names), .dflt = DDB_DERIVE_HASH,
     .help = "hash: a fixed pseudo-random assignment (splitmix64(v) mod n); mod: v mod n; "
             "block: v * n / (the source's number of values), contiguous runs of source values."},
    {.path = "hashed", .kind = K_BOOL, .store = ST_BOOL, .offset = SPEC(hashed),
     .flags = F_OPTIONAL, .variants = INTEGER_VALUES, .dflt_text = "false",
     .help = "Render the value v as YCSB's fnvhash64(v) (the record keys of YCSB's "
             "insertorder=hashed); which values are drawn does not change."},
    {.path = "present", .kind = K_NUM, .store = ST_DOUBLE, .offset = SPEC(present),
     .present = SPEC(has_present), .flags = F_OPTIONAL, .min = 0, .max = 1, .dflt_text = "1",
     .help = "Probability that an item has the attribute: an item without a GSI's or an LSI's "
             "key attribute is not written to that index (a sparse index). The table's key "
             "attributes are in every item."},
};
const table ddb_scn_attr_table = {attr_fields, NELEM(attr_fields), ddb_scn_check_attr};

static const field step_fields[] = {
    {.path = "at_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = offsetof(ddb_rate_step, at_s),
     .flags = F_REQUIRED, .min = 0, .max = YEAR_S,
     .help = "Start of the step in seconds; strictly increasing. The rate is 0 before the "
             "first step."},
    {.path = "rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = offsetof(ddb_rate_step, rps),
     .flags = F_REQUIRED, .min = 0, .max = RPS_MAX, .help = "Requests per second from at_s on."},
};
static const table step_table = {step_fields, NELEM(step_fields), NULL};

#define RATE(m) offsetof(ddb_rate_spec, m)
static const field rate_fields[] = {
    {.path = "profile", .kind = K_ENUM, .store = ST_ENUM, .offset = offsetof(ddb_rate_spec, kind),
     .flags = F_DISCRIM, CHOICES(rate_names),
     .help = "constant: one rate; steps: piecewise-constant rates; ramp: linear from "
             "from_rps to to_rps over over_s; diurnal: a sine around mean_rps; spike: base_rps "
             "with peak_rps for duration_s from at_s; csv: points from a file, linearly "
             "interpolated; cloudwatch: a table's consumed capacity exported with aws "
             "cloudwatch get-metric-data. Arrivals are Poisson (non-homogeneous, exact to the "
             "profile)."},
    {.path = "rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = offsetof(ddb_rate_spec, rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_CONSTANT), .min = 0, .max = RPS_MAX,
     .help = "Requests per second."},
    {.path = "steps", .kind = K_CUSTOM, .flags = F_REQUIRED, .variants = V(DDB_RATE_STEPS),
     .sub = &step_table, .item = "[i]", .custom = ddb_scn_parse_steps, .type = "array",
     .expect = "a non-empty array of steps such as [{\"at_s\": 0, \"rps\": 100}]",
     .help = "The rate steps, in time order."},
    {.path = "from_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(from_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_RAMP), .min = 0, .max = RPS_MAX,
     .help = "Requests per second at 0 s."},
    {.path = "to_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(to_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_RAMP), .min = 0, .max = RPS_MAX,
     .help = "Requests per second at over_s and after."},
    {.path = "over_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(over_s),
     .flags = F_REQUIRED | F_GT_MIN, .variants = V(DDB_RATE_RAMP), .min = 0, .max = YEAR_S,
     .help = "Length of the linear ramp in seconds."},
    {.path = "mean_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(mean_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = RPS_MAX,
     .help = "Mean requests per second: rate = mean_rps + amplitude_rps * "
             "sin(2 pi (t - phase_s) / period_s)."},
    {.path = "amplitude_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(amplitude_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = RPS_MAX,
     .help = "Swing above and below the mean, at most mean_rps (a rate is never negative)."},
    {.path = "period_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(period_s),
     .flags = F_GT_MIN, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = YEAR_S,
     .dflt = 86400, .help = "Length of one cycle in seconds (a day by default)."},
    {.path = "phase_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(phase_s),
     .variants = V(DDB_RATE_DIURNAL), .min = -YEAR_S, .max = YEAR_S, .dflt = 0,
     .help = "When the rate crosses the mean going up, in seconds (the peak is a quarter "
             "period later)."},
    {.path = "base_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(base_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = RPS_MAX,
     .help = "Requests per second outside the spike."},
    {.path = "peak_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(peak_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = RPS_MAX,
     .help = "Requests per second during the spike."},
    {.path = "at_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(at_s),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = YEAR_S,
     .help = "Start of the spike in seconds."},
    {.path = "duration_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(duration_s),
     .flags = F_REQUIRED | F_GT_MIN, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = YEAR_S,
     .help = "Length of the spike in seconds."},
    {.path = "path", .kind = K_STRING, .store = ST_STR, .offset = RATE(path),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_CSV) | V(DDB_RATE_CLOUDWATCH), .min = 1,
     .max = 4096,
     .help = "Relative to the scenario file's folder (given with --set: to the working "
             "directory). csv: a file with a header and columns t_s and "
             "rps: points linearly interpolated, t_s non-decreasing (two rows at one time make "
             "a jump), the first rate before the first point and the last after the last. "
             "cloudwatch: the JSON output of aws cloudwatch get-metric-data with the Sum of "
             "ConsumedWriteCapacityUnits or ConsumedReadCapacityUnits (or ddbsim cloudwatch's "
             "metrics.json), or a CloudWatch console CSV download (a path ending in .csv: a time "
             "column, then one column per series named by its label): time 0 is its first timestamp, a period without a datapoint is "
             "idle, and duration_s defaults to its span."},
    {.path = "id", .kind = K_STRING, .store = ST_STR, .offset = RATE(cw_id), .flags = F_OPTIONAL,
     .variants = V(DDB_RATE_CLOUDWATCH), .min = 1, .max = 255,
     .dflt_text = "the export's only series",
     .help = "The series to use: its Id in MetricDataResults."},
    {.path = "include_throttled", .kind = K_BOOL, .store = ST_BOOL,
     .offset = RATE(cw_include_throttled), .variants = V(DDB_RATE_CLOUDWATCH), .dflt = 0,
     .help = "Add the export's throttled requests (its ThrottledRequests, ReadThrottleEvents or "
             "WriteThrottleEvents series, Sum) to the consumed capacity: each as one more request "
             "of units_per_request units, so the rate is the demand the table was asked, not only "
             "what it served."},
    {.path = "throttled_id", .kind = K_STRING, .store = ST_STR, .offset = RATE(cw_throttled_id),
     .flags = F_OPTIONAL, .variants = V(DDB_RATE_CLOUDWATCH), .min = 1, .max = 255,
     .dflt_text = "the series whose Id or Label names a throttle metric",
     .help = "With include_throttled: the throttles' series, by its Id in MetricDataResults."},
    {.path = "metric_period_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(cw_period_s),
     .variants = V(DDB_RATE_CLOUDWATCH), .min = 0, .max = 86400, .dflt = 0,
     .help = "Seconds each datapoint sums (get-metric-data's Period); 0: the smallest gap "
             "between the export's timestamps (60 with one datapoint)."},
    {.path = "units_per_request", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = RATE(cw_units_per_request), .flags = F_GT_MIN, .variants = V(DDB_RATE_CLOUDWATCH),
     .min = 0, .max = 800, .dflt = 1,
     .help = "Capacity units one request consumed in the export (1: items up to 1 KB written, "
             "up to 4 KB read strongly); the rate is units / metric_period_s / this."},
    {.path = "bursts", .kind = K_ENUM, .store = ST_ENUM, .offset = RATE(cw_bursts),
     .variants = V(DDB_RATE_CLOUDWATCH), CHOICES(cw_burst_names), .dflt = 0,
     .help = "The seconds inside a period: even (the period's rate throughout) or lognormal "
             "(the period's units spread over its seconds with lognormal weights of "
             "coefficient of variation burst_cv; each period keeps its total)."},
    {.path = "burst_cv", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(cw_burst_cv),
     .flags = F_GT_MIN, .variants = V(DDB_RATE_CLOUDWATCH), .min = 0, .max = 10, .dflt = 0.5,
     .help = "With bursts lognormal: the spread of the per-second rates inside a period "
             "(standard deviation / mean)."},
};
static const table rate_table = {rate_fields, NELEM(rate_fields), ddb_scn_check_rate};

#define TRACE(m) offsetof(ddb_trace_spec, m)
static const field trace_fields[] = {
    {.path = "path", .kind = K_STRING, .store = ST_STR, .offset = TRACE(path), .flags = F_REQUIRED,
     .min = 1, .max = 4096,
     .help = "The trace file, relative to the scenario file's folder (given with --set: to the "
             "working directory); may be gzip-compressed."},
    {.path = "format", .kind = K_ENUM, .store = ST_ENUM, .offset = TRACE(format),
     .choices = ddb_trace_format_names, .n_choices = DDB_TRACE_FORMAT_COUNT, .dflt = 0,
     .help = "ddbsim: what ddbsim gen writes (t_s,op,key,sort_key,item_bytes,consistency,index "
             "with a header); twitter: the Twitter cache-trace format (timestamp,key,key_size,"
             "value_size,client_id,operation,ttl)."},
    {.path = "speedup", .kind = K_NUM, .store = ST_DOUBLE, .offset = TRACE(speedup),
     .min = 0.001, .max = 1e6, .dflt = 1,
     .help = "Replay this many times faster (times are divided by it); a time that lands more "
             "than a year after the first line's is an error."},
    {.path = "on_bad_line", .kind = K_ENUM, .store = ST_ENUM, .offset = TRACE(on_bad_line),
     .choices = ddb_trace_bad_line_names, .n_choices = DDB_TRACE_BAD_COUNT, .dflt = 0,
     .help = "error: a malformed line stops the run, naming its line number; skip: it is "
             "passed over and counted (summary.json trace.skipped_bad_lines)."},
};
static const table trace_table = {trace_fields, NELEM(trace_fields), NULL};

#define CHANGE(m) offsetof(ddb_capacity_change, m)
static const field change_fields[] = {
    {.path = "at_s", .kind = K_NUM, .store = ST_NS, .offset = CHANGE(at_ns), .flags = F_REQUIRED,
     .min = 0, .max = YEAR_S,
     .help = "When the change is made (UpdateTable), in seconds; strictly increasing."},
    {.path = "rcu", .kind = K_INT, .store = ST_I64, .offset = CHANGE(rcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "unchanged",
     .help = "Provisioned read capacity units per second from at_s on."},
    {.path = "wcu", .kind = K_INT, .store = ST_I64, .offset = CHANGE(wcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "unchanged",
     .help = "Provisioned write capacity units per second from at_s on."},
};
static const table change_table = {change_fields, NELEM(change_fields), NULL};

#define WARM(m) offsetof(ddb_warm_throughput, m)
const field ddb_scn_warm_fields[] = {
    {.path = "read_units_per_s", .kind = K_INT, .store = ST_I64, .offset = WARM(read_units_per_s),
     .min = 1, .max = 1000000, .dflt = 12000,
     .help = "Reads per second (RCU) the table (or index) serves at once "
             "(WarmThroughput.ReadUnitsPerSecond)."},
    {.path = "write_units_per_s", .kind = K_INT, .store = ST_I64,
     .offset = WARM(write_units_per_s), .min = 1, .max = 1000000, .dflt = 4000,
     .help = "Writes per second (WCU) the table (or index) serves at once "
             "(WarmThroughput.WriteUnitsPerSecond)."},
};
static const table warm_table = {ddb_scn_warm_fields, NELEM(ddb_scn_warm_fields), NULL};

#define AUTO(m) offsetof(ddb_autoscaling, m)
#define AUTO_LIMIT(name, m, what)                                                              \
    {.path = name, .kind = K_INT, .store = ST_I64, .offset = AUTO(m), .flags = F_OPTIONAL,       \
     .min = 1, .max = 1000000, .dflt_text = "see min_rcu", .help = what}
static const field autoscaling_fields[] = {
    {.path = "target_utilization", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = AUTO(target_utilization), .min = 0.2, .max = 0.9, .dflt = 0.7,
     .help = "Target of consumed / provisioned capacity (Application Auto Scaling's target "
             "tracking: 20% to 90%)."},
    AUTO_LIMIT("min_rcu", min_rcu,
               "Least provisioned RCU auto scaling sets. Reads are scaled when min_rcu or max_rcu "
               "is given (the other defaults to 1 or quota_rcu); writes likewise."),
    AUTO_LIMIT("max_rcu", max_rcu, "Most provisioned RCU auto scaling sets."),
    AUTO_LIMIT("min_wcu", min_wcu, "Least provisioned WCU auto scaling sets."),
    AUTO_LIMIT("max_wcu", max_wcu, "Most provisioned WCU auto scaling sets."),
    {.path = "alarm_lag_s", .kind = K_NUM, .store = ST_NS, .offset = AUTO(alarm_lag_ns),
     .flags = F_WHOLE_MS, .min = 0, .max = 3600, .dflt = 120,
     .help = "Seconds from the datapoint that decides a scaling to the CloudWatch alarm invoking "
             "it: AWS says alarms \"might have a short delay of up to a few minutes\" "
             "(developer guide, metrics-dimensions.html); ddbsim takes 2 minutes."},
    {.path = "update_s", .kind = K_NUM, .store = ST_NS, .offset = AUTO(update_ns),
     .flags = F_WHOLE_MS, .min = 0, .max = 3600, .dflt = 180,
     .help = "Seconds from the alarm to the new capacity: the UpdateTable call \"takes several "
             "minutes\" (developer guide, metrics-dimensions.html); ddbsim takes 3 minutes."},
};
static const table autoscaling_table = {autoscaling_fields, NELEM(autoscaling_fields), NULL};

#define SIZE(m) offsetof(ddb_size_spec, m)
static const field size_fields[] = {
    {.path = "dist", .kind = K_ENUM, .store = ST_ENUM, .offset = SIZE(kind), .flags = F_DISCRIM,
     CHOICES(size_names), .help = "Item size distribution: fixed, uniform or lognormal."},
    {.path = "bytes", .kind = K_INT, .store = ST_U32, .offset = SIZE(bytes),
     .variants = V(DDB_SIZE_FIXED), .min = 1, .max = DDB_ITEM_MAX_BYTES, .dflt = 1024,
     .over_max = TOO_BIG, .help = "Item size in bytes, attribute names included."},
    {.path = "min", .kind = K_INT, .store = ST_U32, .offset = SIZE(min_bytes),
     .flags = F_REQUIRED, .variants = V(DDB_SIZE_UNIFORM), .min = 1, .max = DDB_ITEM_MAX_BYTES,
     .over_max = TOO_BIG, .help = "Smallest item in bytes (inclusive)."},
    {.path = "max", .kind = K_INT, .store = ST_U32, .offset = SIZE(max_bytes),
     .flags = F_REQUIRED, .variants = V(DDB_SIZE_UNIFORM), .min = 1, .max = DDB_ITEM_MAX_BYTES,
     .over_max = TOO_BIG, .help = "Largest item in bytes (inclusive), at least min."},
    {.path = "median", .kind = K_NUM, .store = ST_DOUBLE, .offset = SIZE(median_bytes),
     .flags = F_REQUIRED, .variants = V(DDB_SIZE_LOGNORMAL), .min = 1, .max = DDB_ITEM_MAX_BYTES,
     .over_max = TOO_BIG, .help = "Median item size in bytes."},
    {.path = "sigma", .kind = K_NUM, .store = ST_DOUBLE, .offset = SIZE(sigma),
     .flags = F_REQUIRED, .variants = V(DDB_SIZE_LOGNORMAL), .min = 0, .max = 10,
     .help = "Standard deviation of ln(size); draws above 400 KB are capped there."},
};
static const table size_table = {size_fields, NELEM(size_fields), ddb_scn_check_size};

/* The entries GSIs and LSIs share, for index struct T. */
#define INDEX_PROJECTION(T)                                                                      \
    {.path = "projection", .kind = K_ENUM, .store = ST_ENUM, .offset = offsetof(T, projection), \
     CHOICES(projection_names), .dflt = DDB_PROJECTION_ALL,                                      \
     .help = "ALL: an index entry is the item's size; KEYS_ONLY: the keys and DynamoDB's "       \
             "100-byte overhead, one WCU a write. For INCLUDE give projected_bytes."},           \
    {.path = "projected_bytes", .kind = K_INT, .store = ST_U32,                                  \
     .offset = offsetof(T, projected_bytes), .present = offsetof(T, has_projected_bytes),        \
     .flags = F_OPTIONAL, .min = 1, .max = DDB_ITEM_MAX_BYTES, .over_max = TOO_BIG,              \
     .dflt_text = "from projection",                                                             \
     .help = "Size of an index entry in bytes (an INCLUDE projection); replaces projection."}
#define INDEX_NAME(T)                                                                            \
    {.path = "name", .kind = K_STRING, .store = ST_STR, .offset = offsetof(T, name),            \
     .flags = F_REQUIRED, .min = 3, .max = 255,                                                  \
     .help = "Index name (3 to 255 bytes, as DynamoDB's); unique among the table's indexes; "    \
             "a GSI's is the index column of the outputs."}

#define GSI(m) offsetof(ddb_gsi_spec, m)
const field ddb_scn_gsi_fields[] = {
    INDEX_NAME(ddb_gsi_spec),
    {.path = "pk", .kind = K_TEMPLATE, .offset = GSI(pk), .present = GSI(has_pk),
     .flags = F_REQUIRED, .max = DDB_KEY_MAX_BYTES,
     .over_max = "longer than DynamoDB's partition key limit",
     .help = "The index's partition key template, over any attributes (a low-cardinality one "
             "such as {status} included)."},
    {.path = "sk", .kind = K_TEMPLATE, .offset = GSI(sk), .present = GSI(has_sk),
     .flags = F_OPTIONAL, .max = 1024, .over_max = "longer than DynamoDB's sort key limit",
     .help = "The index's sort key template; it does not affect placement, but an item without "
             "one of its attributes is not in the index."},
    {.path = "rcu", .kind = K_INT, .store = ST_I64, .offset = GSI(rcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "required with billing provisioned",
     .help = "The index's provisioned read capacity units per second (refused on-demand: the "
             "index is on-demand with its table)."},
    {.path = "wcu", .kind = K_INT, .store = ST_I64, .offset = GSI(wcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "required with billing provisioned",
     .help = "The index's provisioned write capacity units per second (refused on-demand)."},
    {.path = "warm_throughput", .kind = K_OBJECT, .offset = GSI(warm), .present = GSI(has_warm),
     .flags = F_OPTIONAL, .sub = &warm_table,
     .dflt_text = "on-demand: {\"read_units_per_s\": 12000, \"write_units_per_s\": 4000}",
     .expect = "an object such as {\"read_units_per_s\": 12000, \"write_units_per_s\": 4000}",
     .help = "On-demand only: what the index serves at once from the start, as the table's "
             "(a new index's 12,000 reads/s and 4,000 writes/s); it then follows the same "
             "doubling rule (throttles_on_demand on the index)."},
    {.path = "max_rcu", .kind = K_INT, .store = ST_I64, .offset = GSI(max_rcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "none",
     .help = "On-demand only: the index's maximum reads per second; above it: "
             "throttles_max_on_demand."},
    {.path = "max_wcu", .kind = K_INT, .store = ST_I64, .offset = GSI(max_wcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "none",
     .help = "On-demand only: the index's maximum writes per second; above it: "
             "throttles_max_on_demand (index writes then wait in its backlog)."},
    {.path = "autoscaling", .kind = K_OBJECT, .offset = GSI(autoscaling),
     .present = GSI(has_autoscaling), .flags = F_OPTIONAL, .sub = &autoscaling_table,
     .dflt_text = "none", .expect = "an object such as {\"target_utilization\": 0.7, "
                                    "\"min_wcu\": 100, \"max_wcu\": 40000}",
     .help = "Provisioned only: the index's own auto scaling, as table.autoscaling, on the "
             "index's one-minute consumed capacity (its limits default to 1 and the table's "
             "quota)."},
    INDEX_PROJECTION(ddb_gsi_spec),
    {.path = "propagation_ms", .kind = K_OBJECT,
     .help = "Delay from a base write to its index write reaching the index (lognormal)."},
    {.path = "propagation_ms.median", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = GSI(propagation_median_ms), .min = 0, .max = 600000, .dflt = 100,
     .help = "Median propagation delay in ms (AWS: \"within a fraction of a second\"; the "
             "default is ddbsim's assumption)."},
    {.path = "propagation_ms.sigma", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = GSI(propagation_sigma), .min = 0, .max = 5, .dflt = 0.5,
     .help = "Standard deviation of ln(delay); 0 = every write takes the median."},
    {.path = "key_change", .kind = K_NUM, .store = ST_DOUBLE, .offset = GSI(key_change), .min = 0,
     .max = 1, .dflt = 1,
     .help = "Share of the writes to an item already in the index that draw its index key "
             "attributes anew (and so may move it: a delete plus a put); the others keep its "
             "key (one write). 1: every write draws them."},
    {.path = "backpressure_backlog", .kind = K_INT, .store = ST_U32,
     .offset = GSI(backpressure_backlog), .min = 1, .max = 1000000000, .dflt = 1000,
     .help = "Index writes waiting for capacity (all partitions of the index) from which base "
             "writes that would touch the index are throttled (throttles_gsi_backpressure)."},
    {.path = "size_gb", .kind = K_NUM, .store = ST_DOUBLE, .offset = GSI(size_gb),
     .present = GSI(has_size_gb), .flags = F_OPTIONAL, .min = 0, .max = 1e6,
     .dflt_text = "table.size_gb x entry size / mean item size, at most table.size_gb",
     /* last: the default is filled in after the others, so given or not it prints here */
     .help = "The index's stored data in GB (AWS: IndexSizeBytes): its partitions at creation "
             "(one per 10 GB at least) and its storage cost. The default assumes every item is "
             "in the index; give it for a sparse index."},
};
const table ddb_scn_gsi_table = {ddb_scn_gsi_fields, NELEM(ddb_scn_gsi_fields), NULL};

#define LSI(m) offsetof(ddb_lsi_spec, m)
static const field lsi_fields[] = {
    INDEX_NAME(ddb_lsi_spec),
    {.path = "sk", .kind = K_TEMPLATE, .offset = LSI(sk), .present = LSI(has_sk),
     .flags = F_REQUIRED, .max = 1024, .over_max = "longer than DynamoDB's sort key limit",
     .help = "The index's sort key template (its partition key is the table's); an item without "
             "one of its attributes is not in the index."},
    INDEX_PROJECTION(ddb_lsi_spec),
};
const table ddb_scn_lsi_table = {lsi_fields, NELEM(lsi_fields), NULL};

#define NOT_YET(p, why) {.path = (p), .kind = K_NOT_YET, .help = (why)}
/* Service times: lognormal per operation. The defaults are ddbsim's assumption of typical
 * DynamoDB service times (single-digit milliseconds for item operations, more for scans and
 * batches); AWS publishes none. */
#define SERVICE(op, name, median)                                                              \
    {.path = "client.service_ms." name, .kind = K_OBJECT,                                      \
     .help = "Service time of one " name " attempt."},                                         \
    {.path = "client.service_ms." name ".median", .kind = K_NUM, .store = ST_DOUBLE,          \
     .offset = OFF(service[op].median_ms), .flags = F_GT_MIN, .min = 0, .max = 60000,         \
     .dflt = (median),                                                                         \
     .help = "Median time DynamoDB takes to answer one " name " attempt, in ms (the default "  \
             "is ddbsim's assumption of a typical DynamoDB service time: single-digit "        \
             "milliseconds for item operations, more for scans and batches)."},                \
    {.path = "client.service_ms." name ".sigma", .kind = K_NUM, .store = ST_DOUBLE,           \
     .offset = OFF(service[op].sigma), .min = 0, .max = 5, .dflt = 0.4,                       \
     .help = "Standard deviation of ln(service time) of " name " (lognormal)."}
static const field fields[] = {
    {.path = "name", .kind = K_STRING, .store = ST_STR, .offset = OFF(name), .flags = F_FILE_NAME,
     .min = 1, .max = 255, .help = "Name of the scenario, shown in outputs."},
    {.path = "seed", .kind = K_INT, .store = ST_U64, .offset = OFF(seed), .min = 0,
     .max = SEED_MAX, .dflt = 1, .help = "Master seed; every random stream derives from it."},
    {.path = "duration_s", .kind = K_NUM, .store = ST_NS, .offset = OFF(duration_ns),
     .present = OFF(has_duration), .flags = F_GT_MIN, .min = 0, .max = YEAR_S, .dflt = 60,
     .help = "Simulated time in seconds (at most a year). With workload.trace the default is the "
             "trace's span (its last request's time after speedup, rounded up to the next "
             "millisecond)."},
    {.path = "simulation", .kind = K_ENUM, .store = ST_ENUM, .offset = OFF(simulation),
     CHOICES(simulation_names), .flags = F_OPTIONAL, .dflt_text = "exact",
     .help = "How the engine runs the traffic: exact (every request one by one, the reference) or "
             "aggregated (traffic that no limit can refuse admitted as counts per partition and "
             "time slice, the rest one by one: much faster on large workloads; docs/model.md, "
             "\"Aggregated mode\"). A scenario the aggregated mode cannot run (a trace, closed "
             "loop, the adaptive client, transactions, local secondary indexes, gsi_query reads, "
             "keys without a probability per key: a clock part, inserts, derived attributes) "
             "runs exact, and the summary says why. --exact and --aggregated set it."},
    {.path = "output", .kind = K_OBJECT, .help = "What the run writes."},
    {.path = "output.interval_s", .kind = K_NUM, .store = ST_NS, .offset = OFF(interval_ns),
     .flags = F_WHOLE_MS, .min = 0.001, .max = YEAR_S, .dflt = 1,
     .help = "Length of one row of the time series, in seconds: whole milliseconds, at most "
             "duration_s."},
    {.path = "output.top_keys", .kind = K_INT, .store = ST_U32, .offset = OFF(top_keys), .min = 0,
     .max = 10000, .dflt = 10, .help = "How many hottest keys keys.csv lists per kind."},
    {.path = "prices", .kind = K_STRING, .store = ST_STR, .offset = OFF(prices),
     .flags = F_OPTIONAL, .min = 1, .max = 4096,
     .dflt_text = "DDBSIM_PRICES, else the shipped scenarios/prices/us-east-1.json",
     .help = "Price table for the cost estimate (docs/planning.md, \"Cost\"), relative to the "
             "scenario file's folder (given with --set: to the working directory)."},
    {.path = "table", .kind = K_OBJECT, .help = "The table."},
    {.path = "table.billing", .kind = K_ENUM, .store = ST_ENUM, .offset = OFF(billing),
     CHOICES(billing_names),
     .help = "Capacity mode: provisioned (rcu, wcu) or on_demand (pay per request: serves up to "
             "double its previous peak at once, see warm_throughput)."},
    {.path = "table.table_class", .kind = K_ENUM, .store = ST_ENUM, .offset = OFF(table_class),
     CHOICES(table_class_names), .dflt = DDB_CLASS_STANDARD,
     .help = "Table class; only the cost estimate depends on it."},
    {.path = "table.rcu", .kind = K_INT, .store = ST_I64, .offset = OFF(rcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "required with billing provisioned",
     .help = "Provisioned read capacity units per second."},
    {.path = "table.wcu", .kind = K_INT, .store = ST_I64, .offset = OFF(wcu), .flags = F_OPTIONAL,
     .min = 1, .max = 1000000, .dflt_text = "required with billing provisioned",
     .help = "Provisioned write capacity units per second."},
    {.path = "table.quota_rcu", .kind = K_INT, .store = ST_I64, .offset = OFF(quota_rcu),
     .min = 1, .max = 1000000, .dflt = 40000,
     .help = "The per-table read quota (AWS's default 40,000, raised on request): reads beyond "
             "it per second are throttled (throttles_account_limit), provisioned or on-demand. "
             "Provisioned capacity above it is refused, as AWS refuses it (LimitExceededException): "
             "the table's, its GSIs', scheduled changes' and auto scaling maximums."},
    {.path = "table.quota_wcu", .kind = K_INT, .store = ST_I64, .offset = OFF(quota_wcu),
     .min = 1, .max = 1000000, .dflt = 40000,
     .help = "The per-table write quota, as quota_rcu."},
    {.path = "table.account_quota_rcu", .kind = K_INT, .store = ST_I64,
     .offset = OFF(account_quota_rcu), .min = 1, .max = 100000000, .dflt = 80000,
     .help = "The account's provisioned read quota in the Region (AWS's default 80,000, raised "
             "on request): the table's provisioned RCU and its GSIs' together may not exceed it "
             "(AWS refuses more, as for quota_rcu), at creation and after each scheduled change; "
             "during the run an auto scaling decision past it is refused (autoscaling_refused "
             "in events.csv). Provisioned tables only."},
    {.path = "table.account_quota_wcu", .kind = K_INT, .store = ST_I64,
     .offset = OFF(account_quota_wcu), .min = 1, .max = 100000000, .dflt = 80000,
     .help = "The account's provisioned write quota, as account_quota_rcu."},
    {.path = "table.capacity_changes", .kind = K_CUSTOM, .sub = &change_table, .item = "[i]",
     .custom = ddb_scn_parse_changes, .type = "array", .dflt_text = "[]",
     .expect = "an array of changes such as [{\"at_s\": 300, \"wcu\": 4000}]",
     .help = "Scheduled provisioned-capacity changes (UpdateTable), in time order; provisioned "
             "only. Partitions follow: when a partition's share exceeds what it can serve, "
             "every partition splits in two (doubling)."},
    {.path = "table.warm_throughput", .kind = K_OBJECT, .offset = OFF(warm),
     .present = OFF(has_warm), .flags = F_OPTIONAL, .sub = &warm_table,
     .dflt_text = "on-demand: {\"read_units_per_s\": 12000, \"write_units_per_s\": 4000}",
     .expect = "an object such as {\"read_units_per_s\": 12000, \"write_units_per_s\": 4000}",
     .help = "On-demand only: what the table serves at once from the start (a new table's "
             "12,000 reads/s and 4,000 writes/s, or more when pre-warmed); never lowered."},
    {.path = "table.max_rcu", .kind = K_INT, .store = ST_I64, .offset = OFF(max_rcu),
     .flags = F_OPTIONAL, .min = 1, .max = 1000000, .dflt_text = "none",
     .help = "On-demand only: the table's maximum reads per second "
             "(OnDemandThroughput.MaxReadRequestUnits); above it: throttles_max_on_demand."},
    {.path = "table.max_wcu", .kind = K_INT, .store = ST_I64, .offset = OFF(max_wcu),
     .flags = F_OPTIONAL, .min = 1, .max = 1000000, .dflt_text = "none",
     .help = "On-demand only: the table's maximum writes per second "
             "(OnDemandThroughput.MaxWriteRequestUnits); above it: throttles_max_on_demand."},
    {.path = "table.size_gb", .kind = K_NUM, .store = ST_DOUBLE, .offset = OFF(size_gb), .min = 0,
     .max = 1e6, .dflt = 0, .help = "Table size at the start in GB; adds partitions (10 GB each)."},
    {.path = "table.burst_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = OFF(burst_s), .min = 0,
     .max = 3600, .dflt = 300, .help = "Seconds of unused capacity a partition may bank."},
    {.path = "table.adaptive_capacity", .kind = K_BOOL, .store = ST_BOOL,
     .offset = OFF(adaptive_capacity), .dflt = 1,
     .help = "Let hot partitions borrow the table's unused capacity (up to their hard cap)."},
    {.path = "table.key", .kind = K_OBJECT, .help = "The key schema, as templates."},
    {.path = "table.key.pk", .kind = K_TEMPLATE, .offset = OFF(pk), .present = OFF(has_pk),
     .flags = F_OPTIONAL, .max = DDB_KEY_MAX_BYTES,
     .over_max = "longer than DynamoDB's partition key limit",
     .dflt_text = "required, except with workload.trace (the trace's keys)",
     .help = "Partition key template: {attr}, {shard:N} (random suffix: a get or query reads "
             "all N), {shard:N:attr} (calculated from attr: one shard), {date}, {hour}; {{ and "
             "}} are braces."},
    {.path = "table.key.sk", .kind = K_TEMPLATE, .offset = OFF(sk), .present = OFF(has_sk),
     .flags = F_OPTIONAL, .max = 1024, .over_max = "longer than DynamoDB's sort key limit",
     .help = "Sort key template (does not affect placement)."},
    {.path = "table.split_for_heat", .kind = K_BOOL, .store = ST_BOOL,
     .offset = OFF(split_for_heat), .dflt = 1,
     .help = "Split a partition that stays hot (split_heat_threshold of its hard cap, over "
             "split_heat_window_s) split_delay_s later: at the hash that halves its traffic, or, "
             "when one key carries half of it or more, beside that key, until it sits alone (AWS "
             "does this by itself; false shows the table without it). The table's and every GSI's."},
    {.path = "table.split_heat_threshold", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(split_heat_threshold), .flags = F_GT_MIN, .min = 0, .max = 1, .dflt = 0.8,
     .help = "A partition is hot when it consumes at least this fraction of its hard cap "
             "(" DDB_PARTITION_MAX_RCU_TEXT " or " DDB_PARTITION_MAX_WCU_TEXT ") over a whole window "
             "(ddbsim's choice; AWS does not "
             "publish it)."},
    {.path = "table.split_heat_window_s", .kind = K_NUM, .store = ST_NS,
     .offset = OFF(split_heat_window_ns), .flags = F_WHOLE_MS, .min = 1, .max = 86400,
     .dflt = 120, .help = "The window over which heat is measured, in seconds (ddbsim's choice: "
                          "minutes, as in ATC22 section 4.4)."},
    {.path = "table.split_delay_s", .kind = K_NUM, .store = ST_NS, .offset = OFF(split_delay_ns),
     .flags = F_WHOLE_MS, .min = 0, .max = 86400, .dflt = 60,
     .help = "Seconds from the decision to split (for heat or size) to the split taking effect."},
    {.path = "table.autoscaling", .kind = K_OBJECT, .offset = OFF(autoscaling),
     .present = OFF(has_autoscaling), .flags = F_OPTIONAL, .sub = &autoscaling_table,
     .dflt_text = "none", .expect = "an object such as {\"target_utilization\": 0.7, "
                                    "\"min_wcu\": 100, \"max_wcu\": 40000}",
     .help = "Provisioned only: target tracking on one-minute utilisation. Scale-out after 2 "
             "consecutive minutes above the target, scale-in after 15 below target - 0.2; the "
             "new capacity (consumed / target, within min and max) applies alarm_lag_s + "
             "update_s after the deciding minute (a step is served 7 minutes later by default: 2 "
             "datapoints, 2 minutes of alarm lag, 3 of update); at most 4 "
             "decreases in a UTC day's first hour, then one per hour without one, 27 a day."},
    {.path = "table.gsi", .kind = K_CUSTOM, .sub = &ddb_scn_gsi_table, .item = "[i]",
     .custom = ddb_scn_parse_gsis, .type = "array", .dflt_text = "[]",
     .expect = "an array of at most 20 indexes such as [{\"name\": \"byStatus\", \"pk\": "
               "\"{status}\", \"rcu\": 100, \"wcu\": 100}]",
     .help = "Global secondary indexes: tables of their own, written asynchronously "
             "(gsi.csv)."},
    {.path = "table.lsi", .kind = K_CUSTOM, .sub = &ddb_scn_lsi_table, .item = "[i]",
     .custom = ddb_scn_parse_lsis, .type = "array", .dflt_text = "[]",
     .expect = "an array of at most 5 indexes such as [{\"name\": \"byCreated\", \"sk\": "
               "\"{created}\"}]",
     .help = "Local secondary indexes: alternate sort keys, written with the item and charged "
             "to the table; they bound each item collection (item_collection_limit_gb)."},
    {.path = "table.item_collection_limit_gb", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(item_collection_limit_gb), .present = OFF(has_item_collection_limit),
     .flags = F_OPTIONAL | F_GT_MIN, .min = 0, .max = 10, .dflt_text = "10",
     .help = "Largest item collection (one partition key's items, table and LSIs) on a table "
             "with LSIs; a write past it fails with ItemCollectionSizeLimitExceededException."},
    {.path = "attributes", .kind = K_CUSTOM, .sub = &ddb_scn_attr_table, .item = ".NAME",
     .custom = ddb_scn_parse_attributes, .type = "object", .dflt_text = "{}",
     .expect = "an object of attributes such as {\"order_id\": {\"dist\": \"uniform\", "
               "\"n\": 1000}}",
     .help = "The generated attributes templates refer to, by name ([A-Za-z_][A-Za-z0-9_]*; "
             "date, hour and shard are reserved)."},
    {.path = "workload", .kind = K_OBJECT, .help = "The requests."},
    {.path = "workload.rate", .kind = K_OBJECT, .offset = OFF(rate), .present = OFF(has_rate),
     .flags = F_OPTIONAL, .sub = &rate_table,
     .dflt_text = "required unless client.concurrency > 0",
     .expect = "an object such as {\"profile\": \"constant\", \"rps\": 1000}",
     .help = "Arrival rate (open loop, Poisson); not allowed with closed-loop callers "
             "(client.concurrency)."},
    {.path = "workload.mix", .kind = K_CUSTOM, .flags = F_OPTIONAL, .sub = &mix_table,
     .item = "", .custom = ddb_scn_parse_mix, .type = "object",
     .dflt_text = "required, except with workload.trace (the trace's operations)",
     .expect = "an object of operation weights summing to 1, such as {\"get\": 0.8, \"put\": 0.2}",
     .help = "Share of each operation: get, put, update, delete, query, scan, batch_write, "
             "batch_get, gsi_query, transact_write, transact_get (absent = 0). A batch is one "
             "request of batch_write_items or batch_get_items items; gsi_query is a Query on the "
             "index gsi_query_index; a transaction is transact_items items, all or nothing."},
    {.path = "workload.gsi_query_index", .kind = K_STRING, .store = ST_STR,
     .offset = OFF(gsi_query_index), .flags = F_OPTIONAL, .min = 3, .max = 255,
     .dflt_text = "the first of table.gsi",
     .help = "The global secondary index gsi_query reads (eventually consistent only; a read "
             "for an item whose latest index write has not arrived is stale)."},
    {.path = "workload.item_bytes", .kind = K_OBJECT, .offset = OFF(item_bytes),
     .present = OFF(has_item_bytes), .sub = &size_table,
     .dflt_text = "{\"dist\": \"fixed\", \"bytes\": 1024}",
     .help = "Item sizes (at most 400 KB, DynamoDB's limit)."},
    {.path = "workload.item_bytes_by_op", .kind = K_CUSTOM, .flags = F_OPTIONAL,
     .sub = &size_table, .item = ".OP", .custom = ddb_scn_parse_sizes_by_op, .type = "object",
     .dflt_text = "none: every operation takes item_bytes",
     .expect = "an object of item sizes by operation, such as {\"put\": {\"dist\": \"fixed\", "
               "\"bytes\": 4000}}",
     .help = "Item sizes per operation (get, put, update, delete, query, scan), each like "
             "item_bytes; operations left out take item_bytes. A batch's items take item_bytes."},
    {.path = "workload.ycsb", .kind = K_STRING, .store = ST_STR, .offset = OFF(ycsb),
     .flags = F_OPTIONAL, .min = 1, .max = 4096, .dflt_text = "none",
     .help = "A YCSB workload file (Java properties, relative to the scenario file's folder; "
             "`ddbsim run --ycsb FILE`, relative to the working directory). It fills in what the scenario leaves out: attributes.ycsb_key "
             "(requestdistribution over recordcount; hashed unless insertorder=ordered), "
             "table.key.pk \"user{ycsb_key}\", the mix (read: get, update: update, insert: put, "
             "scan: query of (1 + maxscanlength)/2 items, read-modify-write: a get and an "
             "update), workload.rate from target, item_bytes fieldcount x fieldlength, and "
             "duration_s operationcount / target. Unknown properties are warned about."},
    {.path = "workload.trace", .kind = K_OBJECT, .offset = OFF(trace), .present = OFF(has_trace),
     .flags = F_OPTIONAL, .sub = &trace_table, .dflt_text = "none",
     .expect = "an object such as {\"path\": \"trace.csv\", \"format\": \"ddbsim\"}",
     .help = "Replay a request trace instead of generating requests: arrivals, partition keys, "
             "operations and sizes come from it (then table.key.pk, workload.rate, workload.mix "
             "and workload.item_bytes are refused)."},
    {.path = "workload.consistency", .kind = K_ENUM, .store = ST_ENUM, .offset = OFF(consistency),
     .choices = ddb_consistency_names, .n_choices = DDB_CONSISTENCY_COUNT,
     .help = "Read consistency: eventual (0.5 RCU per 4 KB), strong (1), transactional (2)."},
    {.path = "workload.items_per_query", .kind = K_INT, .store = ST_U32,
     .offset = OFF(items_per_query), .min = 1, .max = 10000, .dflt = 10,
     .help = "Items one Query returns."},
    {.path = "workload.scan_page_items", .kind = K_INT, .store = ST_U32,
     .offset = OFF(scan_page_items), .min = 1, .max = 100000, .dflt = 100,
     .help = "Items one Scan page evaluates."},
    {.path = "workload.batch_write_items", .kind = K_INT, .store = ST_U32,
     .offset = OFF(batch_write_items), .min = 1, .max = 25, .dflt = 25,
     .over_max = "more than DynamoDB's BatchWriteItem limit of 25 items",
     .help = "Items one BatchWriteItem writes (DynamoDB's limit is 25)."},
    {.path = "workload.batch_get_items", .kind = K_INT, .store = ST_U32,
     .offset = OFF(batch_get_items), .min = 1, .max = 100, .dflt = 100,
     .over_max = "more than DynamoDB's BatchGetItem limit of 100 keys",
     .help = "Keys one BatchGetItem reads (DynamoDB's limit is 100)."},
    {.path = "workload.transact_items", .kind = K_INT, .store = ST_U32,
     .offset = OFF(transact_items), .present = OFF(has_transact_items), .flags = F_OPTIONAL,
     .min = 1, .max = 100, .dflt_text = "2",
     .over_max = "more than DynamoDB's limit of 100 items in a transaction",
     .help = "Items one transact_write (TransactWriteItems) or transact_get (TransactGetItems) "
             "touches, each a distinct key drawn from table.key (DynamoDB's limit is 100)."},
    {.path = "client", .kind = K_OBJECT, .help = "The callers and their SDK client."},
    {.path = "client.concurrency", .kind = K_INT, .store = ST_U32, .offset = OFF(concurrency),
     .min = 0, .max = 1000000, .dflt = 0,
     .help = "Closed-loop callers: each sends its next request when the previous one is done "
             "(after think_ms). 0 = open loop: requests arrive at workload.rate."},
    {.path = "client.instances", .kind = K_INT, .store = ST_U32, .offset = OFF(instances),
     .min = 1, .max = 4096, .dflt = 1,
     .help = "SDK client instances the requests are spread over (round robin; closed-loop "
             "callers keep theirs), each with its own retry quota and adaptive limiter: a fleet "
             "of N application hosts."},
    {.path = "client.think_ms", .kind = K_NUM, .store = ST_DOUBLE, .offset = OFF(think_ms),
     .min = 0, .max = 3600000, .dflt = 0,
     .help = "A caller's pause between a response and its next request, in ms (closed loop "
             "only)."},
    {.path = "client.retry", .kind = K_OBJECT, .help = "SDK retries of throttled requests."},
    {.path = "client.retry.mode", .kind = K_ENUM, .store = ST_ENUM, .offset = OFF(retry_mode),
     .choices = ddb_retry_mode_names, .n_choices = DDB_RETRY_MODE_COUNT,
     .dflt = DDB_RETRY_STANDARD,
     .help = "none: a throttled request fails; legacy: the Java SDK v1's DynamoDB policy "
             "(exponential backoff, half jittered, no quota); standard: the SDKs' standard "
             "mode (exponential backoff with full jitter, retry quota); adaptive: standard "
             "plus a client-side rate limiter (CUBIC) from the first throttle; standard_2026: "
             "the 2026 opt-in standard mode."},
    {.path = "client.retry.max_attempts", .kind = K_INT, .store = ST_U32,
     .offset = OFF(max_attempts), .flags = F_PER_MODE, .min = 1, .max = 100,
     .dflt = RD_ATTEMPTS, .help = "Attempts per request, the first included (mode none: 1)."},
    {.path = "client.retry.base_ms", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(retry_base_ms), .flags = F_PER_MODE, .min = 0, .max = 60000,
     .dflt = RD_BASE_MS,
     .help = "Base delay after a throttle, in ms: the backoff before retry r (1, 2, ...) is "
             "at most base_ms * 2^(r-1) and max_backoff_ms, with jitter."},
    {.path = "client.retry.max_backoff_ms", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(retry_max_backoff_ms), .flags = F_PER_MODE, .min = 0, .max = BACKOFF_MAX_MS,
     .dflt = RD_MAX_BACKOFF_MS, .help = "Longest backoff in ms; at least base_ms."},
    {.path = "client.retry.quota", .kind = K_INT, .store = ST_U32, .offset = OFF(retry_quota),
     .flags = F_PER_MODE, .min = 0, .max = 1000000, .dflt = RD_QUOTA,
     .help = "The client's retry quota (token bucket): a retry spends tokens, a success "
             "returns some, and an empty quota means no retry. 0 = no quota."},
    {.path = "client.service_ms", .kind = K_OBJECT,
     .help = "How long DynamoDB takes to answer one attempt, per operation."},
    SERVICE(DDB_OP_GET, "get", 3),
    SERVICE(DDB_OP_PUT, "put", 5),
    SERVICE(DDB_OP_UPDATE, "update", 5),
    SERVICE(DDB_OP_DELETE, "delete", 5),
    SERVICE(DDB_OP_QUERY, "query", 6),
    SERVICE(DDB_OP_SCAN, "scan", 20),
    SERVICE(DDB_OP_BATCH_WRITE, "batch_write", 10),
    SERVICE(DDB_OP_BATCH_GET, "batch_get", 8),
    SERVICE(DDB_OP_GSI_QUERY, "gsi_query", 6),
};
/* The transactions' service times are not fields: twice put's and get's (checks.c). */
_Static_assert(DDB_OP_COUNT == 11, "a client.service_ms entry for every operation");
const table ddb_scn_scenario_table = {fields, NELEM(fields), ddb_scn_check_scenario};

const char *ddb_scn_key_of(const field *f)
{
    const char *dot = strrchr(f->path, '.');
    return dot ? dot + 1 : f->path;
}

const field *ddb_scn_field_at(const char *path)
{
    size_t i = 0;
    while (i < NELEM(fields) && strcmp(fields[i].path, path) != 0)
        i++;
    DDB_CHECK(i < NELEM(fields), "no field %s", path);
    return &fields[i];
}
