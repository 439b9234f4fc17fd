/* load — the files a scenario names: where they are (beside the scenario file), and reading them
 * while parsing (a rate csv, a trace, a CloudWatch export, the price table). */
#include "sim/scenario/scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/scenario/price.h"
#include "workloads/contributors.h"
#include "workloads/rate_cloudwatch.h"

/* The fields that name a file. In a scenario file they are relative to the file's folder, so that
 * a scenario runs from any working directory; given with --set (or --ycsb) they are relative to
 * the working directory, as paths on a command line are, and are made absolute when set. The
 * resolved scenario keeps each value as written, so that it parses again to the same files. */
const char *const ddb_scn_file_paths[4] = {"prices", "workload.ycsb", "workload.rate.path",
                                           "workload.trace.path"};

bool ddb_scn_is_file_path(const char *path)
{
    for (size_t i = 0; i < NELEM(ddb_scn_file_paths); i++)
        if (strcmp(path, ddb_scn_file_paths[i]) == 0)
            return true;
    return false;
}

/* p as the process opens it: relative to the folder of the scenario file c->source names
 * ("scenarios/ycsb-a.json" and "../workloads/ycsb/workloada" give
 * "scenarios/../workloads/ycsb/workloada"); absolute, or a source without a folder: p itself. */
char *ddb_scn_in_scenario_folder(const ctx *c, const char *p)
{
    const char *slash = strrchr(c->source, '/');
    size_t dir = slash && p[0] != '/' ? (size_t)(slash - c->source) + 1 : 0;
    size_t n = strlen(p);
    char *out = ddb_xmalloc(dir + n + 1);
    memcpy(out, c->source, dir);
    memcpy(out + dir, p, n + 1);
    return out;
}

int ddb_scn_check_attr(ctx *c, const char *path, void *base, cJSON *res)
{
    ddb_dist_spec *spec = base;
    (void)res;
    if (spec->kind != DDB_DIST_CONTRIBUTORS)
        return 0;
    char p[PATH_CAP], msg[DDB_ERR_MAX];
    char *file = ddb_scn_in_scenario_folder(c, spec->path);
    int rc = ddb_contributors_load(spec, file, msg, sizeof msg);
    free(file);
    if (rc < 0) {
        ddb_scn_join(p, path, "path");
        return ddb_scn_fail(c, p, "%s", msg);
    }
    return 0;
}

/* A diurnal rate never goes below 0; a csv profile's file must read. */
int ddb_scn_check_rate(ctx *c, const char *path, void *base, cJSON *res)
{
    ddb_rate_spec *r = base;
    char p[PATH_CAP], msg[DDB_ERR_MAX], want[64], mean[32];
    if (r->kind == DDB_RATE_DIURNAL && r->amplitude_rps > r->mean_rps) {
        ddb_scn_join(p, path, "amplitude_rps");
        ddb_scn_num_text(r->mean_rps, mean);
        snprintf(want, sizeof want, "at most mean_rps (%s)", mean);
        return ddb_scn_bad(c, p, "the rate would go below 0",
                           cJSON_GetObjectItemCaseSensitive(res, "amplitude_rps"), want);
    }
    if (r->kind != DDB_RATE_CSV)
        return 0;
    if (ddb_rate_csv_load(r, r->path, msg, sizeof msg) < 0) {
        ddb_scn_join(p, path, "path");
        return ddb_scn_fail(c, p, "%s", msg);
    }
    return 0;
}

/* With a trace and no duration_s, the run lasts the trace's span: its last request's time,
 * rounded up to the next whole millisecond so that that request is inside the run. A plain trace
 * is not read twice for it: its first and last lines give the span (workloads/trace.h), and the
 * lines between are checked by the run that replays them (and by validate). Otherwise the trace
 * file must at least open. */
int ddb_scn_trace_duration(ctx *c, ddb_scenario *s, cJSON *res)
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
            return ddb_scn_fail(c, "workload.trace.path", "%s", msg);
        ddb_trace_close(t);
        return 0;
    }
    if (ddb_trace_span(&s->trace, &last_ns, msg, sizeof msg) < 0)
        return ddb_scn_fail(c, "workload.trace.path", "%s", msg);
    int64_t ms = last_ns / 1000000 + 1;
    if ((double)ms / 1e3 > YEAR_S)
        return ddb_scn_fail(c, "workload.trace.path",
                            "the trace spans more than a year (got %.3f s after "
                            "speedup, expected at most 31536000; set duration_s)",
                            (double)ms / 1e3);
    s->duration_ns = ms * 1000000;
    DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(
                  res, "duration_s", ddb_scn_need(cJSON_CreateNumber((double)ms / 1e3))),
              "replace duration_s");
    return 0;
}

/* A cloudwatch profile becomes steps here, where the seed is known (the lognormal bursts draw
 * from it); without duration_s the run lasts the export's span. */
int ddb_scn_cloudwatch_rate(ctx *c, ddb_scenario *s, cJSON *res)
{
    ddb_rate_spec *r = &s->rate;
    if (!s->has_rate || r->kind != DDB_RATE_CLOUDWATCH)
        return 0;
    ddb_cw_profile p = {r->path, r->cw_id, r->cw_period_s, r->cw_units_per_request,
                        (enum ddb_cw_within)r->cw_bursts, r->cw_burst_cv,
                        r->cw_include_throttled, r->cw_throttled_id};
    ddb_rate_spec steps;
    double span_s;
    char msg[DDB_ERR_MAX];
    if (ddb_rate_from_cloudwatch(&p, s->seed, &steps, &span_s, msg, sizeof msg) < 0)
        return ddb_scn_fail(c, "workload.rate.path", "%s", msg);
    r->kind = DDB_RATE_STEPS; /* arrivals walk the steps */
    r->steps = steps.steps;
    r->n_steps = steps.n_steps;
    if (s->has_duration)
        return 0;
    if (span_s > YEAR_S)
        return ddb_scn_fail(c, "workload.rate.path",
                            "the export spans more than a year (got %.0f s, "
                            "expected at most 31536000; set duration_s)",
                            span_s);
    s->duration_ns = (int64_t)(span_s * 1e9 + 0.5);
    DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(res, "duration_s",
                                                     ddb_scn_need(cJSON_CreateNumber(span_s))),
              "replace duration_s");
    return 0;
}

/* The price table must load, the scenario's or the default one (into the process-wide cache, so
 * that runs read no file): without it every cost estimate would silently say "no price". A
 * default that cannot be read means the data folder is missing or wrong, so the error says how to
 * point at it. */
int ddb_scn_check_prices(ctx *c, const ddb_scenario *s)
{
    char perr[DDB_ERR_MAX];
    if (ddb_price_cached(s->prices, perr, sizeof perr))
        return 0;
    if (s->prices)
        return ddb_scn_fail(c, "prices", "%s", perr);
    return ddb_scn_fail(c, "prices",
                        "the default price table is missing (%s); set DDBSIM_DATA_DIR to ddbsim's "
                        "data folder, or DDBSIM_PRICES or \"prices\" to a price table",
                        perr);
}
