/* describe — a scenario in words. See describe.h. */
#include "sim/analysis/describe.h"

#include <math.h>
#include <string.h>
#include "sim/output/schema.h"
#include "sim/support/strbuf.h"

static double num(const cJSON *o, const char *key, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void table_words(ddb_strbuf *b, const ddb_rundir *r, const cJSON *t)
{
    const char *billing = str(t, "billing");
    if (billing && !strcmp(billing, "on_demand")) {
        ddb_strbuf_puts(b, "An on-demand table");
    } else {
        ddb_strbuf_puts(b, "A provisioned table of ");
        ddb_strbuf_number(b, num(t, "rcu", 0), 0);
        ddb_strbuf_puts(b, " RCU and ");
        ddb_strbuf_number(b, num(t, "wcu", 0), 0);
        ddb_strbuf_puts(b, " WCU");
    }
    double parts = ddb_rundir_num(r, "table.partitions", NAN);
    if (!isnan(parts)) {
        ddb_strbuf_puts(b, " over ");
        ddb_strbuf_number(b, parts, 0);
        ddb_strbuf_puts(b, parts == 1 ? " partition" : " partitions");
    }
    ddb_strbuf_puts(b, " (each serves at most " DDB_PARTITION_MAX_RCU_TEXT " and "
                       DDB_PARTITION_MAX_WCU_TEXT ")");
    double burst = num(t, "burst_s", NAN);
    if (!isnan(burst))
        ddb_strbuf_printf(b, ", saving up to %g s of unused capacity", burst);
    const cJSON *adaptive = cJSON_GetObjectItemCaseSensitive(t, "adaptive_capacity");
    if (cJSON_IsBool(adaptive))
        ddb_strbuf_puts(b, cJSON_IsTrue(adaptive) ? ", adaptive capacity on" : ", adaptive capacity off");
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(t, "key");
    if (str(key, "pk")) {
        ddb_strbuf_printf(b, "; partition key %s", str(key, "pk"));
        if (str(key, "sk"))
            ddb_strbuf_printf(b, ", sort key %s", str(key, "sk"));
    }
    ddb_strbuf_puts(b, ".");
}

static void gsi_words(ddb_strbuf *b, const cJSON *t)
{
    const cJSON *gsis = cJSON_GetObjectItemCaseSensitive(t, "gsi");
    int n = cJSON_GetArraySize(gsis);
    if (n <= 0)
        return;
    ddb_strbuf_puts(b, n == 1 ? " Global secondary index: " : " Global secondary indexes: ");
    for (int i = 0; i < n; i++) {
        const cJSON *g = cJSON_GetArrayItem(gsis, i);
        ddb_strbuf_printf(b, "%s%s", i ? "; " : "", str(g, "name") ? str(g, "name") : "?");
        if (str(g, "pk"))
            ddb_strbuf_printf(b, " keyed %s", str(g, "pk"));
        if (!isnan(num(g, "wcu", NAN))) {
            ddb_strbuf_puts(b, " with ");
            ddb_strbuf_number(b, num(g, "rcu", 0), 0);
            ddb_strbuf_puts(b, " RCU and ");
            ddb_strbuf_number(b, num(g, "wcu", 0), 0);
            ddb_strbuf_puts(b, " WCU");
        }
    }
    ddb_strbuf_puts(b, ".");
}

static void attribute_words(ddb_strbuf *b, const cJSON *attrs)
{
    const cJSON *a;
    int first = 1;
    cJSON_ArrayForEach(a, attrs)
    {
        const char *dist = str(a, "dist");
        if (!dist || !strcmp(dist, "clock"))
            continue; /* the clock is not a choice worth a word */
        ddb_strbuf_printf(b, "%s%s %s", first ? " Key attributes: " : "; ", a->string, dist);
        first = 0;
        double n = num(a, "n", NAN);
        if (!isnan(n)) {
            ddb_strbuf_puts(b, " over ");
            ddb_strbuf_number(b, n, 0);
            ddb_strbuf_puts(b, " values");
        }
        if (!isnan(num(a, "theta", NAN)))
            ddb_strbuf_printf(b, " (theta %g)", num(a, "theta", 0));
        if (!isnan(num(a, "hot_op_fraction", NAN)))
            ddb_strbuf_printf(b, " (%g%% of requests on %g%% of the values)",
                              100 * num(a, "hot_op_fraction", 0), 100 * num(a, "hot_data_fraction", 0));
    }
    if (!first)
        ddb_strbuf_puts(b, ".");
}

static void rate_words(ddb_strbuf *b, const cJSON *rate)
{
    const char *profile = str(rate, "profile");
    if (profile && !strcmp(profile, "constant")) {
        ddb_strbuf_number(b, num(rate, "rps", 0), 0);
        ddb_strbuf_puts(b, " requests/s, constant");
    } else if (profile && !strcmp(profile, "steps")) {
        const cJSON *steps = cJSON_GetObjectItemCaseSensitive(rate, "steps"), *s;
        int i = 0;
        cJSON_ArrayForEach(s, steps)
        {
            ddb_strbuf_puts(b, i ? ", then " : "");
            ddb_strbuf_number(b, num(s, "rps", 0), 0);
            ddb_strbuf_printf(b, "%s from %g s", i ? "" : " requests/s", num(s, "at_s", 0));
            i++;
        }
    } else if (profile) {
        ddb_strbuf_printf(b, "a %s rate profile", profile);
    }
}

static void mix_words(ddb_strbuf *b, const cJSON *mix)
{
    const cJSON *m;
    int first = 1;
    cJSON_ArrayForEach(m, mix)
    {
        if (!cJSON_IsNumber(m) || m->valuedouble <= 0)
            continue;
        ddb_strbuf_puts(b, first ? "; " : ", ");
        ddb_strbuf_printf(b, "%g%% %s", round(m->valuedouble * 1000) / 10, m->string);
        first = 0;
    }
}

static void size_words(ddb_strbuf *b, const cJSON *sz)
{
    const char *dist = str(sz, "dist");
    if (!dist)
        return;
    ddb_strbuf_puts(b, "; items of ");
    if (!strcmp(dist, "fixed")) {
        ddb_strbuf_number(b, num(sz, "bytes", 0), 0);
    } else if (!strcmp(dist, "uniform")) {
        ddb_strbuf_number(b, num(sz, "min", 0), 0);
        ddb_strbuf_puts(b, " to ");
        ddb_strbuf_number(b, num(sz, "max", 0), 0);
    } else if (!strcmp(dist, "lognormal")) {
        ddb_strbuf_puts(b, "about ");
        ddb_strbuf_number(b, num(sz, "median", 0), 0);
    } else {
        ddb_strbuf_printf(b, "%s-distributed", dist);
    }
    ddb_strbuf_puts(b, " bytes");
}

static void workload_words(ddb_strbuf *b, const cJSON *w)
{
    if (!w)
        return;
    ddb_strbuf_puts(b, " Workload: ");
    const cJSON *trace = cJSON_GetObjectItemCaseSensitive(w, "trace");
    if (trace) { /* arrivals, keys, operations and sizes all come from it */
        ddb_strbuf_printf(b, "the %s trace %s replayed", str(trace, "format") ? str(trace, "format") : "",
                          str(trace, "path") ? str(trace, "path") : "");
        if (num(trace, "speedup", 1) != 1)
            ddb_strbuf_printf(b, " %g times faster", num(trace, "speedup", 1));
    } else {
        rate_words(b, cJSON_GetObjectItemCaseSensitive(w, "rate"));
        mix_words(b, cJSON_GetObjectItemCaseSensitive(w, "mix"));
        size_words(b, cJSON_GetObjectItemCaseSensitive(w, "item_bytes"));
    }
    if (str(w, "consistency"))
        ddb_strbuf_printf(b, "; %s consistency", str(w, "consistency"));
    ddb_strbuf_puts(b, ".");
}

static void client_words(ddb_strbuf *b, const cJSON *client)
{
    const cJSON *retry = cJSON_GetObjectItemCaseSensitive(client, "retry");
    const char *mode = str(retry, "mode");
    if (!mode)
        return;
    double attempts = num(retry, "max_attempts", 1);
    if (!strcmp(mode, "none") || attempts <= 1)
        ddb_strbuf_puts(b, " Clients: no retries (a throttled request fails).");
    else
        ddb_strbuf_printf(b, " Clients: %s retries with backoff, up to %g attempts.", mode, attempts);
}

char *ddb_describe_scenario(const ddb_rundir *r)
{
    ddb_strbuf b = {0};
    const cJSON *sc = ddb_rundir_json(r, "scenario");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(sc, "table");
    if (t) {
        table_words(&b, r, t);
        gsi_words(&b, t);
    }
    attribute_words(&b, cJSON_GetObjectItemCaseSensitive(sc, "attributes"));
    workload_words(&b, cJSON_GetObjectItemCaseSensitive(sc, "workload"));
    client_words(&b, cJSON_GetObjectItemCaseSensitive(sc, "client"));
    ddb_strbuf_printf(&b, "%s%g s simulated", b.len ? " " : "", r->duration_s);
    double seed = ddb_rundir_num(r, "seed", NAN);
    if (!isnan(seed))
        ddb_strbuf_printf(&b, " (seed %.0f)", seed);
    ddb_strbuf_printf(&b, ", reported every %g s.", r->interval_s);
    return ddb_strbuf_take(&b);
}

void ddb_describe_capacity(ddb_strbuf *b, const ddb_rundir *r)
{
    const char *billing = ddb_rundir_str(r, "table.billing");
    if (billing && strcmp(billing, "on_demand") == 0) {
        ddb_strbuf_puts(b, "on-demand");
    } else {
        ddb_strbuf_number(b, ddb_rundir_num(r, "table.provisioned_rcu", 0), 0);
        ddb_strbuf_puts(b, " RCU and ");
        ddb_strbuf_number(b, ddb_rundir_num(r, "table.provisioned_wcu", 0), 0);
        ddb_strbuf_puts(b, " WCU provisioned");
    }
    ddb_strbuf_puts(b, " over ");
    ddb_strbuf_number(b, ddb_rundir_num(r, "table.partitions", 0), 0);
    ddb_strbuf_puts(b, " partitions");
}
