/* ddbsim_wasm — the browser's entry point: a scenario's JSON text in, summary.json's text out.
 *
 * The page (or node) calls ddbsim_run_json with the scenario as text and gets back a malloc'd
 * string to release with ddbsim_free: summary.json's bytes, the same as `ddbsim run` writes for
 * that scenario and seed, or {"error": "..."} with the CLI's one-line message. The run uses no
 * output folder and summary.json goes to memory. ddbsim_run_dir does the same and also writes the
 * run folder (timeseries.csv, partitions.csv, ...) into outdir, a folder of emscripten's in-memory
 * file system that the page reads back with FS.readFile (the heat map's per-partition rows).
 * ddbsim_explain_json reads such a folder back and gives `ddbsim explain`'s words as JSON:
 * {"kind", "headline", "findings": [...], "advice", "scenario"} (advice null when none is needed),
 * or {"error": "..."}. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "sim/analysis/describe.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"
#include "sim/output/out_json.h"
#include "sim/output/run_files.h"
#include "sim/scenario/scenario.h"
#include "sim/support/errmsg.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define DDB_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define DDB_EXPORT
#endif

char *ddbsim_run_json(const char *scenario_json);
char *ddbsim_run_dir(const char *scenario_json, const char *outdir);
char *ddbsim_explain_json(const char *outdir);
void ddbsim_free(char *text);

static char *error_text(const char *message)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", message);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

DDB_EXPORT char *ddbsim_run_dir(const char *scenario_json, const char *outdir)
{
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, scenario_json, strlen(scenario_json), "scenario.json", NULL, 0, err,
                           sizeof err) != 0)
        return error_text(err);
    ddb_run_options opt = {outdir, NULL, NULL, NULL};
    ddb_report r;
    if (ddb_run(&s, &opt, &r, err, sizeof err) != 0) {
        ddb_scenario_destroy(&s);
        return error_text(err);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f) {
        ddb_summary_write(f, &s, &r);
        fclose(f);
    }
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
    return f ? text : error_text("out of memory");
}

DDB_EXPORT char *ddbsim_run_json(const char *scenario_json)
{
    return ddbsim_run_dir(scenario_json, NULL);
}

DDB_EXPORT char *ddbsim_explain_json(const char *outdir)
{
    ddb_rundir r;
    char err[DDB_ERR_MAX];
    if (ddb_rundir_load(&r, outdir, err, sizeof err) != 0)
        return error_text(err);
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    char *words = ddb_describe_scenario(&r);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", ddb_verdict_kind_name(v.kind));
    cJSON_AddStringToObject(o, "headline", v.headline);
    cJSON *findings = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; i < v.n_findings; i++)
        cJSON_AddItemToArray(findings, cJSON_CreateString(v.findings[i]));
    if (v.advice)
        cJSON_AddStringToObject(o, "advice", v.advice);
    else
        cJSON_AddNullToObject(o, "advice");
    cJSON_AddStringToObject(o, "scenario", words);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    free(words);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
    return text ? text : error_text("out of memory");
}

DDB_EXPORT void ddbsim_free(char *text)
{
    free(text);
}
