/* scenario — see scenario.h.
 *
 * The tables below are the single description of the scenario file. Each entry names a field by
 * its JSON path, says what it holds and where it goes; one walker uses them to refuse unknown or
 * not-yet-modelled keys, check types and bounds, fill defaults, store the values and build the
 * resolved tree, and ddb_scenario_reference() prints the same entries as Markdown. The parts
 * whose shape is data-dependent (the attribute map, categorical weights, rate steps, the op mix)
 * have small handlers, which check their numbers through the same helpers and field entries.
 *
 * Objects with variants (an attribute's "dist", the rate's "profile", item_bytes' "dist") keep
 * the selector first in their table; the other entries say which variants they belong to.
 *
 * Some defaults depend on another field: the retry numbers on client.retry.mode (F_PER_MODE;
 * filled in by check_retry from retry_defaults(), in table order in the resolved tree), and
 * workload.rate, needed by open-loop callers only (client.concurrency 0; check_loop).
 */
#include "sim/scenario/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/scenario/price.h"
#include "sim/support/readfile.h"
#include "workloads/rate_cloudwatch.h"

#define MAX_FILE_BYTES (16u << 20)
#define SHOW_MAX 60          /* longest value or key quoted in a message */
#define PATH_CAP 512         /* longest JSON path in a message */
#define SUM_TOLERANCE 1e-9   /* weights must sum to 1 within this */
#define YEAR_S 31536000.0
#define TWO_POW_40 1099511627776.0
#define TWO_POW_53 9007199254740992.0
/* Seeds stop at 2^48 so that the resolved scenario (printed by cJSON with 15 significant
 * digits) always reproduces the run exactly. */
#define SEED_MAX 281474976710656.0
#define MAX_TABLE 128        /* entries in one table (for the duplicate-key check) */

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Enums are stored through an int; make sure that is what they are. */
_Static_assert(sizeof(enum ddb_billing) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_retry_mode) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_consistency) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_dist_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_size_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_rate_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_trace_format) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_derive_map) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_trace_bad_line) == sizeof(int), "enum size");

/* ---- the field description ----------------------------------------------------------- */

typedef struct ctx ctx;
typedef struct field field;
typedef struct table table;

enum kind {
    K_OBJECT,   /* members in the same table (path prefix) or in .sub */
    K_INT, K_NUM, K_BOOL,
    K_ENUM,     /* a string out of .choices; stored as its index */
    K_STRING,   /* .min/.max bound its length in bytes */
    K_TEMPLATE, /* a key template; .max bounds its longest rendering in bytes */
    K_CUSTOM,   /* checked by .custom */
    K_NOT_YET   /* a DynamoDB feature ddbsim does not model yet: present = the error in .help */
};
enum store { ST_NONE, ST_U32, ST_U64, ST_I64, ST_DOUBLE, ST_NS, ST_BOOL, ST_ENUM, ST_STR };
enum {
    F_REQUIRED = 1u << 0,
    F_GT_MIN = 1u << 1,    /* min is exclusive */
    F_LT_MAX = 1u << 2,    /* max is exclusive */
    F_WHOLE_MS = 1u << 3,  /* seconds that must be a whole number of milliseconds */
    F_OPTIONAL = 1u << 4,  /* no default: an absent field stays absent */
    F_DISCRIM = 1u << 5,   /* selects which of its object's other fields apply (first entry) */
    F_FILE_NAME = 1u << 6, /* default: the scenario file's base name */
    F_PER_MODE = 1u << 7   /* default by client.retry.mode: .dflt is an RD_* of retry_defaults() */
};
#define V(x) (1u << (x))

typedef struct not_yet {
    const char *value, *why; /* an enum value DynamoDB has and ddbsim does not model yet */
} not_yet;

typedef int (*handler)(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base);

struct field {
    const char *path;          /* relative to the table's root object */
    enum kind kind;
    enum store store;
    size_t offset;             /* into the table's base struct */
    size_t present;            /* optional fields: offset of a bool set when given (0: none) */
    unsigned flags;
    unsigned variants;         /* V(selector index) it applies to; 0: always */
    double min, max, dflt;     /* enum: dflt is the choice index */
    const char *const *choices;
    size_t n_choices;
    const not_yet *not_yet;    /* terminated by {NULL, NULL} */
    const char *over_max;      /* what is wrong above max, when "out of range" says too little */
    const table *sub;          /* K_OBJECT: members; K_CUSTOM: element (for the reference) */
    const char *item;          /* K_CUSTOM with .sub: how the reference names an element */
    handler custom;
    const char *type, *expect; /* K_OBJECT, K_CUSTOM: what the value should be */
    const char *dflt_text;     /* the reference's default (F_OPTIONAL: when it is needed) */
    const char *help;
};

struct table {
    const field *f;
    size_t n;
    int (*check)(ctx *c, const char *path, void *base, cJSON *res); /* after all members */
};

typedef struct deferred {
    const field *f;
    const char *text; /* borrowed from the input tree */
    void *base;       /* the struct the template goes to (the scenario, or one of its GSIs) */
    char path[PATH_CAP];
} deferred;

struct ctx {
    const char *source;
    char *err;
    size_t errlen;
    char *default_name;
    char *warnings;    /* handed to the scenario when the parse succeeds */
    deferred tpl[2 + 2 * DDB_GSI_MAX + DDB_LSI_MAX]; /* key templates, parsed once the attributes
                                                       are known */
    size_t n_tpl;
};

static int parse_attributes(ctx *c, const field *f, const cJSON *v, const char *path,
                            cJSON *res, void *base);
static int parse_weights(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                         void *base);
static int parse_mix(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                     void *base);
static int parse_steps(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base);
static int parse_gsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base);
static int parse_lsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base);
static int parse_changes(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                         void *base);
static int parse_sizes_by_op(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                             void *base);
static int check_size(ctx *c, const char *path, void *base, cJSON *res);
static int check_rate(ctx *c, const char *path, void *base, cJSON *res);
static int check_scenario(ctx *c, const char *path, void *base, cJSON *res);

#define CHOICES(a) .choices = (a), .n_choices = sizeof(a) / sizeof *(a)
#define NELEM(a) (sizeof(a) / sizeof *(a))

static const char *const billing_names[] = {"provisioned", "on_demand"};
static const char *const table_class_names[] = {"standard", "standard_ia"};
static const char *const dist_names[] = {"uniform", "zipfian", "hotspot", "sequential",
                                         "categorical", "clock", "scrambled_zipfian", "latest",
                                         "exponential", "derived"};
static const char *const derive_names[] = {"hash", "mod", "block"};
static const char *const size_names[] = {"fixed", "uniform", "lognormal"};
static const char *const rate_names[] = {"constant", "steps",  "ramp",      "diurnal",
                                         "spike",    "csv",    "cloudwatch"};
static const char *const cw_burst_names[] = {"even", "lognormal"};
static const char *const reserved_names[] = {"date", "hour", "shard"};
static const char *const projection_names[] = {"ALL", "KEYS_ONLY"};


/* The retry numbers a mode implies when the scenario leaves them out (F_PER_MODE fields); the
 * numbers and their sources live in sim/model/retry.c (docs/model.md §8). */
enum { RD_ATTEMPTS, RD_BASE_MS, RD_MAX_BACKOFF_MS, RD_QUOTA, RD_COUNT };
static void retry_defaults(enum ddb_retry_mode mode, double d[RD_COUNT])
{
    ddb_retry_config cfg;
    ddb_retry_defaults(mode, &cfg);
    d[RD_ATTEMPTS] = cfg.max_attempts;
    d[RD_BASE_MS] = (double)cfg.throttle_base_ns / 1e6; /* base_ms: after a throttle */
    d[RD_MAX_BACKOFF_MS] = (double)cfg.max_backoff_ns / 1e6;
    d[RD_QUOTA] = cfg.quota;
}

#define TOO_BIG "larger than DynamoDB's item size limit of 400 KB"
#define INTEGER_VALUES V(DDB_DIST_UNIFORM) | V(DDB_DIST_ZIPFIAN) | V(DDB_DIST_HOTSPOT) | \
                           V(DDB_DIST_SEQUENTIAL) | V(DDB_DIST_SCRAMBLED_ZIPFIAN) |           \
                           V(DDB_DIST_LATEST) | V(DDB_DIST_EXPONENTIAL) | V(DDB_DIST_DERIVED)

/* The numbers inside the maps (handled by parse_weights and parse_mix). */
static const field weight_field = {.path = "LABEL", .kind = K_NUM, .flags = F_OPTIONAL, .min = 0,
                                   .max = 1, .help = "Probability of the label."};
static const table weight_table = {&weight_field, 1, NULL};
static const field mix_field = {.path = "OP", .kind = K_NUM, .min = 0, .max = 1,
                                .help = "Share of operation OP: get, put, update, delete, "
                                        "query, scan, batch_write, batch_get or gsi_query."};
static const table mix_table = {&mix_field, 1, NULL};

#define SPEC(m) offsetof(ddb_dist_spec, m)
static const field attr_fields[] = {
    {.path = "dist", .kind = K_ENUM, .store = ST_ENUM, .offset = SPEC(kind),
     .flags = F_DISCRIM | F_REQUIRED, CHOICES(dist_names),
     .help = "How values are drawn: uniform, zipfian (YCSB, 0 most popular), hotspot (YCSB), "
             "sequential (0, 1, ... n-1, 0, ...), categorical (labels), clock (the simulated "
             "time), scrambled_zipfian (YCSB: zipfian ranks scattered by FNV-1 64, what YCSB "
             "calls zipfian), latest (YCSB: zipfian from the newest value n-1 down), exponential "
             "(YCSB: exponential from the newest value n-1 down), derived (0..n-1 computed "
             "from another attribute by a fixed mapping: customer_id -> tenant)."},
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
     .custom = parse_weights, .type = "object",
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
static const table attr_table = {attr_fields, NELEM(attr_fields), NULL};


static const field step_fields[] = {
    {.path = "at_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = offsetof(ddb_rate_step, at_s),
     .flags = F_REQUIRED, .min = 0, .max = YEAR_S,
     .help = "Start of the step in seconds; strictly increasing. The rate is 0 before the "
             "first step."},
    {.path = "rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = offsetof(ddb_rate_step, rps),
     .flags = F_REQUIRED, .min = 0, .max = 1e9, .help = "Requests per second from at_s on."},
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
     .flags = F_REQUIRED, .variants = V(DDB_RATE_CONSTANT), .min = 0, .max = 1e9,
     .help = "Requests per second."},
    {.path = "steps", .kind = K_CUSTOM, .flags = F_REQUIRED, .variants = V(DDB_RATE_STEPS),
     .sub = &step_table, .item = "[i]", .custom = parse_steps, .type = "array",
     .expect = "a non-empty array of steps such as [{\"at_s\": 0, \"rps\": 100}]",
     .help = "The rate steps, in time order."},
    {.path = "from_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(from_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_RAMP), .min = 0, .max = 1e9,
     .help = "Requests per second at 0 s."},
    {.path = "to_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(to_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_RAMP), .min = 0, .max = 1e9,
     .help = "Requests per second at over_s and after."},
    {.path = "over_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(over_s),
     .flags = F_REQUIRED | F_GT_MIN, .variants = V(DDB_RATE_RAMP), .min = 0, .max = YEAR_S,
     .help = "Length of the linear ramp in seconds."},
    {.path = "mean_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(mean_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = 1e9,
     .help = "Mean requests per second: rate = mean_rps + amplitude_rps * "
             "sin(2 pi (t - phase_s) / period_s)."},
    {.path = "amplitude_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(amplitude_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = 1e9,
     .help = "Swing above and below the mean, at most mean_rps (a rate is never negative)."},
    {.path = "period_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(period_s),
     .flags = F_GT_MIN, .variants = V(DDB_RATE_DIURNAL), .min = 0, .max = YEAR_S,
     .dflt = 86400, .help = "Length of one cycle in seconds (a day by default)."},
    {.path = "phase_s", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(phase_s),
     .variants = V(DDB_RATE_DIURNAL), .min = -YEAR_S, .max = YEAR_S, .dflt = 0,
     .help = "When the rate crosses the mean going up, in seconds (the peak is a quarter "
             "period later)."},
    {.path = "base_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(base_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = 1e9,
     .help = "Requests per second outside the spike."},
    {.path = "peak_rps", .kind = K_NUM, .store = ST_DOUBLE, .offset = RATE(peak_rps),
     .flags = F_REQUIRED, .variants = V(DDB_RATE_SPIKE), .min = 0, .max = 1e9,
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
             "metrics.json): time 0 is its first timestamp, a period without a datapoint is "
             "idle, and duration_s defaults to its span."},
    {.path = "id", .kind = K_STRING, .store = ST_STR, .offset = RATE(cw_id), .flags = F_OPTIONAL,
     .variants = V(DDB_RATE_CLOUDWATCH), .min = 1, .max = 255,
     .dflt_text = "the export's only series",
     .help = "The series to use: its Id in MetricDataResults."},
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
static const table rate_table = {rate_fields, NELEM(rate_fields), check_rate};

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
     .flags = F_GT_MIN, .min = 0, .max = 1e6, .dflt = 1,
     .help = "Replay this many times faster (times are divided by it)."},
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
static const field warm_fields[] = {
    {.path = "read_units_per_s", .kind = K_INT, .store = ST_I64, .offset = WARM(read_units_per_s),
     .min = 1, .max = 1000000, .dflt = 12000,
     .help = "Reads per second (RCU) the table (or index) serves at once "
             "(WarmThroughput.ReadUnitsPerSecond)."},
    {.path = "write_units_per_s", .kind = K_INT, .store = ST_I64,
     .offset = WARM(write_units_per_s), .min = 1, .max = 1000000, .dflt = 4000,
     .help = "Writes per second (WCU) the table (or index) serves at once "
             "(WarmThroughput.WriteUnitsPerSecond)."},
};
static const table warm_table = {warm_fields, NELEM(warm_fields), NULL};

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
    {.path = "update_s", .kind = K_NUM, .store = ST_NS, .offset = AUTO(update_ns),
     .flags = F_WHOLE_MS, .min = 0, .max = 3600, .dflt = 60,
     .help = "Seconds from auto scaling's decision to the new capacity (UpdateTable taking its "
             "time; ddbsim's choice)."},
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
static const table size_table = {size_fields, NELEM(size_fields), check_size};

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
static const field gsi_fields[] = {
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
static const table gsi_table = {gsi_fields, NELEM(gsi_fields), NULL};

#define LSI(m) offsetof(ddb_lsi_spec, m)
static const field lsi_fields[] = {
    INDEX_NAME(ddb_lsi_spec),
    {.path = "sk", .kind = K_TEMPLATE, .offset = LSI(sk), .present = LSI(has_sk),
     .flags = F_REQUIRED, .max = 1024, .over_max = "longer than DynamoDB's sort key limit",
     .help = "The index's sort key template (its partition key is the table's); an item without "
             "one of its attributes is not in the index."},
    INDEX_PROJECTION(ddb_lsi_spec),
};
static const table lsi_table = {lsi_fields, NELEM(lsi_fields), NULL};

#define OFF(m) offsetof(ddb_scenario, m)
#define NOT_YET(p, why) {.path = (p), .kind = K_NOT_YET, .help = (why)}
#define BACKOFF_MAX_MS 600000.0
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
     .custom = parse_changes, .type = "array", .dflt_text = "[]",
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
     .help = "Partition key template: {attr}, {shard:N}, {date}, {hour}; {{ and }} are braces."},
    {.path = "table.key.sk", .kind = K_TEMPLATE, .offset = OFF(sk), .present = OFF(has_sk),
     .flags = F_OPTIONAL, .max = 1024, .over_max = "longer than DynamoDB's sort key limit",
     .help = "Sort key template (does not affect placement)."},
    {.path = "table.split_for_heat", .kind = K_BOOL, .store = ST_BOOL,
     .offset = OFF(split_for_heat), .dflt = 0,
     .help = "Split a partition that stays hot (split_heat_threshold of its hard cap, over "
             "split_heat_window_s) at the hash that halves its traffic, split_delay_s later. "
             "A partition whose traffic is mostly one key is not split (no split helps it)."},
    {.path = "table.split_heat_threshold", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(split_heat_threshold), .flags = F_GT_MIN, .min = 0, .max = 1, .dflt = 0.8,
     .help = "A partition is hot when it consumes at least this fraction of its hard cap "
             "(3,000 RCU/s or 1,000 WCU/s) over a whole window (ddbsim's choice; AWS does not "
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
             "new capacity (consumed / target, within min and max) takes update_s; at most 4 "
             "decreases in a UTC day's first hour, then one per hour without one, 27 a day."},
    {.path = "table.gsi", .kind = K_CUSTOM, .sub = &gsi_table, .item = "[i]",
     .custom = parse_gsis, .type = "array", .dflt_text = "[]",
     .expect = "an array of at most 20 indexes such as [{\"name\": \"byStatus\", \"pk\": "
               "\"{status}\", \"rcu\": 100, \"wcu\": 100}]",
     .help = "Global secondary indexes: tables of their own, written asynchronously "
             "(gsi.csv)."},
    {.path = "table.lsi", .kind = K_CUSTOM, .sub = &lsi_table, .item = "[i]",
     .custom = parse_lsis, .type = "array", .dflt_text = "[]",
     .expect = "an array of at most 5 indexes such as [{\"name\": \"byCreated\", \"sk\": "
               "\"{created}\"}]",
     .help = "Local secondary indexes: alternate sort keys, written with the item and charged "
             "to the table; they bound each item collection (item_collection_limit_gb)."},
    {.path = "table.item_collection_limit_gb", .kind = K_NUM, .store = ST_DOUBLE,
     .offset = OFF(item_collection_limit_gb), .present = OFF(has_item_collection_limit),
     .flags = F_OPTIONAL | F_GT_MIN, .min = 0, .max = 10, .dflt_text = "10",
     .help = "Largest item collection (one partition key's items, table and LSIs) on a table "
             "with LSIs; a write past it fails with ItemCollectionSizeLimitExceededException."},
    {.path = "attributes", .kind = K_CUSTOM, .sub = &attr_table, .item = ".NAME",
     .custom = parse_attributes, .type = "object", .dflt_text = "{}",
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
     .item = "", .custom = parse_mix, .type = "object",
     .dflt_text = "required, except with workload.trace (the trace's operations)",
     .expect = "an object of operation weights summing to 1, such as {\"get\": 0.8, \"put\": 0.2}",
     .help = "Share of each operation: get, put, update, delete, query, scan, batch_write, "
             "batch_get, gsi_query (absent = 0). A batch is one request of batch_write_items or "
             "batch_get_items items; gsi_query is a Query on the index gsi_query_index."},
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
     .sub = &size_table, .item = ".OP", .custom = parse_sizes_by_op, .type = "object",
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
_Static_assert(DDB_OP_COUNT == 9, "a client.service_ms entry for every operation");
static const table scenario_table = {fields, NELEM(fields), check_scenario};

/* ---- small helpers -------------------------------------------------------------------- */

/* cJSON returns NULL only when malloc fails; treat that as ddb_xmalloc does. */
static void *need(void *p)
{
    DDB_CHECK(p != NULL, "out of memory");
    return p;
}

static void add(cJSON *obj, const char *key, cJSON *item)
{
    DDB_CHECK(cJSON_AddItemToObject(obj, key, need(item)), "out of memory");
}

static cJSON *add_object(cJSON *obj, const char *key)
{
    cJSON *o = need(cJSON_CreateObject());
    add(obj, key, o);
    return o;
}

static const char *key_of(const field *f)
{
    const char *dot = strrchr(f->path, '.');
    return dot ? dot + 1 : f->path;
}

/* Copy text into buf (cap >= 4), cut to at most max bytes on a UTF-8 boundary, "..." marking
 * a cut. */
static void clip(char *buf, size_t cap, const char *text, size_t max)
{
    size_t n = strlen(text);
    if (max > cap - 1)
        max = cap - 1;
    if (n <= max) {
        memcpy(buf, text, n + 1);
        return;
    }
    n = max - 3;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, text, n);
    memcpy(buf + n, "...", 4);
}

/* parent.key, or key at the top (keys clipped so that a message stays readable). */
static void join(char *dst, const char *parent, const char *key)
{
    char k[SHOW_MAX + 4];
    clip(k, sizeof k, key, SHOW_MAX);
    /* A path deeper than PATH_CAP is clipped; the message still names where it starts. */
    if (snprintf(dst, PATH_CAP, "%s%s%s", parent, *parent ? "." : "", k) >= PATH_CAP)
        memcpy(dst + PATH_CAP - 4, "...", 4);
}

/* A bound or a value for a message: integers in full, others in %.15g. */
static void num_text(double x, char buf[32])
{
    if (x == floor(x) && fabs(x) < 1e17)
        snprintf(buf, 32, "%.0f", x);
    else
        snprintf(buf, 32, "%.15g", x);
}

/* v as compact JSON, at most SHOW_MAX bytes. */
static void show(const cJSON *v, char *buf, size_t cap)
{
    if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) { /* cJSON would print null */
        double x = v->valuedouble;
        snprintf(buf, cap, "%s", isnan(x) ? "nan" : x < 0 ? "-inf" : "inf");
        return;
    }
    char *text = need(cJSON_PrintUnformatted(v));
    clip(buf, cap, text, SHOW_MAX);
    cJSON_free(text);
}

static void show_string(const char *s, char *buf, size_t cap)
{
    cJSON *tmp = need(cJSON_CreateString(s));
    show(tmp, buf, cap);
    cJSON_Delete(tmp);
}

/* Messages are one line: no control character survives. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

static void set_err(char *err, size_t errlen, const char *fmt, va_list ap)
{
    if (!err || !errlen)
        return;
    vsnprintf(err, errlen, fmt, ap);
    one_line(err);
}

static void file_error(char *err, size_t errlen, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void file_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_err(err, errlen, fmt, ap);
    va_end(ap);
}

/* "SOURCE: PATH: what"; returns -1. */
static int fail(ctx *c, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail(ctx *c, const char *path, const char *fmt, ...)
{
    char what[DDB_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    file_error(c->err, c->errlen, "%s: %s%s%s", c->source, path, *path ? ": " : "", what);
    return -1;
}

/* "SOURCE: PATH: what (got V, expected WANT)"; returns -1. */
static int bad(ctx *c, const char *path, const char *what, const cJSON *v, const char *want)
{
    char got[SHOW_MAX + 8];
    if (!v) /* a value filled in, not written: nothing to quote */
        return fail(c, path, "%s (expected %s)", what, want);
    show(v, got, sizeof got);
    return fail(c, path, "%s (got %s, expected %s)", what, got, want);
}

/* ---- what a field expects ------------------------------------------------------------- */

static void choice_list(const char *const *choices, size_t n, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", choices[i]);
}

static void number_expect(const field *f, char *buf, size_t cap)
{
    char lo[32], hi[32];
    num_text(f->min, lo);
    num_text(f->max, hi);
    if (f->kind == K_INT)
        snprintf(buf, cap, "an integer from %s to %s", lo, hi);
    else if (!(f->flags & (F_GT_MIN | F_LT_MAX)))
        snprintf(buf, cap, "a number from %s to %s", lo, hi);
    else
        snprintf(buf, cap, "a number %s %s and %s %s",
                 f->flags & F_GT_MIN ? "greater than" : "at least", lo,
                 f->flags & F_LT_MAX ? "less than" : "at most", hi);
}

static void expect_text(const field *f, char *buf, size_t cap)
{
    char list[256];
    switch (f->kind) {
    case K_INT:
    case K_NUM:
        number_expect(f, buf, cap);
        return;
    case K_BOOL:
        snprintf(buf, cap, "true or false");
        return;
    case K_ENUM:
        choice_list(f->choices, f->n_choices, list, sizeof list);
        snprintf(buf, cap, "one of: %s", list);
        return;
    case K_STRING:
        snprintf(buf, cap, "a string of %.0f to %.0f bytes", f->min, f->max);
        return;
    case K_TEMPLATE:
        snprintf(buf, cap, "a key template such as \"ORDER#{order_id}\"");
        return;
    default:
        snprintf(buf, cap, "%s", f->expect ? f->expect : "an object");
    }
}

static int missing(ctx *c, const field *f, const char *path)
{
    char want[256];
    expect_text(f, want, sizeof want);
    return fail(c, path, "missing (expected %s)", want);
}

/* "PATH: what (got V, expected <what f expects>)"; returns -1. */
static int refuse(ctx *c, const field *f, const char *path, const char *what, const cJSON *v)
{
    char want[256];
    expect_text(f, want, sizeof want);
    return bad(c, path, what, v, want);
}

static int wrong_type(ctx *c, const field *f, const cJSON *v, const char *path)
{
    return refuse(c, f, path, "wrong type", v);
}

/* ---- scalar checks -------------------------------------------------------------------- */

static int whole_ms(double s)
{
    double ms = s * 1000.0;
    return fabs(ms - nearbyint(ms)) <= 1e-3; /* within a microsecond */
}

/* What is wrong with the number x for f, or NULL. */
static const char *number_problem(const field *f, double x)
{
    if (!isfinite(x)) /* JSON has no inf or NaN, but cJSON turns 1e999 into inf */
        return "out of range";
    if (f->kind == K_INT && x != floor(x))
        return "not an integer";
    if (x < f->min || (x == f->min && (f->flags & F_GT_MIN)))
        return "out of range";
    if (x > f->max || (x == f->max && (f->flags & F_LT_MAX)))
        return f->over_max ? f->over_max : "out of range";
    return NULL;
}

static int check_number(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    if (!cJSON_IsNumber(v))
        return wrong_type(c, f, v, path);
    const char *problem = number_problem(f, v->valuedouble);
    if (problem)
        return refuse(c, f, path, problem, v);
    if ((f->flags & F_WHOLE_MS) && !whole_ms(v->valuedouble))
        return bad(c, path, "not a whole number of milliseconds", v, "a multiple of 0.001");
    *out = v->valuedouble;
    return 0;
}

static long choice_index(const char *const *choices, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(choices[i], s) == 0)
            return (long)i;
    return -1;
}

static int check_choice(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    if (!cJSON_IsString(v))
        return wrong_type(c, f, v, path);
    long i = choice_index(f->choices, f->n_choices, v->valuestring);
    if (i >= 0) {
        *out = (double)i;
        return 0;
    }
    for (const not_yet *n = f->not_yet; n && n->value; n++)
        if (strcmp(n->value, v->valuestring) == 0)
            return refuse(c, f, path, n->why, v);
    return refuse(c, f, path, "unknown value", v);
}

static int check_string(ctx *c, const field *f, const cJSON *v, const char *path)
{
    if (!cJSON_IsString(v))
        return wrong_type(c, f, v, path);
    size_t n = strlen(v->valuestring);
    if (n == 0)
        return refuse(c, f, path, "empty", v);
    if (f->kind == K_STRING && (double)n > f->max)
        return refuse(c, f, path, "too long", v);
    return 0;
}

static int check_scalar(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    switch (f->kind) {
    case K_INT:
    case K_NUM:
        return check_number(c, f, v, path, out);
    case K_BOOL:
        if (!cJSON_IsBool(v))
            return wrong_type(c, f, v, path);
        *out = cJSON_IsTrue(v) ? 1 : 0;
        return 0;
    case K_ENUM:
        return check_choice(c, f, v, path, out);
    default:
        return check_string(c, f, v, path);
    }
}

/* ---- storing and resolving scalars ---------------------------------------------------- */

/* Only the conversion the field asks for: the others may not fit. */
static void store(const field *f, void *base, double x, const char *text)
{
    char *p = (char *)base + f->offset;
    union {
        uint32_t u32;
        uint64_t u64;
        int64_t i64;
        double d;
        bool b;
        int e;
        char *s;
    } v;
    size_t n = 0;
    switch (f->store) {
    case ST_U32: v.u32 = (uint32_t)x, n = sizeof v.u32; break;
    case ST_U64: v.u64 = (uint64_t)x, n = sizeof v.u64; break;
    case ST_I64: v.i64 = (int64_t)x, n = sizeof v.i64; break;
    case ST_DOUBLE: v.d = x, n = sizeof v.d; break;
    case ST_NS: /* bounds were checked in seconds, so the product fits */
        v.i64 = (f->flags & F_WHOLE_MS) ? llround(x * 1e3) * 1000000 : llround(x * 1e9);
        n = sizeof v.i64;
        break;
    case ST_BOOL: v.b = x != 0, n = sizeof v.b; break;
    case ST_ENUM: v.e = (int)x, n = sizeof v.e; break;
    case ST_STR: v.s = ddb_xstrdup(text), n = sizeof v.s; break;
    case ST_NONE: break;
    }
    memcpy(p, &v, n);
}

static cJSON *resolved_value(const field *f, double x, const char *text)
{
    switch (f->kind) {
    case K_INT:
    case K_NUM: return cJSON_CreateNumber(x);
    case K_BOOL: return cJSON_CreateBool(x != 0);
    case K_ENUM: return cJSON_CreateString(f->choices[(size_t)x]);
    default: return cJSON_CreateString(text);
    }
}

/* ---- file paths inside a scenario ------------------------------------------------------- */

/* The fields that name a file. In a scenario file they are relative to the file's folder, so that
 * a scenario runs from any working directory; given with --set (or --ycsb) they are relative to
 * the working directory, as paths on a command line are, and are made absolute when set. The
 * resolved scenario keeps each value as written, so that it parses again to the same files. */
static const char *const file_paths[] = {"prices", "workload.ycsb", "workload.rate.path",
                                         "workload.trace.path"};

static bool is_file_path(const char *path)
{
    for (size_t i = 0; i < NELEM(file_paths); i++)
        if (strcmp(path, file_paths[i]) == 0)
            return true;
    return false;
}

/* p as the process opens it: relative to the folder of the scenario file c->source names
 * ("scenarios/ycsb-a.json" and "../workloads/ycsb/workloada" give
 * "scenarios/../workloads/ycsb/workloada"); absolute, or a source without a folder: p itself. */
static char *in_scenario_folder(const ctx *c, const char *p)
{
    const char *slash = strrchr(c->source, '/');
    size_t dir = slash && p[0] != '/' ? (size_t)(slash - c->source) + 1 : 0;
    size_t n = strlen(p);
    char *out = ddb_xmalloc(dir + n + 1);
    memcpy(out, c->source, dir);
    memcpy(out + dir, p, n + 1);
    return out;
}

static int parse_scalar(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                        void *base)
{
    double x = f->dflt;
    const char *text = (f->flags & F_FILE_NAME) ? c->default_name : NULL;
    if (!v && (f->flags & F_REQUIRED))
        return missing(c, f, path);
    if (!v && (f->flags & F_OPTIONAL))
        return 0;
    if (!v && (f->flags & F_PER_MODE)) {
        /* Holds the member's place in the resolved tree until check_retry fills it in. */
        add(res, key_of(f), cJSON_CreateNull());
        return 0;
    }
    if (v && check_scalar(c, f, v, path, &x) < 0)
        return -1;
    if (f->present && f->kind != K_TEMPLATE) /* templates: set when stored (parse_templates) */
        *(bool *)((char *)base + f->present) = v != NULL;
    if (v && cJSON_IsString(v))
        text = v->valuestring;
    if (f->kind == K_TEMPLATE) {
        DDB_CHECK(c->n_tpl < NELEM(c->tpl), "%zu templates", c->n_tpl);
        deferred *d = &c->tpl[c->n_tpl++];
        d->f = f;
        d->text = text;
        d->base = base;
        snprintf(d->path, sizeof d->path, "%s", path);
    } else {
        char *file = text && is_file_path(path) ? in_scenario_folder(c, text) : NULL;
        store(f, base, x, file ? file : text);
        free(file);
        if (f->present && v)
            *(bool *)((char *)base + f->present) = true;
    }
    add(res, key_of(f), resolved_value(f, x, text));
    return 0;
}

/* ---- objects -------------------------------------------------------------------------- */

static int parse_object(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                        const char *path, cJSON *res, void *base);

/* 1 when path names a direct member of the object at prefix ("" = the table's root). */
static int is_child(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 0)
        return strchr(path, '.') == NULL;
    return strncmp(path, prefix, n) == 0 && path[n] == '.' && !strchr(path + n + 1, '.');
}

static const field *find_child(const table *t, const char *prefix, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (is_child(t->f[i].path, prefix) && strcmp(key_of(&t->f[i]), key) == 0)
            return &t->f[i];
    return NULL;
}

static int applies(const field *f, unsigned variant)
{
    return !f->variants || (f->variants & variant);
}

/* The members a user may write at prefix, for "expected one of". */
static void member_list(const table *t, const char *prefix, unsigned variant, char *buf,
                        size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n && len < cap; i++) {
        const field *f = &t->f[i];
        if (is_child(f->path, prefix) && f->kind != K_NOT_YET && applies(f, variant))
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", key_of(f));
    }
}

static int unknown_field(ctx *c, const table *t, const char *prefix, const char *path)
{
    char list[512];
    member_list(t, prefix, ~0u, list, sizeof list);
    return fail(c, path, "unknown field (expected one of: %s)", list);
}

/* Refuse keys the table does not know, features not modelled yet, and duplicate keys. */
static int check_keys(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                      const char *path)
{
    unsigned char seen[MAX_TABLE] = {0};
    const cJSON *k;
    DDB_CHECK(t->n <= MAX_TABLE, "table of %zu entries", t->n);
    cJSON_ArrayForEach(k, obj) {
        char p[PATH_CAP];
        join(p, path, k->string);
        const field *f = find_child(t, prefix, k->string);
        if (!f)
            return unknown_field(c, t, prefix, p);
        if (f->kind == K_NOT_YET)
            return fail(c, p, "%s", f->help);
        if (seen[f - t->f]++)
            return fail(c, p, "duplicate field (expected each field once)");
    }
    return 0;
}

/* With the selector known, refuse members that belong to another variant. */
static int check_variant(ctx *c, const table *t, const cJSON *obj, const char *path,
                         unsigned variant, const char *choice)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) {
        const field *f = find_child(t, "", k->string);
        if (applies(f, variant))
            continue;
        char p[PATH_CAP], list[512];
        join(p, path, k->string);
        member_list(t, "", variant, list, sizeof list);
        return fail(c, p, "does not apply to %s \"%s\" (expected one of: %s)", key_of(&t->f[0]),
                    choice, list);
    }
    return 0;
}

static int parse_entry(ctx *c, const table *t, const field *f, const cJSON *obj,
                       const char *path, cJSON *res, void *base)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key_of(f));
    char p[PATH_CAP];
    join(p, path, key_of(f));
    if (!v && (f->flags & F_REQUIRED) && (f->kind == K_OBJECT || f->kind == K_CUSTOM))
        return missing(c, f, p);
    switch (f->kind) {
    case K_OBJECT:
        if (v && !cJSON_IsObject(v))
            return wrong_type(c, f, v, p);
        if (!v && (f->flags & F_OPTIONAL))
            return 0;
        if (f->present)
            *(bool *)((char *)base + f->present) = v != NULL;
        if (f->sub)
            return parse_object(c, f->sub, "", v, p, add_object(res, key_of(f)),
                                (char *)base + f->offset);
        return parse_object(c, t, f->path, v, p, add_object(res, key_of(f)), base);
    case K_CUSTOM:
        return f->custom(c, f, v, p, res, base);
    case K_NOT_YET:
        return 0; /* absent: check_keys refuses it when present */
    default:
        return parse_scalar(c, f, v, p, res, base);
    }
}

/* Parse the selector first, then refuse members of other variants. Returns the variant bit. */
static int parse_selector(ctx *c, const table *t, const cJSON *obj, const char *path,
                          cJSON *res, void *base, unsigned *variant)
{
    const field *f = &t->f[0];
    int k;
    if (parse_entry(c, t, f, obj, path, res, base) < 0)
        return -1;
    memcpy(&k, (char *)base + f->offset, sizeof k);
    *variant = V(k);
    return check_variant(c, t, obj, path, *variant, f->choices[k]);
}

/* The object obj (NULL: absent, all defaults) whose members are the entries of t under
 * prefix; values go to base, the resolved members to res. */
static int parse_object(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                        const char *path, cJSON *res, void *base)
{
    unsigned variant = 0;
    size_t selector = (t->f[0].flags & F_DISCRIM) ? 1 : 0;
    if (check_keys(c, t, prefix, obj, path) < 0)
        return -1;
    if (selector && parse_selector(c, t, obj, path, res, base, &variant) < 0)
        return -1;
    for (size_t i = selector; i < t->n; i++) {
        const field *f = &t->f[i];
        if (is_child(f->path, prefix) && applies(f, variant) &&
            parse_entry(c, t, f, obj, path, res, base) < 0)
            return -1;
    }
    return t->check && !*prefix ? t->check(c, path, base, res) : 0;
}

/* ---- the data-dependent parts ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Refuse an object that holds a key twice (cJSON keeps both). */
static int check_unique_keys(ctx *c, const cJSON *obj, const char *path)
{
    size_t n = (size_t)cJSON_GetArraySize(obj), i = 0;
    const char **keys = ddb_xcalloc(n, sizeof *keys);
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) keys[i++] = k->string;
    qsort(keys, n, sizeof *keys, cmp_str);
    int rc = 0;
    for (i = 1; i < n && rc == 0; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0) {
            char p[PATH_CAP];
            join(p, path, keys[i]);
            rc = fail(c, p, "duplicate field (expected each field once)");
        }
    free(keys);
    return rc;
}

static int check_sum(ctx *c, const char *path, const double *w, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    if (fabs(sum - 1.0) <= SUM_TOLERANCE)
        return 0;
    return fail(c, path, "weights must sum to 1 (got %.12g)", sum);
}

/* [A-Za-z_][A-Za-z0-9_]*: what a template placeholder can name. */
static int valid_name(const char *name)
{
    int ok = *name == '_' || (*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z');
    for (const char *p = name; ok && *p; p++)
        ok = *p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
             (*p >= '0' && *p <= '9');
    return ok;
}

static int check_attr_name(ctx *c, const char *name, const char *path)
{
    char got[SHOW_MAX + 8], list[64];
    int valid = valid_name(name);
    if (valid && choice_index(reserved_names, NELEM(reserved_names), name) < 0)
        return 0;
    show_string(name, got, sizeof got);
    if (!valid)
        return fail(c, path, "bad attribute name (got %s, expected letters, digits and _, not "
                    "starting with a digit)", got);
    choice_list(reserved_names, NELEM(reserved_names), list, sizeof list);
    return fail(c, path, "reserved name (got %s, expected a name other than %s)", got, list);
}

static int parse_attr(ctx *c, const cJSON *a, const char *path, cJSON *res, ddb_attr *at)
{
    char p[PATH_CAP];
    join(p, path, a->string);
    if (check_attr_name(c, a->string, p) < 0)
        return -1;
    if (!cJSON_IsObject(a))
        return bad(c, p, "wrong type", a, "an object such as {\"dist\": \"uniform\", \"n\": 1000}");
    at->name = ddb_xstrdup(a->string);
    return parse_object(c, &attr_table, "", a, p, add_object(res, a->string), &at->spec);
}

/* An optional object of named entries (attributes, sizes by operation): 1 when given and well
 * formed, 0 when absent, -1 (reported) when not an object or a name repeats. */
static int keyed_object(ctx *c, const field *f, const cJSON *v, const char *path)
{
    if (!v)
        return 0;
    if (!cJSON_IsObject(v))
        return wrong_type(c, f, v, path);
    return check_unique_keys(c, v, path) < 0 ? -1 : 1;
}

/* A derived attribute's source: another attribute, drawn (not clock) and not derived itself. */
static int resolve_source(ctx *c, ddb_scenario *s, size_t i, const char *path)
{
    ddb_dist_spec *spec = &s->attrs[i].spec;
    char p[PATH_CAP], at[PATH_CAP], got[SHOW_MAX + 8];
    join(at, path, s->attrs[i].name);
    join(p, at, "from");
    show_string(spec->from, got, sizeof got);
    long src = ddb_scenario_attr_index(s, spec->from);
    if (src < 0)
        return fail(c, p, "unknown attribute (got %s, expected the name of another attribute)", got);
    enum ddb_dist_kind k = s->attrs[src].spec.kind;
    if ((size_t)src == i || k == DDB_DIST_DERIVED || k == DDB_DIST_CLOCK)
        return fail(c, p, "cannot be derived from %s (got %s, expected an integer or categorical "
                    "attribute)", (size_t)src == i ? "itself" : k == DDB_DIST_CLOCK ? "the clock"
                    : "a derived attribute", got);
    if (spec->map == DDB_DERIVE_BLOCK && s->attrs[src].spec.inserts)
        return fail(c, p, "a block mapping needs a source with a fixed number of values (got %s, "
                    "whose inserts add values; expected map hash or mod)", got);
    spec->from_index = (size_t)src;
    return 0;
}

static int parse_attributes(ctx *c, const field *f, const cJSON *v, const char *path,
                            cJSON *res, void *base)
{
    ddb_scenario *s = base;
    cJSON *out = add_object(res, key_of(f));
    const cJSON *a;
    int given = keyed_object(c, f, v, path);
    if (given <= 0)
        return given;
    s->attrs = ddb_xcalloc((size_t)cJSON_GetArraySize(v), sizeof *s->attrs);
    cJSON_ArrayForEach(a, v) {
        /* Counted before parsing, so that a half-parsed attribute is freed with the rest. */
        if (parse_attr(c, a, path, out, &s->attrs[s->n_attrs++]) < 0)
            return -1;
    }
    for (size_t i = 0; i < s->n_attrs; i++)
        if (s->attrs[i].spec.kind == DDB_DIST_DERIVED && resolve_source(c, s, i, path) < 0)
            return -1;
    return 0;
}

static int check_weights(ctx *c, const cJSON *v, const char *path, double *w)
{
    size_t i = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP];
        join(p, path, k->string);
        if (check_number(c, &weight_field, k, p, &w[i++]) < 0)
            return -1;
    }
    return check_sum(c, path, w, i);
}

static int parse_weights(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                         void *base)
{
    ddb_dist_spec *spec = base;
    if (!cJSON_IsObject(v))
        return wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n == 0)
        return bad(c, path, "no labels", v, f->expect);
    if (check_unique_keys(c, v, path) < 0)
        return -1;
    double *w = ddb_xcalloc(n, sizeof *w);
    if (check_weights(c, v, path, w) < 0) {
        free(w);
        return -1;
    }
    char **labels = ddb_xcalloc(n, sizeof *labels);
    cJSON *out = add_object(res, key_of(f));
    const cJSON *k;
    cJSON_ArrayForEach(k, v) {
        labels[i] = ddb_xstrdup(k->string);
        add(out, k->string, cJSON_CreateNumber(w[i++]));
    }
    spec->labels = labels;
    spec->weights = w;
    spec->n_labels = n;
    return 0;
}

static int parse_mix(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                     void *base)
{
    ddb_scenario *s = base;
    double w[DDB_OP_COUNT] = {0};
    unsigned char seen[DDB_OP_COUNT] = {0};
    const cJSON *k;
    if (!v) /* required unless there is a trace: check_workload */
        return 0;
    if (!cJSON_IsObject(v))
        return wrong_type(c, f, v, path);
    s->has_mix = true;
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP], list[128];
        long op = choice_index(ddb_op_names, DDB_OP_COUNT, k->string);
        join(p, path, k->string);
        if (op < 0) {
            choice_list(ddb_op_names, DDB_OP_COUNT, list, sizeof list);
            return fail(c, p, "unknown field (expected one of: %s)", list);
        }
        if (seen[op]++)
            return fail(c, p, "duplicate field (expected each field once)");
        if (check_number(c, &mix_field, k, p, &w[op]) < 0)
            return -1;
    }
    if (check_sum(c, path, w, DDB_OP_COUNT) < 0)
        return -1;
    cJSON *out = add_object(res, key_of(f));
    for (size_t i = 0; i < DDB_OP_COUNT; i++) {
        s->mix[i] = w[i];
        add(out, ddb_op_names[i], cJSON_CreateNumber(w[i]));
    }
    return 0;
}

/* Element p of an array of objects (rate steps, capacity changes): an object, parsed into elem,
 * its resolved form appended to out. */
static int parse_element(ctx *c, const field *f, const cJSON *e, const char *p, cJSON *out,
                         void *elem, const char *example)
{
    if (!cJSON_IsObject(e))
        return bad(c, p, "wrong type", e, example);
    cJSON *o = need(cJSON_CreateObject());
    DDB_CHECK(cJSON_AddItemToArray(out, o), "out of memory");
    return parse_object(c, f->sub, "", e, p, o, elem);
}

/* Elements in time order: at_s strictly after the previous element's ("step", "change"). */
static int check_after(ctx *c, const cJSON *e, const char *p, size_t i, double at_s,
                       double prev_at_s, const char *noun)
{
    char at[PATH_CAP], prev[32], what[64], want[80];
    if (i == 0 || at_s > prev_at_s)
        return 0;
    join(at, p, "at_s");
    num_text(prev_at_s, prev);
    snprintf(what, sizeof what, "not after the previous %s", noun);
    snprintf(want, sizeof want, "more than the previous %s's %s", noun, prev);
    return bad(c, at, what, cJSON_GetObjectItemCaseSensitive(e, "at_s"), want);
}

static int parse_step(ctx *c, const field *f, const cJSON *e, const char *path, size_t i,
                      cJSON *out, ddb_rate_step *steps)
{
    char p[PATH_CAP];
    snprintf(p, sizeof p, "%s[%zu]", path, i);
    if (parse_element(c, f, e, p, out, &steps[i], "an object such as {\"at_s\": 0, \"rps\": 100}") < 0)
        return -1;
    return check_after(c, e, p, i, steps[i].at_s, i ? steps[i - 1].at_s : 0, "step");
}

static int parse_steps(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base)
{
    ddb_rate_spec *r = base;
    if (!cJSON_IsArray(v))
        return wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n == 0)
        return bad(c, path, "empty", v, f->expect);
    ddb_rate_step *steps = ddb_xcalloc(n, sizeof *steps);
    cJSON *out = need(cJSON_CreateArray());
    add(res, key_of(f), out);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (parse_step(c, f, e, path, i++, out, steps) < 0) {
            free(steps);
            return -1;
        }
    }
    r->steps = steps;
    r->n_steps = n;
    return 0;
}

static int parse_change(ctx *c, const field *f, const cJSON *e, const char *path, size_t i,
                        cJSON *out, ddb_capacity_change *ch)
{
    char p[PATH_CAP];
    snprintf(p, sizeof p, "%s[%zu]", path, i);
    if (parse_element(c, f, e, p, out, &ch[i], "an object such as {\"at_s\": 300, \"wcu\": 4000}") < 0)
        return -1;
    if (ch[i].rcu == 0 && ch[i].wcu == 0)
        return bad(c, p, "changes nothing", e, "rcu, wcu or both");
    return check_after(c, e, p, i, (double)ch[i].at_ns / 1e9, i ? (double)ch[i - 1].at_ns / 1e9 : 0,
                       "change");
}

static int parse_changes(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                         void *base)
{
    ddb_scenario *s = base;
    cJSON *out = need(cJSON_CreateArray());
    add(res, key_of(f), out);
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    ddb_capacity_change *ch = ddb_xcalloc(n ? n : 1, sizeof *ch);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (parse_change(c, f, e, path, i++, out, ch) < 0) {
            free(ch);
            return -1;
        }
    }
    s->capacity_changes = ch;
    s->n_capacity_changes = n;
    return 0;
}

/* {OP: size spec}: each parsed by size_table, as workload.item_bytes. */
static int parse_sizes_by_op(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                             void *base)
{
    static const char *const ops[] = {"get", "put", "update", "delete", "query", "scan"};
    ddb_scenario *s = base;
    const cJSON *k;
    int given = keyed_object(c, f, v, path);
    if (given <= 0)
        return given;
    cJSON *out = add_object(res, key_of(f));
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP], list[128];
        long op = choice_index(ops, NELEM(ops), k->string);
        join(p, path, k->string);
        if (op < 0) {
            choice_list(ops, NELEM(ops), list, sizeof list);
            return fail(c, p, "unknown operation (expected one of: %s; a batch's items take "
                        "item_bytes)", list);
        }
        if (!cJSON_IsObject(k))
            return bad(c, p, "wrong type", k, "an object such as {\"dist\": \"fixed\", \"bytes\": 1024}");
        if (parse_object(c, f->sub, "", k, p, add_object(out, k->string), &s->item_bytes_by_op[op]) < 0)
            return -1;
        s->has_item_bytes_by_op[op] = true;
    }
    return 0;
}

/* table.gsi and table.lsi: arrays of index objects, described by their table. */
typedef struct index_array {
    const table *t;
    size_t max, size;           /* at most max elements of size bytes */
    size_t n_off, arr_off;      /* where the count and the array go in the scenario */
    size_t has_projected_bytes; /* offset in an element */
    const char *quota, *example;
} index_array;

/* Both specs start with the name. */
_Static_assert(offsetof(ddb_gsi_spec, name) == 0 && offsetof(ddb_lsi_spec, name) == 0, "name first");

/* An index's name is unique among the table's indexes (GSIs and LSIs alike), and its entry size
 * comes from projection or projected_bytes. */
static int check_index(ctx *c, const ddb_scenario *s, const index_array *a, const char *elem,
                       const cJSON *e, const char *path)
{
    const char *name = *(char *const *)elem;
    char p[PATH_CAP];
    size_t others = 0;
    for (size_t j = 0; j < s->n_gsi; j++)
        others += (const void *)&s->gsi[j] != (const void *)elem && strcmp(s->gsi[j].name, name) == 0;
    for (size_t j = 0; j < s->n_lsi; j++)
        others += (const void *)&s->lsi[j] != (const void *)elem && strcmp(s->lsi[j].name, name) == 0;
    if (others) {
        join(p, path, "name");
        return bad(c, p, "duplicate index name", cJSON_GetObjectItemCaseSensitive(e, "name"),
                   "a name no other index of the table has");
    }
    if (*(const bool *)(elem + a->has_projected_bytes) && cJSON_GetObjectItemCaseSensitive(e, "projection")) {
        join(p, path, "projected_bytes");
        return fail(c, p, "given with projection (expected one of projection, projected_bytes)");
    }
    return 0;
}

static int parse_index_array(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                             ddb_scenario *s, const index_array *a)
{
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n > a->max)
        return fail(c, path, "too many indexes (got %zu, expected at most %zu, %s)", n, a->max,
                    a->quota);
    char *arr = ddb_xcalloc(n ? n : 1, a->size);
    size_t *count = (size_t *)((char *)s + a->n_off);
    memcpy((char *)s + a->arr_off, &arr, sizeof arr);
    cJSON *out = need(cJSON_CreateArray());
    add(res, key_of(f), out);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        char p[PATH_CAP];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (!cJSON_IsObject(e))
            return bad(c, p, "wrong type", e, a->example);
        cJSON *o = need(cJSON_CreateObject());
        DDB_CHECK(cJSON_AddItemToArray(out, o), "out of memory");
        (*count)++; /* counted first, so that a half-parsed index is freed with the rest */
        char *elem = arr + i * a->size;
        if (parse_object(c, a->t, "", e, p, o, elem) < 0 || check_index(c, s, a, elem, e, p) < 0)
            return -1;
        /* projected_bytes replaces projection: the resolved index names one of them, so that
         * it parses again (plan and sweep run the resolved scenario) */
        if (*(const bool *)(elem + a->has_projected_bytes))
            cJSON_DeleteItemFromObjectCaseSensitive(o, "projection");
        i++;
    }
    return 0;
}

static int parse_gsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base)
{
    static const index_array gsis = {
        &gsi_table, DDB_GSI_MAX, sizeof(ddb_gsi_spec), OFF(n_gsi), OFF(gsi),
        offsetof(ddb_gsi_spec, has_projected_bytes), "AWS's default quota",
        "an object such as {\"name\": \"byStatus\", \"pk\": \"{status}\", \"rcu\": 100, \"wcu\": 100}"};
    return parse_index_array(c, f, v, path, res, base, &gsis);
}

static int parse_lsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base)
{
    static const index_array lsis = {
        &lsi_table, DDB_LSI_MAX, sizeof(ddb_lsi_spec), OFF(n_lsi), OFF(lsi),
        offsetof(ddb_lsi_spec, has_projected_bytes), "DynamoDB's limit",
        "an object such as {\"name\": \"byCreated\", \"sk\": \"{created}\"}"};
    return parse_index_array(c, f, v, path, res, base, &lsis);
}

/* ---- checks across fields -------------------------------------------------------------- */

static int check_size(ctx *c, const char *path, void *base, cJSON *res)
{
    const ddb_size_spec *z = base;
    char p[PATH_CAP];
    (void)res;
    if (z->kind != DDB_SIZE_UNIFORM || z->min_bytes <= z->max_bytes)
        return 0;
    join(p, path, "max");
    return fail(c, p, "less than min (got %u, expected an integer from %u to %u)", z->max_bytes,
                z->min_bytes, DDB_ITEM_MAX_BYTES);
}

/* A diurnal rate never goes below 0; a csv profile's file must read. */
static int check_rate(ctx *c, const char *path, void *base, cJSON *res)
{
    ddb_rate_spec *r = base;
    char p[PATH_CAP], msg[DDB_ERR_MAX], want[64], mean[32];
    if (r->kind == DDB_RATE_DIURNAL && r->amplitude_rps > r->mean_rps) {
        join(p, path, "amplitude_rps");
        num_text(r->mean_rps, mean);
        snprintf(want, sizeof want, "at most mean_rps (%s)", mean);
        return bad(c, p, "the rate would go below 0", cJSON_GetObjectItemCaseSensitive(res, "amplitude_rps"),
                   want);
    }
    if (r->kind != DDB_RATE_CSV)
        return 0;
    if (ddb_rate_csv_load(r, r->path, msg, sizeof msg) < 0) {
        join(p, path, "path");
        return fail(c, p, "%s", msg);
    }
    return 0;
}

static const cJSON *member(const cJSON *obj, const char *a, const char *b, const char *d)
{
    obj = cJSON_GetObjectItemCaseSensitive(obj, a);
    obj = cJSON_GetObjectItemCaseSensitive(obj, b);
    return d ? cJSON_GetObjectItemCaseSensitive(obj, d) : obj;
}

static int check_interval(ctx *c, const ddb_scenario *s, cJSON *res)
{
    char dur[32], want[64];
    if (s->interval_ns <= s->duration_ns)
        return 0;
    num_text(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(res, "duration_s")), dur);
    snprintf(want, sizeof want, "at most duration_s (%s)", dur);
    return bad(c, "output.interval_s", "longer than the run",
               member(res, "output", "interval_s", NULL), want);
}

/* The entry of fields[] at path. */
static const field *field_at(const char *path)
{
    size_t i = 0;
    while (i < NELEM(fields) && strcmp(fields[i].path, path) != 0)
        i++;
    DDB_CHECK(i < NELEM(fields), "no field %s", path);
    return &fields[i];
}

/* The member of the resolved tree at a table path ("client.retry.mode"), or NULL. */
static cJSON *resolved_at(cJSON *res, const char *path)
{
    char key[PATH_CAP];
    while (res && *path) {
        size_t n = strcspn(path, ".");
        DDB_CHECK(n < sizeof key, "path %s", path);
        memcpy(key, path, n);
        key[n] = '\0';
        res = cJSON_GetObjectItemCaseSensitive(res, key);
        path += path[n] ? n + 1 : n;
    }
    return res;
}

static bool given(cJSON *res, const char *path)
{
    cJSON *v = resolved_at(res, path);
    DDB_CHECK(v != NULL, "resolved tree without %s", path);
    return !cJSON_IsNull(v);
}

/* The retry numbers left out take the mode's defaults (in their place in the resolved tree). */
static void fill_retry_defaults(ddb_scenario *s, cJSON *res)
{
    double d[RD_COUNT];
    retry_defaults(s->retry_mode, d);
    for (size_t i = 0; i < NELEM(fields); i++) {
        const field *f = &fields[i];
        if (!(f->flags & F_PER_MODE) || given(res, f->path))
            continue;
        char parent[PATH_CAP];
        size_t n = (size_t)(key_of(f) - f->path);
        DDB_CHECK(n > 0 && n < sizeof parent, "F_PER_MODE at the top: %s", f->path);
        memcpy(parent, f->path, n - 1);
        parent[n - 1] = '\0';
        double x = d[(size_t)f->dflt];
        store(f, s, x, NULL);
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(resolved_at(res, parent), key_of(f),
                                                         need(resolved_value(f, x, NULL))),
                  "replace %s", f->path);
    }
}

/* Mode none makes one attempt; the backoff cap is at least its base. */
static int check_retry(ctx *c, ddb_scenario *s, cJSON *res)
{
    bool attempts = given(res, "client.retry.max_attempts");
    bool base = given(res, "client.retry.base_ms"), cap = given(res, "client.retry.max_backoff_ms");
    char lo[32], hi[32], want[160];
    if (s->retry_mode == DDB_RETRY_NONE && attempts && s->max_attempts > 1)
        return bad(c, "client.retry.max_attempts", "more than one attempt with mode \"none\"",
                   resolved_at(res, "client.retry.max_attempts"), "1, or mode \"standard\"");
    fill_retry_defaults(s, res);
    if (s->retry_max_backoff_ms >= s->retry_base_ms)
        return 0;
    num_text(s->retry_base_ms, lo);
    num_text(s->retry_max_backoff_ms, hi);
    if (cap) {
        num_text(BACKOFF_MAX_MS, hi);
        snprintf(want, sizeof want, "a number from base_ms (%s) to %s", lo, hi);
        return bad(c, "client.retry.max_backoff_ms", "less than base_ms",
                   resolved_at(res, "client.retry.max_backoff_ms"), want);
    }
    DDB_CHECK(base, "a mode's default base_ms above its max_backoff_ms");
    snprintf(want, sizeof want, "at most mode \"%s\"'s max_backoff_ms (%s), or set "
             "client.retry.max_backoff_ms", ddb_retry_mode_names[s->retry_mode], hi);
    return bad(c, "client.retry.base_ms", "more than the longest backoff",
               resolved_at(res, "client.retry.base_ms"), want);
}

/* Open loop (client.concurrency 0) needs workload.rate; closed loop has none, and only closed-
 * loop callers think. */
static int check_loop(ctx *c, const ddb_scenario *s, cJSON *res)
{
    char want[256];
    if (s->concurrency > 0 && s->has_rate)
        return fail(c, "workload.rate", "closed-loop callers (client.concurrency) issue requests "
                    "as responses come back; remove workload.rate");
    if (s->concurrency > 0)
        return 0;
    if (!s->has_rate && !s->has_trace) {
        expect_text(field_at("workload.rate"), want, sizeof want);
        return fail(c, "workload.rate", "missing (expected %s) (or set client.concurrency for "
                    "closed-loop callers)", want);
    }
    if (s->think_ms > 0)
        return bad(c, "client.think_ms", "only closed-loop callers think",
                   resolved_at(res, "client.think_ms"), "0, or set client.concurrency");
    return 0;
}

typedef struct attr_view {
    const char **names;
    ddb_dist_spec *specs; /* shallow copies: ddb_template_max_len wants an array of specs */
} attr_view;

static int parse_template(ctx *c, const deferred *d, const attr_view *a, size_t n,
                          ddb_template *out)
{
    char msg[DDB_ERR_MAX];
    if (ddb_template_parse(out, d->text, a->names, n, msg, sizeof msg) < 0)
        return fail(c, d->path, "%s", msg);
    size_t len = ddb_template_max_len(out, a->specs);
    if ((double)len <= d->f->max)
        return 0;
    ddb_template_destroy(out);
    return fail(c, d->path, "%s (got keys of up to %zu bytes, expected at most %.0f)",
                d->f->over_max, len, d->f->max);
}

/* Templates name attributes, so they are parsed last; they are stored only when all parse. */
static int parse_templates(ctx *c, ddb_scenario *s)
{
    attr_view a = {ddb_xcalloc(s->n_attrs, sizeof *a.names),
                   ddb_xcalloc(s->n_attrs, sizeof *a.specs)};
    ddb_template t[NELEM(c->tpl)];
    size_t done = 0;
    for (size_t i = 0; i < s->n_attrs; i++) {
        a.names[i] = s->attrs[i].name;
        a.specs[i] = s->attrs[i].spec;
    }
    while (done < c->n_tpl && parse_template(c, &c->tpl[done], &a, s->n_attrs, &t[done]) == 0)
        done++;
    free(a.names);
    free(a.specs);
    int ok = done == c->n_tpl;
    for (size_t i = 0; i < done; i++) {
        const field *f = c->tpl[i].f;
        if (!ok) {
            ddb_template_destroy(&t[i]);
            continue;
        }
        memcpy((char *)c->tpl[i].base + f->offset, &t[i], sizeof t[i]);
        if (f->present)
            *(bool *)((char *)c->tpl[i].base + f->present) = true;
    }
    return ok ? 0 : -1;
}

/* A trace gives the keys, operations, sizes and arrivals: the fields that would generate them
 * are refused rather than silently ignored. Without one, the key and the mix are required. */
static bool template_given(const ctx *c, const char *path)
{
    for (size_t i = 0; i < c->n_tpl; i++)
        if (strcmp(c->tpl[i].f->path, path) == 0)
            return true;
    return false;
}

static int check_workload(ctx *c, ddb_scenario *s, cJSON *res)
{
    char want[256];
    /* templates are stored (and has_pk set) last, once the attributes are known */
    s->has_pk = template_given(c, "table.key.pk");
    if (!s->has_trace) {
        if (!s->has_pk)
            return missing(c, field_at("table.key.pk"), "table.key.pk");
        if (!s->has_mix) {
            expect_text(field_at("workload.mix"), want, sizeof want);
            return fail(c, "workload.mix", "missing (expected %s)", want);
        }
        return 0;
    }
    static const struct {
        size_t present;
        const char *path, *what;
    } refused[] = {
        {OFF(has_pk), "table.key.pk", "the partition keys come from the trace"},
        {OFF(has_rate), "workload.rate", "the arrivals come from the trace"},
        {OFF(has_mix), "workload.mix", "the operations come from the trace"},
        {OFF(has_item_bytes), "workload.item_bytes", "the item sizes come from the trace"},
    };
    for (int op = 0; op < DDB_OP_COUNT; op++)
        if (s->has_item_bytes_by_op[op])
            return fail(c, "workload.item_bytes_by_op", "the item sizes come from the trace "
                        "(workload.trace); remove workload.item_bytes_by_op");
    for (size_t i = 0; i < NELEM(refused); i++)
        if (*(bool *)((char *)s + refused[i].present))
            return fail(c, refused[i].path, "%s (workload.trace); remove %s", refused[i].what,
                        refused[i].path);
    if (s->concurrency > 0)
        return fail(c, "client.concurrency", "a trace is replayed open loop, as recorded; remove "
                    "client.concurrency or workload.trace");
    /* item_bytes' default says nothing of a trace's sizes: not in the resolved scenario */
    cJSON_DeleteItemFromObjectCaseSensitive(resolved_at(res, "workload"), "item_bytes");
    return 0;
}

/* With a trace and no duration_s, the run lasts the trace's span: its last request's time,
 * rounded up to the next whole millisecond so that that request is inside the run. The whole
 * trace is read for it (and so checked). Without a trace, the trace file must at least open. */
static int trace_duration(ctx *c, ddb_scenario *s, cJSON *res)
{
    char msg[DDB_ERR_MAX];
    int64_t last_ns;
    if (!s->has_trace)
        return 0;
    /* the names a line's index column may give: the GSIs, then the LSIs */
    s->trace.index_names = ddb_xcalloc(s->n_gsi + s->n_lsi + 1, sizeof *s->trace.index_names);
    for (size_t i = 0; i < s->n_gsi; i++)
        s->trace.index_names[i] = s->gsi[i].name;
    for (size_t i = 0; i < s->n_lsi; i++)
        s->trace.index_names[s->n_gsi + i] = s->lsi[i].name;
    s->trace.n_gsi_names = s->n_gsi;
    s->trace.n_index_names = s->n_gsi + s->n_lsi;
    if (s->has_duration) {
        ddb_trace *t = ddb_trace_open(&s->trace, msg, sizeof msg);
        if (!t)
            return fail(c, "workload.trace.path", "%s", msg);
        ddb_trace_close(t);
        return 0;
    }
    if (ddb_trace_span(&s->trace, &last_ns, msg, sizeof msg) < 0)
        return fail(c, "workload.trace.path", "%s", msg);
    int64_t ms = last_ns / 1000000 + 1;
    if ((double)ms / 1e3 > YEAR_S)
        return fail(c, "workload.trace.path", "the trace spans more than a year (got %.3f s after "
                    "speedup, expected at most 31536000; set duration_s)", (double)ms / 1e3);
    s->duration_ns = ms * 1000000;
    DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(res, "duration_s",
                                                     need(cJSON_CreateNumber((double)ms / 1e3))),
              "replace duration_s");
    return 0;
}

/* A cloudwatch profile becomes steps here, where the seed is known (the lognormal bursts draw
 * from it); without duration_s the run lasts the export's span. */
static int cloudwatch_rate(ctx *c, ddb_scenario *s, cJSON *res)
{
    ddb_rate_spec *r = &s->rate;
    if (!s->has_rate || r->kind != DDB_RATE_CLOUDWATCH)
        return 0;
    ddb_cw_profile p = {r->path, r->cw_id, r->cw_period_s, r->cw_units_per_request,
                        (enum ddb_cw_within)r->cw_bursts, r->cw_burst_cv};
    ddb_rate_spec steps;
    double span_s;
    char msg[DDB_ERR_MAX];
    if (ddb_rate_from_cloudwatch(&p, s->seed, &steps, &span_s, msg, sizeof msg) < 0)
        return fail(c, "workload.rate.path", "%s", msg);
    r->kind = DDB_RATE_STEPS; /* arrivals walk the steps */
    r->steps = steps.steps;
    r->n_steps = steps.n_steps;
    if (s->has_duration)
        return 0;
    if (span_s > YEAR_S)
        return fail(c, "workload.rate.path", "the export spans more than a year (got %.0f s, "
                    "expected at most 31536000; set duration_s)", span_s);
    s->duration_ns = (int64_t)(span_s * 1e9 + 0.5);
    DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(res, "duration_s", need(cJSON_CreateNumber(span_s))),
              "replace duration_s");
    return 0;
}

/* Provisioned capacity at path (its resolved value v) within the table's quota for direction d:
 * AWS refuses more with LimitExceededException until the quota is raised. */
static int check_quota(ctx *c, const ddb_scenario *s, int d, const char *path, const cJSON *v,
                       int64_t units)
{
    int64_t quota = d == 0 ? s->quota_rcu : s->quota_wcu;
    if (units <= quota)
        return 0;
    char want[160];
    snprintf(want, sizeof want, "at most table.%s, %lld: AWS refuses more until the quota is raised",
             d == 0 ? "quota_rcu" : "quota_wcu", (long long)quota);
    return bad(c, path, "above the table's quota", v, want);
}

/* Auto scaling (at path, resolved as r) scales something, within min <= max; the limits it
 * leaves out are filled in (the maximum: the table's quota). */
static int check_autoscaling(ctx *c, const ddb_scenario *s, ddb_autoscaling *a, const char *path,
                             cJSON *r)
{
    if (!a->min_rcu && !a->max_rcu && !a->min_wcu && !a->max_wcu)
        return fail(c, path, "scales nothing (expected min_rcu/max_rcu, min_wcu/max_wcu or both)");
    int64_t *lim[2][2] = {{&a->min_rcu, &a->max_rcu}, {&a->min_wcu, &a->max_wcu}};
    int64_t quota[2] = {s->quota_rcu, s->quota_wcu};
    static const char *const names[2][2] = {{"min_rcu", "max_rcu"}, {"min_wcu", "max_wcu"}};
    for (int d = 0; d < 2; d++) {
        if (!*lim[d][0] && !*lim[d][1])
            continue;
        bool max_given = *lim[d][1] != 0;
        if (max_given) {
            char p[PATH_CAP];
            join(p, path, names[d][1]);
            if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(r, names[d][1]), *lim[d][1]) < 0)
                return -1;
        }
        if (!*lim[d][0])
            *lim[d][0] = 1;
        if (!*lim[d][1])
            *lim[d][1] = quota[d];
        if (*lim[d][0] > *lim[d][1]) {
            char p[PATH_CAP], want[96];
            if (max_given) {
                join(p, path, names[d][1]);
                snprintf(want, sizeof want, "at least %s (%lld)", names[d][0], (long long)*lim[d][0]);
                return bad(c, p, "less than the minimum",
                           cJSON_GetObjectItemCaseSensitive(r, names[d][1]), want);
            }
            /* the maximum is the quota, filled in: the minimum is what is wrong */
            join(p, path, names[d][0]);
            snprintf(want, sizeof want, "at most the table quota (%lld), or raise table.%s",
                     (long long)*lim[d][1], d == 0 ? "quota_rcu" : "quota_wcu");
            return bad(c, p, "more than the maximum", cJSON_GetObjectItemCaseSensitive(r, names[d][0]),
                       want);
        }
        for (int k = 0; k < 2; k++)
            if (!cJSON_GetObjectItemCaseSensitive(r, names[d][k]))
                add(r, names[d][k], cJSON_CreateNumber((double)*lim[d][k]));
    }
    return 0;
}

/* The first of names (members of obj, resolved at path) that is given, or NULL. */
static const char *given_member(const cJSON *obj, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cJSON_GetObjectItemCaseSensitive(obj, names[i]))
            return names[i];
    return NULL;
}

static const char *const on_demand_members[] = {"warm_throughput", "max_rcu", "max_wcu"};
static const char *const provisioned_members[] = {"rcu", "wcu", "autoscaling"};

/* A provisioned table's GSIs are provisioned: their own rcu and wcu, optionally auto scaled. */
static int check_provisioned_gsi(ctx *c, ddb_scenario *s, size_t i, cJSON *g)
{
    ddb_gsi_spec *x = &s->gsi[i];
    char path[PATH_CAP], p[PATH_CAP];
    snprintf(path, sizeof path, "table.gsi[%zu]", i);
    const char *wrong = given_member(g, on_demand_members, NELEM(on_demand_members));
    if (wrong) {
        join(p, path, wrong);
        return fail(c, p, "applies to the indexes of on-demand tables only (expected table.billing "
                    "\"on_demand\", or remove it)");
    }
    if (!x->rcu || !x->wcu) {
        const field *f = &gsi_fields[0];
        while (strcmp(f->path, x->rcu ? "wcu" : "rcu") != 0)
            f++;
        join(p, path, f->path);
        return missing(c, f, p);
    }
    int64_t units[2] = {x->rcu, x->wcu};
    for (int d = 0; d < 2; d++) {
        join(p, path, d == 0 ? "rcu" : "wcu");
        if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(g, d == 0 ? "rcu" : "wcu"),
                        units[d]) < 0)
            return -1;
    }
    if (!x->has_autoscaling)
        return 0;
    join(p, path, "autoscaling");
    return check_autoscaling(c, s, &x->autoscaling, p,
                             cJSON_GetObjectItemCaseSensitive(g, "autoscaling"));
}

/* An on-demand table's GSIs are on-demand with it: no capacity of their own, a warm throughput
 * that defaults to a new table's. */
static int check_on_demand_gsi(ctx *c, ddb_scenario *s, size_t i, cJSON *g)
{
    ddb_gsi_spec *x = &s->gsi[i];
    const char *wrong = given_member(g, provisioned_members, NELEM(provisioned_members));
    if (wrong) {
        char p[PATH_CAP];
        snprintf(p, sizeof p, "table.gsi[%zu].%s", i, wrong);
        return fail(c, p, "the index of an on-demand table is on-demand with it (expected no %s "
                    "with table.billing \"on_demand\"; warm_throughput says what it serves at "
                    "once)", wrong);
    }
    if (!x->has_warm) {
        x->warm.read_units_per_s = (int64_t)warm_fields[0].dflt;
        x->warm.write_units_per_s = (int64_t)warm_fields[1].dflt;
        cJSON *w = add_object(g, "warm_throughput");
        add(w, "read_units_per_s", cJSON_CreateNumber(warm_fields[0].dflt));
        add(w, "write_units_per_s", cJSON_CreateNumber(warm_fields[1].dflt));
    }
    return 0;
}

uint32_t ddb_gsi_entry_bytes(const ddb_gsi_spec *g)
{
    if (g->has_projected_bytes)
        return g->projected_bytes;
    return g->projection == DDB_PROJECTION_KEYS_ONLY ? 100 : 0;
}

void ddb_gsi_capacity(const ddb_scenario *s, int64_t out[2])
{
    out[0] = out[1] = 0;
    for (size_t i = 0; i < s->n_gsi; i++)
        out[0] += s->gsi[i].rcu, out[1] += s->gsi[i].wcu;
}

double ddb_gsi_default_size_gb(const ddb_scenario *s, size_t i)
{
    uint32_t entry = ddb_gsi_entry_bytes(&s->gsi[i]);
    const ddb_size_spec *put = s->has_item_bytes_by_op[DDB_OP_PUT] ? &s->item_bytes_by_op[DDB_OP_PUT]
                                                                   : &s->item_bytes;
    double mean = ddb_size_mean(put);
    if (entry == 0 || mean <= 0 || (double)entry >= mean)
        return s->size_gb; /* an entry holds no more than its item */
    return s->size_gb * (double)entry / mean;
}

static int check_gsi_capacity(ctx *c, ddb_scenario *s, cJSON *res)
{
    cJSON *arr = resolved_at(res, "table.gsi");
    for (size_t i = 0; i < s->n_gsi; i++) {
        cJSON *g = cJSON_GetArrayItem(arr, (int)i);
        DDB_CHECK(g != NULL, "resolved tree without table.gsi[%zu]", i);
        int rc = s->billing == DDB_BILLING_ON_DEMAND ? check_on_demand_gsi(c, s, i, g)
                                                     : check_provisioned_gsi(c, s, i, g);
        if (rc < 0)
            return -1;
        if (!s->gsi[i].has_size_gb) { /* filled in, so that the resolved scenario states it */
            s->gsi[i].size_gb = ddb_gsi_default_size_gb(s, i);
            add(g, "size_gb", cJSON_CreateNumber(s->gsi[i].size_gb));
        }
    }
    return 0;
}

static int check_provisioned(ctx *c, ddb_scenario *s, cJSON *res)
{
    cJSON *t = resolved_at(res, "table");
    const char *wrong = given_member(t, on_demand_members, NELEM(on_demand_members));
    if (wrong) {
        char p[PATH_CAP];
        join(p, "table", wrong);
        return fail(c, p, "applies to on-demand tables only (expected table.billing "
                    "\"on_demand\", or remove it)");
    }
    if (!s->rcu)
        return missing(c, field_at("table.rcu"), "table.rcu");
    if (!s->wcu)
        return missing(c, field_at("table.wcu"), "table.wcu");
    if (check_quota(c, s, 0, "table.rcu", resolved_at(res, "table.rcu"), s->rcu) < 0 ||
        check_quota(c, s, 1, "table.wcu", resolved_at(res, "table.wcu"), s->wcu) < 0)
        return -1;
    const cJSON *changes = resolved_at(res, "table.capacity_changes");
    for (size_t i = 0; i < s->n_capacity_changes; i++) {
        const ddb_capacity_change *ch = &s->capacity_changes[i];
        const cJSON *e = cJSON_GetArrayItem(changes, (int)i);
        int64_t units[2] = {ch->rcu, ch->wcu};
        for (int d = 0; d < 2; d++) {
            char p[PATH_CAP];
            snprintf(p, sizeof p, "table.capacity_changes[%zu].%s", i, d == 0 ? "rcu" : "wcu");
            if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(e, d == 0 ? "rcu" : "wcu"),
                            units[d]) < 0)
                return -1;
        }
    }
    if (s->has_autoscaling &&
        check_autoscaling(c, s, &s->autoscaling, "table.autoscaling",
                          resolved_at(res, "table.autoscaling")) < 0)
        return -1;
    return 0;
}

/* On-demand tables have no provisioned rate; their warm throughput defaults to a new table's. */
static int check_on_demand(ctx *c, ddb_scenario *s, cJSON *res)
{
    const char *wrong = given_member(resolved_at(res, "table"), provisioned_members,
                                     NELEM(provisioned_members));
    if (wrong) {
        char p[PATH_CAP];
        join(p, "table", wrong);
        return fail(c, p, "an on-demand table has no provisioned capacity (expected no %s with "
                    "billing \"on_demand\"; warm_throughput says what it serves at once)", p);
    }
    if (s->n_capacity_changes)
        return fail(c, "table.capacity_changes", "an on-demand table has no provisioned capacity "
                    "to change (expected billing \"provisioned\", or remove it)");
    if (!s->has_warm) { /* a new table's (docs/model.md §5), shown as understood */
        s->warm.read_units_per_s = (int64_t)warm_fields[0].dflt;
        s->warm.write_units_per_s = (int64_t)warm_fields[1].dflt;
        cJSON *w = add_object(resolved_at(res, "table"), "warm_throughput");
        add(w, "read_units_per_s", cJSON_CreateNumber(warm_fields[0].dflt));
        add(w, "write_units_per_s", cJSON_CreateNumber(warm_fields[1].dflt));
    }
    return 0;
}

/* A provisioned table and its GSIs together within the account's quota, at creation and after
 * each scheduled change: AWS refuses more until the quota is raised. */
static int check_account_quota(ctx *c, const ddb_scenario *s)
{
    int64_t indexes[2], base[2] = {s->rcu, s->wcu};
    int64_t quota[2] = {s->account_quota_rcu, s->account_quota_wcu};
    static const char *const unit[2] = {"rcu", "wcu"};
    ddb_gsi_capacity(s, indexes);
    for (size_t k = 0; k <= s->n_capacity_changes; k++) {
        for (int d = 0; d < 2; d++) {
            const ddb_capacity_change *ch = k ? &s->capacity_changes[k - 1] : NULL;
            int64_t units = ch ? (d == 0 ? ch->rcu : ch->wcu) : base[d];
            if (ch && !units)
                continue; /* this change leaves the direction as it was */
            base[d] = units;
            if (units + indexes[d] <= quota[d])
                continue;
            char p[PATH_CAP];
            if (ch)
                snprintf(p, sizeof p, "table.capacity_changes[%zu].%s", k - 1, unit[d]);
            else
                snprintf(p, sizeof p, "table.%s", unit[d]);
            return fail(c, p, "the table and its GSIs above the account's quota (got %lld + %lld "
                        "for the GSIs = %lld, expected at most table.account_quota_%s, %lld: AWS "
                        "refuses more until the quota is raised)", (long long)units,
                        (long long)indexes[d], (long long)(units + indexes[d]), unit[d],
                        (long long)quota[d]);
        }
    }
    return 0;
}

static int check_capacity(ctx *c, ddb_scenario *s, cJSON *res)
{
    int rc = s->billing == DDB_BILLING_ON_DEMAND ? check_on_demand(c, s, res)
                                                 : check_provisioned(c, s, res);
    if (rc < 0 || check_gsi_capacity(c, s, res) < 0)
        return -1;
    return s->billing == DDB_BILLING_ON_DEMAND ? 0 : check_account_quota(c, s);
}

/* A price table named by the scenario must load; the default one is loaded too (into the
 * process-wide cache, so that runs read no file) but a failure there only leaves the cost
 * estimate without prices. */
static int check_prices(ctx *c, const ddb_scenario *s)
{
    char perr[DDB_ERR_MAX];
    if (!ddb_price_cached(s->prices, perr, sizeof perr) && s->prices)
        return fail(c, "prices", "%s", perr);
    return 0;
}

/* An LSI is an alternate sort key: the table needs one of its own. */
static int check_lsi(ctx *c, ddb_scenario *s)
{
    if (!s->has_item_collection_limit)
        s->item_collection_limit_gb = 10.0;
    if (s->n_lsi == 0 || s->has_sk)
        return 0;
    return fail(c, "table.lsi", "a local secondary index needs a table with a sort key (expected "
                "table.key.sk)");
}

/* gsi_query reads an index the table has, eventually consistently. */
static int check_gsi_query(ctx *c, ddb_scenario *s, cJSON *res)
{
    char got[32];
    if (s->gsi_query_index) {
        size_t i = 0;
        while (i < s->n_gsi && strcmp(s->gsi[i].name, s->gsi_query_index) != 0)
            i++;
        if (i == s->n_gsi)
            return bad(c, "workload.gsi_query_index", "no such index",
                       resolved_at(res, "workload.gsi_query_index"), "the name of one of table.gsi");
        s->gsi_query_gsi = i;
    }
    if (s->mix[DDB_OP_GSI_QUERY] <= 0.0)
        return 0;
    num_text(s->mix[DDB_OP_GSI_QUERY], got);
    if (s->n_gsi == 0)
        return fail(c, "workload.mix.gsi_query", "the table has no global secondary index (got %s, "
                    "expected 0, or table.gsi)", got);
    if (s->consistency != DDB_EVENTUAL)
        return bad(c, "workload.consistency", "reads on a global secondary index are eventually "
                   "consistent only", resolved_at(res, "workload.consistency"),
                   "\"eventual\" with gsi_query in the mix");
    return 0;
}

/* The table's key attributes are in every item: only index keys may be sparse. */
static int check_key_attrs(ctx *c, const ddb_scenario *s, const ddb_template *t)
{
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *part = &t->parts[i];
        if (part->kind != DDB_TPL_ATTR || !s->attrs[part->attr].spec.has_present ||
            s->attrs[part->attr].spec.present == 1.0)
            continue;
        char p[PATH_CAP], got[32];
        snprintf(p, sizeof p, "attributes.%s.present", s->attrs[part->attr].name);
        num_text(s->attrs[part->attr].spec.present, got);
        return fail(c, p, "an attribute of the table's key is in every item (got %s, expected 1)",
                    got);
    }
    return 0;
}

static int check_scenario(ctx *c, const char *path, void *base, cJSON *res)
{
    ddb_scenario *s = base;
    (void)path;
    if (check_workload(c, s, res) < 0 || trace_duration(c, s, res) < 0 || cloudwatch_rate(c, s, res) < 0)
        return -1;
    if (check_interval(c, s, res) < 0 || check_retry(c, s, res) < 0 || check_loop(c, s, res) < 0)
        return -1;
    if (check_capacity(c, s, res) < 0)
        return -1;
    if (check_prices(c, s) < 0)
        return -1;
    if (check_gsi_query(c, s, res) < 0 || parse_templates(c, s) < 0 || check_lsi(c, s) < 0)
        return -1;
    return check_key_attrs(c, s, &s->pk) < 0 || (s->has_sk && check_key_attrs(c, s, &s->sk) < 0)
               ? -1 : 0;
}

/* ---- JSON text and --set ---------------------------------------------------------------- */

static size_t skip_space(const char *text, size_t len, size_t pos)
{
    while (pos < len && (unsigned char)text[pos] <= 32)
        pos++; /* what cJSON counts as white space */
    return pos;
}

static int json_error(ctx *c, const char *text, size_t len, size_t pos, const char *what)
{
    size_t line = 1, col = 1;
    char near[32], snippet[24];
    for (size_t i = 0; i < pos && i < len; i++, col++)
        if (text[i] == '\n')
            line++, col = 0;
    size_t n = 0;
    while (pos + n < len && n < 20 && text[pos + n] != '\n' && text[pos + n] != '\r')
        n++;
    memcpy(snippet, text + pos, n);
    snippet[n] = '\0';
    clip(near, sizeof near, snippet, 20);
    if (skip_space(text, len, 0) == len)
        return fail(c, "", "line 1, column 1: malformed JSON (empty input)");
    if (pos >= len)
        return fail(c, "", "line %zu, column %zu: malformed JSON (unexpected end of input)", line,
                    col);
    return fail(c, "", "line %zu, column %zu: malformed JSON (%s '%s')", line, col, what, near);
}

static cJSON *parse_json(ctx *c, const char *json_text, size_t len)
{
    char *text = ddb_xmalloc(len + 1);
    if (len)
        memcpy(text, json_text, len);
    text[len] = '\0';
    const char *end = NULL;
    /* The terminator is handed to cJSON too: an error at the end of the input is then reported
     * there, not at the last byte. */
    cJSON *root = skip_space(text, len, 0) < len ? cJSON_ParseWithLengthOpts(text, len + 1, &end, 0)
                                                 : NULL;
    size_t pos = end ? (size_t)(end - text) : 0;
    if (!root)
        json_error(c, text, len, skip_space(text, len, pos), "near");
    else if ((pos = skip_space(text, len, pos)) < len) {
        json_error(c, text, len, pos, "text after the end, near");
        cJSON_Delete(root);
        root = NULL;
    }
    free(text);
    return root;
}

typedef struct step {
    char *name;    /* NUL-terminated inside a copy of the path; NULL for an index */
    long index;
    size_t before; /* length of the path text naming the container of this step */
} step;

static int set_fail(ctx *c, const char *set, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int set_fail(ctx *c, const char *set, const char *fmt, ...)
{
    char what[DDB_ERR_MAX], shown[104];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    clip(shown, sizeof shown, set, 100);
    file_error(c->err, c->errlen, "%s: --set %s: %s", c->source, shown, what);
    return -1;
}

/* "[12]" at p[*i]: the index, or -1. */
static long split_index(char *p, size_t len, size_t *i)
{
    size_t start = ++*i;
    long v = 0;
    while (*i < len && p[*i] >= '0' && p[*i] <= '9' && *i - start < 9)
        v = v * 10 + (p[(*i)++] - '0');
    if (*i == start || *i >= len || p[*i] != ']')
        return -1;
    p[(*i)++] = '\0';
    return v;
}

/* Split the path p (a writable copy, len bytes) into steps; returns their number, or -1 with
 * *why set. Grammar: name ("[" digits "]")* ("." name ("[" digits "]")*)*. */
static long split_path(char *p, size_t len, step *steps, const char **why)
{
    size_t n = 0, i = 0;
    for (;;) {
        size_t start = i;
        while (i < len && p[i] != '.' && p[i] != '[')
            i++;
        if (i == start)
            return *why = "empty field name in the path", -1;
        steps[n++] = (step){p + start, -1, start ? start - 1 : 0};
        while (i < len && p[i] == '[') {
            size_t before = i;
            p[i] = '\0';
            long idx = split_index(p, len, &i);
            if (idx < 0)
                return *why = "bad array index in the path (expected [0], [1], ...)", -1;
            steps[n++] = (step){NULL, idx, before};
        }
        if (i == len)
            return (long)n;
        if (p[i] != '.')
            return *why = "expected '.' or '[' after ']' in the path", -1;
        p[i++] = '\0';
    }
}

/* The member of cur that st names, or NULL when missing (or one past the end of an array);
 * -1 when cur cannot have it. */
static int locate(ctx *c, const char *set, cJSON *cur, const step *st, cJSON **child)
{
    char got[SHOW_MAX + 8];
    int size = cJSON_GetArraySize(cur);
    *child = NULL;
    show(cur, got, sizeof got);
    if (st->name && !cJSON_IsObject(cur))
        return set_fail(c, set, "%.*s is not an object (got %s)", (int)st->before, set, got);
    if (!st->name && !cJSON_IsArray(cur))
        return set_fail(c, set, "%.*s is not an array (got %s)", (int)st->before, set, got);
    if (st->name) {
        *child = cJSON_GetObjectItemCaseSensitive(cur, st->name);
        return 0;
    }
    if (st->index > size)
        return set_fail(c, set, "index %ld out of range (%.*s has %d elements; use %d to append)",
                        st->index, (int)st->before, set, size, size);
    *child = st->index < size ? cJSON_GetArrayItem(cur, (int)st->index) : NULL;
    return 0;
}

static void attach(cJSON *cur, const step *st, cJSON *item)
{
    if (st->name)
        add(cur, st->name, item);
    else
        DDB_CHECK(cJSON_AddItemToArray(cur, item), "out of memory");
}

/* VALUE as JSON when it is valid JSON, else as a string. */
static cJSON *set_value(const char *text)
{
    cJSON *v = cJSON_ParseWithOpts(text, NULL, 1);
    return v ? v : need(cJSON_CreateString(text));
}

static int set_at(ctx *c, const char *set, cJSON *cur, const step *steps, size_t n,
                  const char *value)
{
    cJSON *child;
    for (size_t k = 0; k + 1 < n; k++, cur = child) {
        if (locate(c, set, cur, &steps[k], &child) < 0)
            return -1;
        if (!child) {
            child = need(steps[k + 1].name ? cJSON_CreateObject() : cJSON_CreateArray());
            attach(cur, &steps[k], child);
        }
    }
    if (locate(c, set, cur, &steps[n - 1], &child) < 0)
        return -1;
    cJSON *v = set_value(value);
    if (!child)
        attach(cur, &steps[n - 1], v);
    else if (steps[n - 1].name)
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(cur, steps[n - 1].name, v), "replace");
    else
        DDB_CHECK(cJSON_ReplaceItemViaPointer(cur, child, v), "replace");
    return 0;
}

/* The file paths that the set of set[0..len) wrote (the field itself, or an object holding it):
 * relative ones become absolute, from the working directory (see file_paths). */
static int absolute_set_paths(ctx *c, cJSON *root, const char *set, size_t len)
{
    for (size_t i = 0; i < NELEM(file_paths); i++) {
        const char *fp = file_paths[i];
        if (strncmp(fp, set, len) != 0 || (fp[len] != '\0' && fp[len] != '.'))
            continue;
        cJSON *parent = root, *v = NULL;
        char key[PATH_CAP];
        for (const char *k = fp; parent; k += strcspn(k, ".") + 1) {
            size_t n = strcspn(k, ".");
            snprintf(key, sizeof key, "%.*s", (int)n, k);
            v = cJSON_GetObjectItemCaseSensitive(parent, key);
            if (!k[n])
                break;
            parent = cJSON_IsObject(v) ? v : NULL;
        }
        if (!parent || !cJSON_IsString(v) || v->valuestring[0] == '\0' || v->valuestring[0] == '/')
            continue; /* absent, of the wrong type (the walker says so), or absolute already */
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd))
            return set_fail(c, set, "cannot resolve %s against the working directory: %s", fp,
                            strerror(errno));
        size_t need_len = strlen(cwd) + 1 + strlen(v->valuestring) + 1;
        char *abs = ddb_xmalloc(need_len);
        snprintf(abs, need_len, "%s/%s", cwd, v->valuestring);
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(parent, key, need(cJSON_CreateString(abs))),
                  "replace");
        free(abs);
    }
    return 0;
}

static int apply_set(ctx *c, cJSON *root, const char *set)
{
    const char *eq = strchr(set, '=');
    if (!eq)
        return set_fail(c, set, "expected PATH=VALUE");
    size_t len = (size_t)(eq - set);
    char *path = ddb_xmalloc(len + 1);
    step *steps = ddb_xcalloc(len + 1, sizeof *steps);
    const char *why = NULL;
    memcpy(path, set, len);
    path[len] = '\0';
    long n = split_path(path, len, steps, &why);
    int rc = n < 0 ? set_fail(c, set, "%s", why) : set_at(c, set, root, steps, (size_t)n, eq + 1);
    free(steps);
    if (rc == 0)
        rc = absolute_set_paths(c, root, set, len);
    free(path);
    return rc;
}

/* ---- the public functions ---------------------------------------------------------------- */

/* The file's base name without ".json": "scenarios/hot.json" -> "hot". */
static char *base_name(const char *source)
{
    const char *b = strrchr(source, '/');
    b = b ? b + 1 : source;
    size_t n = strlen(b);
    if (n >= 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    if (n == 0)
        return ddb_xstrdup("scenario");
    char *name = ddb_xmalloc(n + 1);
    memcpy(name, b, n);
    name[n] = '\0';
    return name;
}

/* ---- YCSB workload files: expanded into the fields they imply ---------------------------- */

/* obj.key, created as an empty object when absent (NULL when obj.key is not an object). */
static cJSON *object_at(cJSON *obj, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!o)
        o = add_object(obj, key);
    return cJSON_IsObject(o) ? o : NULL;
}

/* obj.key = item unless obj already has key (the scenario's own value wins). */
static void add_missing(cJSON *obj, const char *key, cJSON *item)
{
    if (obj && !cJSON_GetObjectItemCaseSensitive(obj, key))
        add(obj, key, item);
    else
        cJSON_Delete(item);
}

static const char *dist_name(enum ddb_dist_kind k)
{
    return dist_names[k];
}

static cJSON *ycsb_attribute(const ddb_ycsb *y)
{
    cJSON *a = need(cJSON_CreateObject());
    add(a, "dist", cJSON_CreateString(dist_name(y->dist)));
    add(a, "n", cJSON_CreateNumber((double)y->recordcount));
    if (y->dist == DDB_DIST_HOTSPOT) {
        add(a, "hot_data_fraction", cJSON_CreateNumber(y->hot_data_fraction));
        add(a, "hot_op_fraction", cJSON_CreateNumber(y->hot_op_fraction));
    } else if (y->dist == DDB_DIST_EXPONENTIAL) {
        add(a, "percentile", cJSON_CreateNumber(y->percentile));
        add(a, "frac", cJSON_CreateNumber(y->frac));
    }
    if ((y->dist == DDB_DIST_LATEST || y->dist == DDB_DIST_EXPONENTIAL) && y->insert > 0)
        add(a, "inserts", cJSON_CreateBool(true)); /* YCSB's inserts move the newest record */
    add(a, "hashed", cJSON_CreateBool(!y->ordered));
    return a;
}

/* The operations as DynamoDB requests: a read-modify-write is a get and an update. */
static void ycsb_workload(cJSON *w, const ddb_ycsb *y)
{
    double get = y->read + y->rmw, update = y->update + y->rmw, total = get + update + y->insert + y->scan;
    cJSON *mix = need(cJSON_CreateObject());
    add(mix, "get", cJSON_CreateNumber(get / total));
    add(mix, "put", cJSON_CreateNumber(y->insert / total));
    add(mix, "update", cJSON_CreateNumber(update / total));
    add(mix, "query", cJSON_CreateNumber(y->scan / total));
    add_missing(w, "mix", mix);
    if (y->target > 0) { /* requests per second: an operation is one request, a RMW two */
        double ops = y->read + y->update + y->insert + y->scan + y->rmw;
        cJSON *rate = need(cJSON_CreateObject());
        add(rate, "profile", cJSON_CreateString("constant"));
        add(rate, "rps", cJSON_CreateNumber(y->target * total / ops));
        add_missing(w, "rate", rate);
    }
    cJSON *size = need(cJSON_CreateObject());
    add(size, "dist", cJSON_CreateString("fixed"));
    add(size, "bytes", cJSON_CreateNumber((double)y->fieldcount * y->fieldlength));
    add_missing(w, "item_bytes", size);
    if (y->scan > 0) /* YCSB's scan length is uniform on 1..maxscanlength */
        add_missing(w, "items_per_query", cJSON_CreateNumber(floor((1.0 + y->maxscanlength) / 2.0 + 0.5)));
}

static int expand_ycsb(ctx *c, cJSON *root)
{
    cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "workload");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(w, "ycsb");
    char msg[DDB_ERR_MAX];
    if (!cJSON_IsString(path) || !*path->valuestring) /* a wrong type is refused by the walker */
        return 0;
    if (cJSON_GetObjectItemCaseSensitive(w, "trace"))
        return fail(c, "workload.ycsb", "a YCSB workload and a trace both describe the requests; "
                    "keep one (remove workload.ycsb or workload.trace)");
    ddb_ycsb y;
    char *file = in_scenario_folder(c, path->valuestring);
    int rc = ddb_ycsb_load(&y, file, msg, sizeof msg);
    free(file);
    if (rc < 0)
        return fail(c, "workload.ycsb", "%s", msg);
    cJSON *attrs = object_at(root, "attributes");
    if (attrs && !cJSON_GetObjectItemCaseSensitive(attrs, "ycsb_key"))
        add(attrs, "ycsb_key", ycsb_attribute(&y));
    cJSON *tbl = cJSON_GetObjectItemCaseSensitive(root, "table");
    if (cJSON_IsObject(tbl))
        add_missing(object_at(tbl, "key"), "pk", cJSON_CreateString("user{ycsb_key}"));
    ycsb_workload(w, &y);
    if (y.target > 0 && y.operationcount > 0)
        add_missing(root, "duration_s", cJSON_CreateNumber((double)y.operationcount / y.target));
    c->warnings = y.warnings;
    y.warnings = NULL;
    ddb_ycsb_destroy(&y);
    return 0;
}

/* Everything; the key templates are set only once they all parsed. */
static void release(ddb_scenario *s)
{
    for (size_t i = 0; i < s->n_attrs; i++) {
        free(s->attrs[i].name);
        ddb_dist_spec_destroy(&s->attrs[i].spec);
    }
    free(s->attrs);
    for (size_t i = 0; i < s->n_gsi; i++) {
        free(s->gsi[i].name);
        if (s->gsi[i].has_pk)
            ddb_template_destroy(&s->gsi[i].pk);
        if (s->gsi[i].has_sk)
            ddb_template_destroy(&s->gsi[i].sk);
    }
    free(s->gsi);
    for (size_t i = 0; i < s->n_lsi; i++) {
        free(s->lsi[i].name);
        if (s->lsi[i].has_sk)
            ddb_template_destroy(&s->lsi[i].sk);
    }
    free(s->lsi);
    ddb_template_destroy(&s->pk); /* zeroed until the templates parse */
    if (s->has_sk)
        ddb_template_destroy(&s->sk);
    ddb_rate_spec_destroy(&s->rate);
    free(s->trace.path);
    free(s->trace.index_names);
    free(s->capacity_changes);
    free(s->ycsb);
    free(s->warnings);
    cJSON_Delete(s->resolved);
    free(s->source);
    free(s->name);
    free(s->prices);
    free(s->gsi_query_index);
}

/* The members of obj (the resolved object at prefix of table t) in the table's order, nested
 * objects and the elements of arrays and maps of objects too. Parsing adds members in that order;
 * the defaults the checks fill in afterwards (a GSI's size, an on-demand index's warm throughput,
 * auto scaling's limits) are appended: in order, the resolved scenario prints alike whether a
 * value was given or filled in, so that it parses again to itself. */
static void order_members(const table *t, const char *prefix, cJSON *obj)
{
    if (!cJSON_IsObject(obj))
        return;
    cJSON *ordered = need(cJSON_CreateObject());
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        if (!is_child(f->path, prefix))
            continue;
        cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(obj, key_of(f));
        if (!m)
            continue; /* absent, or taken by an earlier variant's field of the same name */
        if (f->kind == K_OBJECT) {
            order_members(f->sub ? f->sub : t, f->sub ? "" : f->path, m);
        } else if (f->kind == K_CUSTOM && f->sub && f->item && *f->item) {
            cJSON *e; /* "[i]": array elements; ".NAME", ".OP": map values */
            cJSON_ArrayForEach(e, m)
                order_members(f->sub, "", e);
        }
        DDB_CHECK(cJSON_AddItemToArray(ordered, m), "out of memory"); /* keeps its name */
    }
    while (obj->child) /* members no field names (none expected): after the others, as they were */
        DDB_CHECK(cJSON_AddItemToArray(ordered, cJSON_DetachItemViaPointer(obj, obj->child)), "move");
    while (ordered->child)
        DDB_CHECK(cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(ordered, ordered->child)), "move");
    cJSON_Delete(ordered);
}

static int build(ctx *c, cJSON *root, const char *const *sets, size_t n_sets, ddb_scenario *s)
{
    for (size_t i = 0; i < n_sets; i++) {
        DDB_CHECK(sets[i] != NULL, "--set %zu is NULL", i);
        if (apply_set(c, root, sets[i]) < 0)
            return -1;
    }
    s->source = ddb_xstrdup(c->source);
    s->resolved = need(cJSON_CreateObject());
    if (expand_ycsb(c, root) < 0 || parse_object(c, &scenario_table, "", root, "", s->resolved, s) < 0)
        return -1;
    order_members(&scenario_table, "", s->resolved);
    return 0;
}

int ddb_scenario_parse(ddb_scenario *out, const char *json_text, size_t len, const char *source,
                       const char *const *sets, size_t n_sets, char *err, size_t errlen)
{
    ctx c = {.source = source ? source : "scenario", .err = err, .errlen = errlen};
    ddb_scenario s;
    memset(&s, 0, sizeof s);
    if (err && errlen)
        err[0] = '\0';
    cJSON *root = parse_json(&c, json_text, len);
    if (!root)
        return -1;
    int rc = -1;
    if (!cJSON_IsObject(root))
        bad(&c, "", "wrong type", root, "a JSON object with the scenario's fields");
    else {
        c.default_name = base_name(c.source);
        rc = build(&c, root, sets, n_sets, &s);
    }
    free(c.default_name);
    cJSON_Delete(root);
    if (rc < 0) {
        free(c.warnings);
        release(&s);
        return -1;
    }
    s.warnings = c.warnings;
    *out = s;
    return 0;
}

int ddb_scenario_load(ddb_scenario *out, const char *path, const char *const *sets,
                      size_t n_sets, char *err, size_t errlen)
{
    size_t len = 0;
    char *text = ddb_read_file(path, MAX_FILE_BYTES, &len, err, errlen);
    if (!text)
        return -1;
    int rc = ddb_scenario_parse(out, text, len, path, sets, n_sets, err, errlen);
    free(text);
    return rc;
}

void ddb_scenario_destroy(ddb_scenario *s)
{
    if (!s)
        return;
    release(s);
    memset(s, 0, sizeof *s);
}

char *ddb_scenario_resolved_text(const ddb_scenario *s)
{
    return need(cJSON_Print(s->resolved));
}

long ddb_scenario_attr_index(const ddb_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_attrs; i++)
        if (strcmp(s->attrs[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* ---- the reference ---------------------------------------------------------------------- */

typedef struct sb {
    char *p;
    size_t len, cap;
} sb;

static void sb_printf(sb *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void sb_printf(sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    DDB_CHECK(n >= 0, "bad format %s", fmt);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = 2 * (b->len + (size_t)n + 1);
        b->p = ddb_xrealloc(b->p, b->cap);
    }
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

/* A table cell: "|" would end it. */
static void sb_cell(sb *b, const char *text)
{
    sb_printf(b, " ");
    for (; *text; text++)
        sb_printf(b, *text == '|' ? "\\|" : "%c", *text);
    sb_printf(b, " |");
}

static const char *type_text(const field *f)
{
    static const char *const names[] = {"object", "integer", "number", "boolean", "string",
                                        "string", "key template", "", "-"};
    return f->type ? f->type : names[f->kind];
}

/* "none: 1, legacy: 11, ..." */
static void per_mode_text(const field *f, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int m = 0; m < DDB_RETRY_MODE_COUNT && len < cap; m++) {
        char x[32];
        double d[RD_COUNT];
        retry_defaults((enum ddb_retry_mode)m, d);
        num_text(d[(size_t)f->dflt], x);
        len += (size_t)snprintf(buf + len, cap - len, "%s%s: %s", m ? ", " : "",
                                ddb_retry_mode_names[m], x);
    }
}

static void default_text(const field *f, char *buf, size_t cap)
{
    if (f->flags & F_REQUIRED)
        snprintf(buf, cap, "required");
    else if (f->flags & F_PER_MODE)
        per_mode_text(f, buf, cap);
    else if (f->flags & F_OPTIONAL)
        snprintf(buf, cap, "%s", f->dflt_text ? f->dflt_text : "none");
    else if (f->flags & F_FILE_NAME)
        snprintf(buf, cap, "the file's base name");
    else if (f->dflt_text)
        snprintf(buf, cap, "`%s`", f->dflt_text);
    else if (f->kind == K_INT || f->kind == K_NUM)
        num_text(f->dflt, buf);
    else if (f->kind == K_BOOL)
        snprintf(buf, cap, "%s", f->dflt != 0 ? "true" : "false");
    else if (f->kind == K_ENUM)
        snprintf(buf, cap, "%s", f->choices[(size_t)f->dflt]);
    else
        snprintf(buf, cap, "-");
}

static void range_text(const field *f, char *buf, size_t cap)
{
    if (f->kind == K_NOT_YET)
        snprintf(buf, cap, "not modelled yet");
    else if (f->kind == K_TEMPLATE)
        snprintf(buf, cap, "keys of at most %.0f bytes", f->max);
    else
        expect_text(f, buf, cap);
}

/* "For dist zipfian, hotspot: " before the help of a variant's member. */
static void variant_text(const table *t, const field *f, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    if (!f->variants)
        return;
    len += (size_t)snprintf(buf, cap, "For %s ", key_of(&t->f[0]));
    for (size_t i = 0; i < t->f[0].n_choices && len < cap; i++)
        if (f->variants & V(i))
            len += (size_t)snprintf(buf + len, cap - len, "%s%s",
                                    buf[len - 1] == ' ' ? "" : ", ", t->f[0].choices[i]);
    if (len < cap)
        snprintf(buf + len, cap - len, ": ");
}

static void ref_row(sb *b, const table *t, const field *f, const char *path)
{
    char text[512], help[1024];
    sb_printf(b, "| `%s` |", path);
    sb_cell(b, type_text(f));
    default_text(f, text, sizeof text);
    sb_cell(b, text);
    range_text(f, text, sizeof text);
    sb_cell(b, text);
    variant_text(t, f, text, sizeof text);
    snprintf(help, sizeof help, "%s%s", text, f->help ? f->help : "");
    for (const not_yet *n = f->not_yet; n && n->value; n++)
        snprintf(help + strlen(help), sizeof help - strlen(help), " `%s`: %s.", n->value, n->why);
    sb_cell(b, help);
    sb_printf(b, "\n");
}

static void ref_table(sb *b, const table *t, const char *prefix)
{
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        char path[PATH_CAP], inner[PATH_CAP];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", f->path);
        if (f->kind != K_OBJECT || f->sub)
            ref_row(b, t, f, path);
        if (f->sub) {
            snprintf(inner, sizeof inner, "%s%s", path, f->item ? f->item : "");
            ref_table(b, f->sub, inner);
        }
    }
}

char *ddb_scenario_reference(void)
{
    sb b = {NULL, 0, 0};
    sb_printf(&b, "# Scenario file reference\n\n"
                  "A scenario is one JSON object. Every field is optional unless marked "
                  "required; unknown fields are errors. Generated from the field table in "
                  "sim/scenario/scenario.c.\n\n"
                  "| Field | Type | Default | Range | Description |\n"
                  "|---|---|---|---|---|\n");
    ref_table(&b, &scenario_table, "");
    return b.p;
}
