/* scenario_int — what the files of sim/scenario/ that read a scenario share: the field-table
 * entry, the parse context and the helpers they call in each other. Private to sim/scenario/:
 * nothing outside it includes this header (SQLite's btreeInt.h habit); the API is scenario.h.
 *
 * The field table (fields.c) is the single description of the scenario file. Each entry names a
 * field by its JSON path, says what it holds and where it goes; one walker (walk.c) uses the
 * entries to refuse unknown or not-yet-modelled keys, check types and bounds, fill defaults, store
 * the values and build the resolved tree, and ddb_scenario_reference() (reference.c) prints the
 * same entries as Markdown. The parts whose shape is data-dependent (the attribute map,
 * categorical weights, rate steps, the op mix) have small handlers (custom.c), which check their
 * numbers through the same helpers and field entries.
 *
 * Objects with variants (an attribute's "dist", the rate's "profile", item_bytes' "dist") keep
 * the selector first in their table; the other entries say which variants they belong to.
 *
 * Some defaults depend on another field: the retry numbers on client.retry.mode (F_PER_MODE;
 * filled in by check_retry from ddb_scn_retry_defaults(), in table order in the resolved tree),
 * and workload.rate, needed by open-loop callers only (client.concurrency 0; check_loop).
 *
 * The files, in the order a parse meets them:
 *   scenario.c     the entry points: read the file, parse its JSON, build the scenario, free it
 *   set.c          --set PATH=VALUE: edits of the JSON tree before it is walked
 *   ycsb_expand.c  a YCSB workload file expanded into the fields it implies
 *   fields.c       the field table
 *   walk.c         the walker: scalars, objects, variants, key templates
 *   custom.c       the fields whose shape is data-dependent (maps, arrays, indexes)
 *   checks.c       the checks across fields
 *   derived.c      defaults that depend on other fields, and values derived from several
 *   load.c         the files a scenario names: where they are, and reading them while parsing
 *   resolved.c     the resolved scenario: members by path, in table order, as text
 *   message.c      one-line error messages, and the cJSON helpers every file uses
 *   reference.c    the field reference in Markdown (`ddbsim reference`)
 */
#ifndef DDB_SCENARIO_INT_H
#define DDB_SCENARIO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "sim/scenario/scenario.h"

#define SHOW_MAX 60          /* longest value or key quoted in a message */
#define PATH_CAP 512         /* longest JSON path in a message */
#define YEAR_S 31536000.0
#define BACKOFF_MAX_MS 600000.0

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#define NELEM(a) (sizeof(a) / sizeof *(a))
#define OFF(m) offsetof(ddb_scenario, m)

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
    F_PER_MODE = 1u << 7   /* default by client.retry.mode: .dflt is an RD_* of ddb_scn_retry_defaults() */
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

/* The retry numbers a mode implies when the scenario leaves them out: an F_PER_MODE field's .dflt
 * is one of these, an index into what ddb_scn_retry_defaults() fills in. */
enum { RD_ATTEMPTS, RD_BASE_MS, RD_MAX_BACKOFF_MS, RD_QUOTA, RD_COUNT };

/* ---- fields.c: the field table ------------------------------------------------------------ */

extern const table ddb_scn_scenario_table; /* the whole file, from its root */
extern const table ddb_scn_attr_table;     /* one attribute of "attributes" */
extern const table ddb_scn_gsi_table;      /* one element of "table.gsi" */
extern const table ddb_scn_lsi_table;      /* one element of "table.lsi" */
extern const field ddb_scn_gsi_fields[];   /* ddb_scn_gsi_table's entries */
extern const field ddb_scn_warm_fields[];  /* read_units_per_s, write_units_per_s */
extern const field ddb_scn_weight_field;   /* a number of a categorical attribute's weights */
extern const field ddb_scn_mix_field;      /* a number of workload.mix */
extern const char *const ddb_scn_dist_names[]; /* by enum ddb_dist_kind */
/* The last part of f's path: its key in its object. */
const char *ddb_scn_key_of(const field *f);
/* The entry of the scenario's table at path (one must be there). */
const field *ddb_scn_field_at(const char *path);

/* ---- message.c: one-line messages and cJSON helpers --------------------------------------- */

/* cJSON returns NULL only when malloc fails; treat that as ddb_xmalloc does. */
void *ddb_scn_need(void *p);
void ddb_scn_add(cJSON *obj, const char *key, cJSON *item);
cJSON *ddb_scn_add_object(cJSON *obj, const char *key);
/* Copy text into buf (cap >= 4), cut to at most max bytes on a UTF-8 boundary, "..." marking
 * a cut. */
void ddb_scn_clip(char *buf, size_t cap, const char *text, size_t max);
/* parent.key into dst (PATH_CAP bytes), or key at the top. */
void ddb_scn_join(char *dst, const char *parent, const char *key);
/* A bound or a value for a message: integers in full, others in %.15g. */
void ddb_scn_num_text(double x, char buf[32]);
/* v (or the string s) as compact JSON, at most SHOW_MAX bytes. */
void ddb_scn_show(const cJSON *v, char *buf, size_t cap);
void ddb_scn_show_string(const char *s, char *buf, size_t cap);
/* The message into err, made one line. */
void ddb_scn_file_error(char *err, size_t errlen, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* "SOURCE: PATH: what"; returns -1. */
int ddb_scn_fail(ctx *c, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* "SOURCE: PATH: what (got V, expected WANT)"; returns -1. */
int ddb_scn_bad(ctx *c, const char *path, const char *what, const cJSON *v, const char *want);
/* "a, b, c" */
void ddb_scn_choice_list(const char *const *choices, size_t n, char *buf, size_t cap);
/* What f expects, as messages and the reference say it. */
void ddb_scn_expect_text(const field *f, char *buf, size_t cap);
/* "PATH: missing (expected ...)", "PATH: what (got V, expected ...)", "PATH: wrong type ...";
 * each returns -1. */
int ddb_scn_missing(ctx *c, const field *f, const char *path);
int ddb_scn_refuse(ctx *c, const field *f, const char *path, const char *what, const cJSON *v);
int ddb_scn_wrong_type(ctx *c, const field *f, const cJSON *v, const char *path);

/* ---- walk.c: the walker --------------------------------------------------------------------- */

/* The object obj (NULL: absent, all defaults) whose members are the entries of t under
 * prefix; values go to base, the resolved members to res. 0, or -1 with the message in c. */
int ddb_scn_parse_object(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                         const char *path, cJSON *res, void *base);
/* The key templates, parsed last (they name attributes); stored only when all parse. */
int ddb_scn_parse_templates(ctx *c, ddb_scenario *s);
/* The number v for f, within its bounds, into *out. */
int ddb_scn_check_number(ctx *c, const field *f, const cJSON *v, const char *path, double *out);
/* Index of s in choices, or -1. */
long ddb_scn_choice_index(const char *const *choices, size_t n, const char *s);
/* x (or text) into base as f stores it; the value as the resolved tree shows it. */
void ddb_scn_store(const field *f, void *base, double x, const char *text);
cJSON *ddb_scn_resolved_value(const field *f, double x, const char *text);
/* 1 when path names a direct member of the object at prefix ("" = the table's root). */
int ddb_scn_is_child(const char *path, const char *prefix);

/* ---- custom.c: the fields whose shape is data-dependent (field.custom handlers) ------------- */

int ddb_scn_parse_attributes(ctx *c, const field *f, const cJSON *v, const char *path,
                             cJSON *res, void *base);
int ddb_scn_parse_weights(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                          void *base);
int ddb_scn_parse_mix(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base);
int ddb_scn_parse_steps(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                        void *base);
int ddb_scn_parse_changes(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                          void *base);
int ddb_scn_parse_sizes_by_op(ctx *c, const field *f, const cJSON *v, const char *path,
                              cJSON *res, void *base);
int ddb_scn_parse_gsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base);
int ddb_scn_parse_lsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base);

/* ---- checks.c: the checks across fields (table.check) --------------------------------------- */

int ddb_scn_check_size(ctx *c, const char *path, void *base, cJSON *res);
int ddb_scn_check_scenario(ctx *c, const char *path, void *base, cJSON *res);

/* ---- derived.c: defaults that depend on other fields ---------------------------------------- */

void ddb_scn_retry_defaults(enum ddb_retry_mode mode, double d[RD_COUNT]);
/* The retry numbers left out take the mode's defaults (in their place in the resolved tree). */
void ddb_scn_fill_retry_defaults(ddb_scenario *s, cJSON *res);

/* ---- load.c: the files a scenario names ----------------------------------------------------- */

/* The fields that name a file (see load.c for how their paths resolve). */
extern const char *const ddb_scn_file_paths[4];
bool ddb_scn_is_file_path(const char *path);
/* p as the process opens it: relative to the folder of the scenario file (malloc'd). */
char *ddb_scn_in_scenario_folder(const ctx *c, const char *p);
/* rate_table's check: a diurnal rate never goes below 0; a csv profile's file must read. */
int ddb_scn_check_rate(ctx *c, const char *path, void *base, cJSON *res);
/* An attribute's file: a contributor_insights report, read (relative to the scenario's folder). */
int ddb_scn_check_attr(ctx *c, const char *path, void *base, cJSON *res);
/* A trace's duration, a CloudWatch export's steps, the price table: each read once, here. */
int ddb_scn_trace_duration(ctx *c, ddb_scenario *s, cJSON *res);
int ddb_scn_cloudwatch_rate(ctx *c, ddb_scenario *s, cJSON *res);
int ddb_scn_check_prices(ctx *c, const ddb_scenario *s);

/* ---- resolved.c: the resolved tree ---------------------------------------------------------- */

/* The member of the resolved tree at a table path ("client.retry.mode"), or NULL. */
cJSON *ddb_scn_resolved_at(cJSON *res, const char *path);
/* Whether the member at path (which must be there) was given rather than left null. */
bool ddb_scn_given(cJSON *res, const char *path);
/* The members of obj (the resolved object at prefix of table t) in the table's order. */
void ddb_scn_order_members(const table *t, const char *prefix, cJSON *obj);

/* ---- set.c, ycsb_expand.c: edits of the JSON tree before it is walked ----------------------- */

/* Apply one "PATH=VALUE" to root. */
int ddb_scn_apply_set(ctx *c, cJSON *root, const char *set);
/* workload.ycsb's file, expanded into the fields the scenario leaves out. */
int ddb_scn_expand_ycsb(ctx *c, cJSON *root);

#endif
