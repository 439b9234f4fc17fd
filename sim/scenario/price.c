/* price — see price.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/scenario/price.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"
#include "sim/support/datadir.h"
#include "sim/support/errmsg.h"
#include "sim/support/readfile.h"

#define MAX_PRICE_FILE_BYTES (1u << 20)
#define SHOW_MAX 60

static const char *const class_names[DDB_TABLE_CLASS_COUNT] = {"standard", "standard_ia"};
static const char *const item_names[DDB_PRICE_ITEM_COUNT] = {
    "provisioned_wcu_hour", "provisioned_rcu_hour", "on_demand_per_million_write_request_units",
    "on_demand_per_million_read_request_units", "storage_gb_month"};

const char *ddb_table_class_name(enum ddb_table_class c) { return class_names[c]; }
const char *ddb_price_item_name(enum ddb_price_item i) { return item_names[i]; }

/* A value as it appears in the file, cut short. */
static void show(const cJSON *v, char *buf, size_t n)
{
    char *text = cJSON_PrintUnformatted(v);
    if (!text) {
        snprintf(buf, n, "?");
        return;
    }
    if (strlen(text) > SHOW_MAX)
        snprintf(buf, n, "%.*s...", SHOW_MAX, text);
    else
        snprintf(buf, n, "%s", text);
    cJSON_free(text);
}

static int bad(const char *src, const char *field, const char *what, const cJSON *v, char *err,
               size_t errlen)
{
    char got[SHOW_MAX + 8];
    show(v, got, sizeof got);
    ddb_errorf(err, errlen, "%s: %s: %s (got %s)", src, field, what, got);
    return -1;
}

static bool is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int take_string(const cJSON *root, const char *src, const char *key, char **out,
                       char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v) {
        ddb_errorf(err, errlen, "%s: %s: missing (expected a string)", src, key);
        return -1;
    }
    if (!cJSON_IsString(v) || !*v->valuestring)
        return bad(src, key, "not a non-empty string", v, err, errlen);
    if (!strcmp(key, "as_of") && !is_date(v->valuestring))
        return bad(src, key, "not a date YYYY-MM-DD", v, err, errlen);
    *out = ddb_xstrdup(v->valuestring);
    return 0;
}

static int take_class(const cJSON *root, const char *src, enum ddb_table_class c,
                      ddb_price_table *t, char *err, size_t errlen)
{
    const char *cname = class_names[c];
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, cname);
    if (!o) {
        ddb_errorf(err, errlen, "%s: %s: missing (expected an object of prices, {} for none)", src,
               cname);
        return -1;
    }
    if (!cJSON_IsObject(o))
        return bad(src, cname, "not an object of prices", o, err, errlen);
    const cJSON *m;
    cJSON_ArrayForEach(m, o) {
        char field[128];
        snprintf(field, sizeof field, "%s.%s", cname, m->string);
        int i = 0;
        while (i < DDB_PRICE_ITEM_COUNT && strcmp(m->string, item_names[i]))
            i++;
        if (i == DDB_PRICE_ITEM_COUNT) {
            ddb_errorf(err, errlen,
                   "%s: %s: unknown price (expected one of: provisioned_wcu_hour, "
                   "provisioned_rcu_hour, on_demand_per_million_write_request_units, "
                   "on_demand_per_million_read_request_units, storage_gb_month)",
                   src, field);
            return -1;
        }
        if (!isnan(t->price[c][i])) {
            ddb_errorf(err, errlen, "%s: %s: given twice", src, field);
            return -1;
        }
        if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble) || m->valuedouble < 0)
            return bad(src, field, "not a price (a number >= 0)", m, err, errlen);
        t->price[c][i] = m->valuedouble;
    }
    return 0;
}

static int parse_root(ddb_price_table *t, const cJSON *root, const char *src, char *err,
                      size_t errlen)
{
    static const char *const known[] = {"region", "as_of", "source", "currency", "sources",
                                        "notes", "standard", "standard_ia"};
    if (!cJSON_IsObject(root))
        return bad(src, "(top level)", "not an object", root, err, errlen);
    const cJSON *m;
    cJSON_ArrayForEach(m, root) {
        size_t i = 0;
        while (i < sizeof known / sizeof *known && strcmp(m->string, known[i]))
            i++;
        if (i == sizeof known / sizeof *known) {
            ddb_errorf(err, errlen,
                   "%s: %s: unknown field (expected one of: region, as_of, source, currency, "
                   "sources, notes, standard, standard_ia)",
                   src, m->string);
            return -1;
        }
    }
    if (take_string(root, src, "region", &t->region, err, errlen) < 0 ||
        take_string(root, src, "as_of", &t->as_of, err, errlen) < 0 ||
        take_string(root, src, "source", &t->source, err, errlen) < 0 ||
        take_string(root, src, "currency", &t->currency, err, errlen) < 0)
        return -1;
    for (int c = 0; c < DDB_TABLE_CLASS_COUNT; c++)
        if (take_class(root, src, (enum ddb_table_class)c, t, err, errlen) < 0)
            return -1;
    return 0;
}

int ddb_price_parse(ddb_price_table *out, const char *text, size_t len, const char *source,
                    char *err, size_t errlen)
{
    ddb_price_table t;
    memset(&t, 0, sizeof t);
    for (int c = 0; c < DDB_TABLE_CLASS_COUNT; c++)
        for (int i = 0; i < DDB_PRICE_ITEM_COUNT; i++)
            t.price[c][i] = NAN;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        ddb_errorf(err, errlen, "%s: not valid JSON (near byte %zu)", source, at);
        return -1;
    }
    int rc = parse_root(&t, root, source, err, errlen);
    cJSON_Delete(root);
    if (rc < 0) {
        ddb_price_destroy(&t);
        return -1;
    }
    t.path = ddb_xstrdup(source);
    *out = t;
    return 0;
}

int ddb_price_load(ddb_price_table *out, const char *path, char *err, size_t errlen)
{
    size_t n;
    char *buf = ddb_read_file(path, MAX_PRICE_FILE_BYTES, &n, err, errlen);
    if (!buf)
        return -1;
    int rc = ddb_price_parse(out, buf, n, path, err, errlen);
    free(buf);
    return rc;
}

void ddb_price_destroy(ddb_price_table *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->region);
    free(t->as_of);
    free(t->source);
    free(t->currency);
    memset(t, 0, sizeof *t);
}

static char *shipped_path;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

static void find_shipped(void) { shipped_path = ddb_datadir_path("scenarios/prices/us-east-1.json"); }

const char *ddb_price_default_path(void)
{
    const char *env = getenv("DDBSIM_PRICES");
    if (env && *env)
        return env;
    pthread_once(&shipped_once, find_shipped);
    return shipped_path;
}

/* ---- the process-wide cache ---- */

typedef struct cached {
    struct cached *next;
    char *path;
    ddb_price_table table;
    bool ok;
    char err[DDB_ERR_MAX];
} cached;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cached *cache_head;

const ddb_price_table *ddb_price_cached(const char *path, char *err, size_t errlen)
{
    if (!path)
        path = ddb_price_default_path();
    pthread_mutex_lock(&cache_lock);
    cached *e = cache_head;
    while (e && strcmp(e->path, path))
        e = e->next;
    if (!e) {
        e = ddb_xcalloc(1, sizeof *e);
        e->path = ddb_xstrdup(path);
        e->ok = ddb_price_load(&e->table, path, e->err, sizeof e->err) == 0;
        e->next = cache_head;
        cache_head = e;
    }
    pthread_mutex_unlock(&cache_lock);
    if (!e->ok) {
        ddb_errorf(err, errlen, "%s", e->err);
        return NULL;
    }
    return &e->table;
}
