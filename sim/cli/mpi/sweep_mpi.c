/* sweep_mpi — ddbsim sweep under mpirun: a rank-0 queue of run indexes. See sweep_mpi.h. */
#include "sim/cli/mpi/sweep_mpi.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/engine/engine.h"

enum {
    TAG_ASK = 1,     /* worker -> 0: an int, "give me a run" */
    TAG_WORK,        /* 0 -> worker: an int, the run's index or -1 (no more) */
    TAG_RESULT,      /* worker -> 0: the bytes of the ddb_run_result of the run last given */
    TAG_STRINGS,     /* worker -> 0: its strings (hot_key, name, pk), each 0 or 1 then text NUL */
    TAG_FAIL         /* worker -> 0: the run failed; its one-line error, NUL-terminated */
};

static bool active; /* MPI initialised by us */
static int rank, size = 1;

void ddb_mpi_begin(void)
{
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMIX_RANK") && !getenv("PMI_RANK") &&
        !getenv("PMI_SIZE"))
        return;
    if (MPI_Init(NULL, NULL) != MPI_SUCCESS)
        return;
    active = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank != 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            return;
    }
}

int ddb_mpi_rank(void)
{
    return rank;
}

int ddb_mpi_size(void)
{
    return size;
}

bool ddb_mpi_any_failed(bool failed)
{
    if (!active || size < 2)
        return failed;
    int mine = failed ? 1 : 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any != 0;
}

void ddb_mpi_share(char *buf, size_t len)
{
    if (active && size > 1)
        MPI_Bcast(buf, (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
}

int ddb_mpi_end(int status)
{
    if (!active)
        return status;
    int worst = status;
    if (size > 1)
        MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    fflush(stdout);
    fflush(stderr);
    MPI_Finalize();
    active = false;
    return worst;
}

/* ---- the strings of a result ---- */

static size_t put_string(char *buf, size_t at, const char *s)
{
    if (buf)
        buf[at] = s ? 1 : 0;
    at++;
    if (s) {
        size_t n = strlen(s) + 1;
        if (buf)
            memcpy(buf + at, s, n);
        at += n;
    }
    return at;
}

static char *get_string(const char *buf, size_t len, size_t *at)
{
    if (*at >= len || buf[(*at)++] == 0)
        return NULL;
    const char *end = memchr(buf + *at, '\0', len - *at);
    size_t n = end ? (size_t)(end - (buf + *at)) : len - *at;
    char *s = ddb_xmalloc(n + 1);
    memcpy(s, buf + *at, n);
    s[n] = '\0';
    *at += n + 1;
    return s;
}

/* ---- workers ---- */

static int work(const ddb_sweep *w, char *err, size_t errlen)
{
    int rc = 0;
    for (;;) {
        int ask = 0, idx = -1;
        MPI_Send(&ask, 1, MPI_INT, 0, TAG_ASK, MPI_COMM_WORLD);
        MPI_Recv(&idx, 1, MPI_INT, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (idx < 0 || (size_t)idx >= w->n_runs)
            return rc;
        /* The same runner as the threads': a sweep of this one spec, on one thread. */
        ddb_sweep one = {(ddb_run_spec *)&w->runs[idx], 1, 1};
        ddb_sweep_options opt = {1, NULL, NULL};
        ddb_run_result res;
        if (ddb_sweep_run(&one, &opt, &res, err, errlen) != 0) {
            MPI_Send(err, (int)strlen(err) + 1, MPI_CHAR, 0, TAG_FAIL, MPI_COMM_WORLD);
            rc = -1;
            continue;
        }
        size_t n = put_string(NULL, 0, res.report.hot_key);
        n = put_string(NULL, n, res.name);
        n = put_string(NULL, n, res.pk);
        char *buf = ddb_xmalloc(n);
        size_t at = put_string(buf, 0, res.report.hot_key);
        at = put_string(buf, at, res.name);
        put_string(buf, at, res.pk);
        MPI_Send(&res, (int)sizeof res, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
        MPI_Send(buf, (int)n, MPI_BYTE, 0, TAG_STRINGS, MPI_COMM_WORLD);
        free(buf);
        ddb_sweep_results_free(&res, 1);
    }
}

/* ---- rank 0: the queue ---- */

static int serve(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                 char *err, size_t errlen)
{
    int *given = ddb_xcalloc((size_t)size, sizeof *given); /* each worker's run */
    size_t next = 0, done = 0;
    int workers = size - 1;
    bool failed = false;
    while (workers > 0) {
        MPI_Status st;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        int src = st.MPI_SOURCE, count = 0;
        if (st.MPI_TAG == TAG_ASK) {
            int ask, idx = -1;
            MPI_Recv(&ask, 1, MPI_INT, src, TAG_ASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (!failed && next < w->n_runs)
                idx = (int)next++;
            else
                workers--;
            given[src] = idx;
            MPI_Send(&idx, 1, MPI_INT, src, TAG_WORK, MPI_COMM_WORLD);
        } else if (st.MPI_TAG == TAG_RESULT) {
            ddb_run_result *res = &results[given[src]];
            MPI_Recv(res, (int)sizeof *res, MPI_BYTE, src, TAG_RESULT, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            MPI_Status ss;
            MPI_Probe(src, TAG_STRINGS, MPI_COMM_WORLD, &ss);
            MPI_Get_count(&ss, MPI_BYTE, &count);
            char *buf = ddb_xmalloc(count > 0 ? (size_t)count : 1);
            MPI_Recv(buf, count, MPI_BYTE, src, TAG_STRINGS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            size_t at = 0, len = count > 0 ? (size_t)count : 0;
            res->report.hot_key = get_string(buf, len, &at);
            res->name = get_string(buf, len, &at);
            res->pk = get_string(buf, len, &at);
            free(buf);
            done++;
            if (o->progress)
                o->progress(o->progress_ctx, done, w->n_runs);
        } else if (st.MPI_TAG == TAG_FAIL) {
            MPI_Get_count(&st, MPI_CHAR, &count);
            char *msg = ddb_xmalloc(count > 0 ? (size_t)count + 1 : 1);
            MPI_Recv(msg, count, MPI_CHAR, src, TAG_FAIL, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            msg[count > 0 ? count : 0] = '\0';
            if (!failed)
                snprintf(err, errlen, "%s", msg);
            failed = true;
            free(msg);
        } else { /* not ours: drop it */
            MPI_Get_count(&st, MPI_BYTE, &count);
            char *junk = ddb_xmalloc(count > 0 ? (size_t)count : 1);
            MPI_Recv(junk, count, MPI_BYTE, src, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            free(junk);
        }
    }
    free(given);
    if (failed) {
        ddb_sweep_results_free(results, w->n_runs);
        memset(results, 0, w->n_runs * sizeof *results);
        return -1;
    }
    return 0;
}

int ddb_mpi_sweep_run(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                      char *err, size_t errlen)
{
    if (!active || size < 2)
        return ddb_sweep_run(w, o, results, err, errlen);
    return rank == 0 ? serve(w, o, results, err, errlen) : work(w, err, errlen);
}
