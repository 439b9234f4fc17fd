/* run_files — the file sink of a run folder. See run_files.h. */
#include "sim/output/run_files.h"

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/output/out_csv.h"
#include "sim/output/out_file.h"
#include "sim/output/out_gsi.h"
#include "sim/output/out_json.h"
#include "sim/output/manifest.h"
#include "sim/output/schema.h"
#include "sim/support/alloc.h"
#include "sim/support/check.h"

typedef struct files {
    const char *dir;
    const char *source;                     /* the scenario's file, for the manifest */
    ddb_outfile ts, parts, gsi_csv; /* written as the run goes */
    ddb_csv_parts *parts_w;                 /* parts' rows */
    ddb_outfile keys, latency, summary, events; /* at its end */
} files;

static int files_open(void *ctx, const ddb_scenario *s, char *err, size_t errlen)
{
    files *f = ctx;
    if (ddb_outdir_make(f->dir, err, errlen) != 0 ||
        ddb_outfile_open(&f->ts, f->dir, ddb_schema_timeseries.file, err, errlen) != 0 ||
        ddb_outfile_open(&f->parts, f->dir, ddb_schema_partitions.file, err, errlen) != 0 ||
        (s->n_gsi && ddb_outfile_open(&f->gsi_csv, f->dir, ddb_schema_gsi.file, err, errlen) != 0)) {
        ddb_outfile_abort(&f->ts);
        ddb_outfile_abort(&f->parts);
        return -1;
    }
    ddb_csv_timeseries_header(f->ts.f);
    ddb_csv_partitions_header(f->parts.f);
    f->parts_w = ddb_csv_partitions_new(f->parts.f);
    if (s->n_gsi)
        ddb_csv_gsi_header(f->gsi_csv.f);
    return 0;
}

static void files_timeseries(void *ctx, const ddb_ts_row *row)
{
    ddb_csv_timeseries_row(((files *)ctx)->ts.f, row);
}

static void files_partition(void *ctx, const ddb_part_row *r)
{
    ddb_csv_partitions_row(((files *)ctx)->parts_w, r->t_ns, r->index, r->partition, r->c,
                           r->burst_milli);
}

static void files_gsi(void *ctx, const ddb_gsi_row *row)
{
    ddb_csv_gsi_row(((files *)ctx)->gsi_csv.f, row);
}

/* keys.csv: per ranking (by requests, then by throttles), the table's top keys, then each
 * GSI's top index keys. */
static void write_keys(const ddb_run_view *v, FILE *f)
{
    ddb_csv_keys_header(f);
    size_t n = v->s->top_keys;
    uint32_t *ids = ddb_xmalloc((n ? n : 1) * sizeof *ids);
    for (int kind = 0; kind < DDB_KEYS_KIND_COUNT; kind++)
        for (size_t t = 0; t <= v->s->n_gsi; t++) {
            const ddb_keytab *k = t ? v->gsi_keys[t - 1] : v->keys;
            const char *index = t ? v->s->gsi[t - 1].name : DDB_SCHEMA_TABLE_INDEX;
            size_t m = ddb_keytab_top(k, kind == DDB_KEYS_THROTTLED, ids, n);
            for (size_t i = 0; i < m; i++)
                ddb_csv_keys_row(f, ddb_keys_kind_name[kind], i + 1, index, k, &k->entries[ids[i]]);
        }
    free(ids);
}

static void write_latency(const ddb_run_view *v, FILE *f)
{
    ddb_csv_latency_header(f);
    ddb_csv_latency_rows(f, DDB_SCHEMA_LATENCY_ALL, v->latency);
    for (int op = 0; op < DDB_OP_COUNT; op++)
        if (!ddb_op_is_transact((enum ddb_op)op) || v->s->mix[op] > 0) /* rows of their own only
                                                                           when in the mix */
            ddb_csv_latency_rows(f, ddb_op_names[op],
                             op == v->single_op ? v->latency : &v->latency_by_op[op]);
}

/* events.csv: the events of every table (the base table's first), merged in time order (a tie
 * keeps that order). */
static void write_events(const ddb_run_view *v, FILE *f)
{
    size_t next[1 + DDB_GSI_MAX] = {0}, n = v->n_tables;
    DDB_CHECK(n <= 1 + DDB_GSI_MAX, "%zu tables", n);
    ddb_csv_events_header(f);
    for (;;) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (next[i] < v->dynamics[i]->n_events &&
                (best == n || v->dynamics[i]->events[next[i]].t_ns <
                                  v->dynamics[best]->events[next[best]].t_ns))
                best = i;
        if (best == n)
            return;
        const ddb_dyn_event *e = &v->dynamics[best]->events[next[best]++];
        ddb_csv_events_row(f, e->t_ns, v->dynamics[best]->cfg.index, e->kind, e->partition,
                           e->detail);
    }
}

static void files_abort(void *ctx)
{
    files *f = ctx;
    ddb_outfile *all[7] = {&f->gsi_csv, &f->ts, &f->parts, &f->keys, &f->latency, &f->summary,
                           &f->events};
    for (int i = 0; i < 7; i++)
        ddb_outfile_abort(all[i]);
    ddb_csv_partitions_free(f->parts_w);
    f->parts_w = NULL;
}

static int files_finish(void *ctx, const ddb_run_view *v, char *err, size_t errlen)
{
    files *f = ctx;
    if (ddb_outfile_open(&f->keys, f->dir, ddb_schema_keys.file, err, errlen) != 0)
        return -1;
    /* events.csv only when something moved, so that a run without dynamics has no such file. */
    if (v->report->n_events) {
        if (ddb_outfile_open(&f->events, f->dir, ddb_schema_events.file, err, errlen) != 0)
            return -1;
        write_events(v, f->events.f);
    }
    write_keys(v, f->keys.f);
    if (ddb_outfile_open(&f->latency, f->dir, ddb_schema_latency.file, err, errlen) != 0)
        return -1;
    write_latency(v, f->latency.f);
    if (ddb_outfile_open(&f->summary, f->dir, ddb_schema_summary.file, err, errlen) != 0)
        return -1;
    ddb_summary_write(f->summary.f, v->s, v->report);
    ddb_csv_partitions_flush(f->parts_w);
    ddb_csv_partitions_free(f->parts_w);
    f->parts_w = NULL;
    /* Everything is written; now give the files their final names. */
    ddb_outfile *all[7] = {&f->ts, &f->parts, &f->keys, &f->latency, &f->summary, &f->events,
                           &f->gsi_csv};
    for (int i = 0; i < 7; i++)
        if (all[i]->f && ddb_outfile_commit(all[i], err, errlen) != 0)
            return -1;
    /* Last, what the folder holds: a folder with a manifest is complete. */
    ddb_manifest_info info = {"run", v->s->name, f->source, true, v->s->seed};
    return ddb_manifest_write(f->dir, &info, err, errlen);
}

static const ddb_sink_ops files_ops = {
    .open = files_open,
    .timeseries = files_timeseries,
    .partition = files_partition,
    .gsi = files_gsi,
    .finish = files_finish,
    .abort = files_abort,
};

int ddb_run(const ddb_scenario *s, const ddb_run_options *opt, ddb_report *report, char *err,
            size_t errlen)
{
    if (!opt->outdir)
        return ddb_engine_run(s, &ddb_sink_none, opt->progress, opt->progress_ctx, report, err,
                              errlen);
    files f = {.dir = opt->outdir, .source = opt->source};
    ddb_sink sink = {&files_ops, &f};
    /* A run that fails leaves nothing: its files are aborted, its manifest too, and the folder
     * if it made it. */
    bool made_dir = !ddb_outdir_exists(opt->outdir);
    int rc = ddb_engine_run(s, &sink, opt->progress, opt->progress_ctx, report, err, errlen);
    if (rc != 0 && made_dir) {
        char *manifest = ddb_xmalloc(strlen(opt->outdir) + sizeof "/" DDB_MANIFEST_FILE);
        sprintf(manifest, "%s/%s", opt->outdir, DDB_MANIFEST_FILE);
        unlink(manifest);
        free(manifest);
        ddb_outdir_remove_if_empty(opt->outdir);
    }
    return rc;
}
