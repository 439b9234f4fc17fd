/* sweep_mpi — ddbsim sweep under mpirun: every rank runs its share. See sweep_mpi.h. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "sim/cli/mpi/sweep_mpi.h"

#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim/cli/cli.h"
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"

enum {
    TAG_RESULT = 1,  /* rank -> 0: a packed run result (run index, the result, its GSI reports,
                        its strings) */
    TAG_FAIL,        /* rank -> 0: the run index and the run's one-line error, NUL-terminated */
    TAG_DONE         /* rank -> 0: every run of this rank's share is done or given up */
};

/* A rank waiting on MPI sleeps this long between looks, instead of spinning a core: MPI's
 * blocking calls busy-poll in common implementations. */
#define IDLE_NS 1000000L

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

/* Wait for r to complete, sleeping between looks. */
static void wait_idle(MPI_Request *r)
{
    int flag = 0;
    const struct timespec idle = {0, IDLE_NS};
    while (MPI_Test(r, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS && !flag)
        nanosleep(&idle, NULL);
}

/* The largest of every rank's value, waiting without spinning. */
static int max_of_all(int mine)
{
    int all = mine;
    MPI_Request r;
    MPI_Iallreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &r);
    wait_idle(&r);
    return all;
}

bool ddb_mpi_any_failed(bool failed)
{
    if (!active || size < 2)
        return failed;
    return max_of_all(failed ? 1 : 0) != 0;
}

void ddb_mpi_share(char *buf, size_t len)
{
    if (active && size > 1)
        MPI_Bcast(buf, (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
}

int ddb_mpi_stage_begin(ddb_stage *st, const char *dir, bool force, char **tmp, char *err,
                        size_t errlen)
{
    bool failed = rank == 0 && ddb_cli_stage_begin(st, dir, force, err, errlen) != 0;
    if (ddb_mpi_any_failed(failed)) {
        if (!failed)
            snprintf(err, errlen, "ddbsim: failed on MPI rank 0");
        return -1;
    }
    char name[4096] = "";
    if (rank == 0)
        snprintf(name, sizeof name, "%s", st->tmp);
    ddb_mpi_share(name, sizeof name);
    *tmp = ddb_xstrdup(name);
    return 0;
}

int ddb_mpi_end(int status)
{
    if (!active)
        return status;
    int worst = size > 1 ? max_of_all(status) : status;
    fflush(stdout);
    fflush(stderr);
    MPI_Finalize();
    active = false;
    return worst;
}

/* ---- a result as one message ---- */

/* The packed result of run idx: [int idx][ddb_run_result][n_gsi ddb_gsi_report][strings]. The
 * report's pointers mean nothing on another rank: its GSI reports and strings travel after it
 * (a GSI report's name, the sender's copy in gsi_names: not sent). */
typedef struct packed {
    char *buf;
    size_t len;
} packed;

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

/* Lay out (buf NULL: measure) the packed result; returns its length. */
static size_t lay_out(char *buf, int idx, const ddb_run_result *res)
{
    size_t gsi_bytes = res->report.n_gsi * sizeof *res->report.gsi;
    size_t at = sizeof idx + sizeof *res + gsi_bytes;
    if (buf) {
        memcpy(buf, &idx, sizeof idx);
        memcpy(buf + sizeof idx, res, sizeof *res);
        if (gsi_bytes)
            memcpy(buf + sizeof idx + sizeof *res, res->report.gsi, gsi_bytes);
    }
    at = put_string(buf, at, res->report.hot_key);
    at = put_string(buf, at, res->name);
    return put_string(buf, at, res->pk);
}

static packed pack(int idx, const ddb_run_result *res)
{
    packed p = {NULL, lay_out(NULL, idx, res)};
    p.buf = ddb_xmalloc(p.len);
    lay_out(p.buf, idx, res);
    return p;
}

/* Unpack into results[its index]; false for a message that does not fit the sweep. */
static bool unpack(const char *buf, size_t len, ddb_run_result *results, size_t n_runs)
{
    int idx;
    if (len < sizeof idx + sizeof *results)
        return false;
    memcpy(&idx, buf, sizeof idx);
    if (idx < 0 || (size_t)idx >= n_runs)
        return false;
    ddb_run_result *res = &results[idx];
    memcpy(res, buf + sizeof idx, sizeof *res);
    size_t at = sizeof idx + sizeof *res, gsi_bytes = res->report.n_gsi * sizeof *res->report.gsi;
    res->report.gsi = NULL;
    res->gsi_names = NULL; /* the sender's copies: not sent, as the names they are */
    if (gsi_bytes && len >= at + gsi_bytes) {
        res->report.gsi = ddb_xmalloc(gsi_bytes);
        memcpy(res->report.gsi, buf + at, gsi_bytes);
        for (size_t i = 0; i < res->report.n_gsi; i++)
            res->report.gsi[i].name = NULL;
        at += gsi_bytes;
    } else {
        res->report.n_gsi = 0;
    }
    res->report.hot_key = get_string(buf, len, &at);
    res->name = get_string(buf, len, &at);
    res->pk = get_string(buf, len, &at);
    return true;
}

/* ---- every rank runs its share ---- */

/* Run idx of w alone, on this thread: the same runner as the threaded sweep's. */
static int run_index(const ddb_sweep *w, size_t idx, ddb_run_result *res, char *err, size_t errlen)
{
    ddb_sweep one = {(ddb_run_spec *)&w->runs[idx], 1, 1};
    ddb_sweep_options opt = {1, NULL, NULL};
    return ddb_sweep_run(&one, &opt, res, err, errlen);
}

/* Sends in flight, each with its buffer, completed (without spinning) before the rank returns. */
typedef struct outbox {
    MPI_Request *req;
    char **buf;
    size_t n, cap;
} outbox;

static void post(outbox *o, char *buf, size_t len, int tag)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 16;
        o->req = ddb_xrealloc(o->req, o->cap * sizeof *o->req);
        o->buf = ddb_xrealloc(o->buf, o->cap * sizeof *o->buf);
    }
    MPI_Isend(buf, (int)len, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &o->req[o->n]);
    o->buf[o->n++] = buf;
}

static void flush_outbox(outbox *o)
{
    for (size_t i = 0; i < o->n; i++) {
        wait_idle(&o->req[i]);
        free(o->buf[i]);
    }
    free(o->req);
    free(o->buf);
}

/* A rank other than 0: run every run idx with idx % size == rank, send each result (or the
 * first failure, then stop), then say done. */
static int work(const ddb_sweep *w, char *err, size_t errlen)
{
    outbox out = {0};
    int rc = 0;
    for (size_t idx = (size_t)rank; idx < w->n_runs; idx += (size_t)size) {
        ddb_run_result res;
        if (run_index(w, idx, &res, err, errlen) != 0) {
            size_t n = sizeof(int) + strlen(err) + 1;
            char *buf = ddb_xmalloc(n);
            int i = (int)idx;
            memcpy(buf, &i, sizeof i);
            memcpy(buf + sizeof i, err, n - sizeof i);
            post(&out, buf, n, TAG_FAIL);
            rc = -1;
            break;
        }
        packed p = pack((int)idx, &res);
        post(&out, p.buf, p.len, TAG_RESULT);
        ddb_sweep_results_free(&res, 1);
    }
    post(&out, ddb_xmalloc(1), 0, TAG_DONE);
    flush_outbox(&out);
    return rc;
}

/* Rank 0's view of the sweep: results arrived, failures, ranks done. */
typedef struct gather {
    const ddb_sweep *w;
    const ddb_sweep_options *o;
    ddb_run_result *results;
    bool *have;
    size_t done;
    int ranks_done;
    bool failed;
    size_t failed_at;          /* the failed run's index: the lowest is reported */
    char *err;
    size_t errlen;
} gather;

static void got_result(gather *g, size_t idx)
{
    g->have[idx] = true;
    g->done++;
    if (g->o->progress)
        g->o->progress(g->o->progress_ctx, g->done, g->w->n_runs);
}

static void got_failure(gather *g, size_t idx, const char *msg)
{
    if (!g->failed || idx < g->failed_at) {
        snprintf(g->err, g->errlen, "%s", msg);
        g->failed_at = idx;
    }
    g->failed = true;
}

/* Take one message that has arrived (st from MPI_Iprobe). */
static void receive(gather *g, const MPI_Status *st)
{
    int count = 0;
    MPI_Get_count(st, MPI_BYTE, &count);
    size_t len = count > 0 ? (size_t)count : 0;
    char *buf = ddb_xmalloc(len + 1);
    MPI_Recv(buf, count, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    buf[len] = '\0';
    int idx = -1;
    if (len >= sizeof idx)
        memcpy(&idx, buf, sizeof idx);
    if (st->MPI_TAG == TAG_DONE)
        g->ranks_done++;
    else if (st->MPI_TAG == TAG_FAIL && idx >= 0)
        got_failure(g, (size_t)idx, buf + sizeof idx);
    else if (st->MPI_TAG == TAG_RESULT && unpack(buf, len, g->results, g->w->n_runs))
        got_result(g, (size_t)idx);
    free(buf);
}

/* Take every message that has arrived; true when one did. */
static bool receive_arrived(gather *g)
{
    bool any = false;
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return any;
        receive(g, &st);
        any = true;
    }
}

/* Rank 0: run its own share (idx % size == 0), taking the others' results as they arrive between
 * runs, then wait for the rest, sleeping while nothing comes. */
static int serve(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                 char *err, size_t errlen)
{
    gather g = {w, o, results, ddb_xcalloc(w->n_runs ? w->n_runs : 1, sizeof *g.have), 0, 0,
                false, 0, err, errlen};
    char run_err[DDB_ERR_MAX];
    for (size_t idx = 0; idx < w->n_runs && !g.failed; idx += (size_t)size) {
        ddb_run_result res;
        if (run_index(w, idx, &res, run_err, sizeof run_err) != 0) {
            got_failure(&g, idx, run_err);
            break;
        }
        results[idx] = res;
        got_result(&g, idx);
        receive_arrived(&g);
    }
    const struct timespec idle = {0, IDLE_NS};
    while (g.ranks_done < size - 1)
        if (!receive_arrived(&g))
            nanosleep(&idle, NULL);
    for (size_t i = 0; i < w->n_runs && !g.failed; i++)
        if (!g.have[i])
            got_failure(&g, i, "ddbsim sweep: a run's result was lost between MPI ranks");
    if (g.failed)
        for (size_t i = 0; i < w->n_runs; i++)
            if (g.have[i])
                ddb_sweep_results_free(&results[i], 1);
    free(g.have);
    if (g.failed) {
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

/* ---- every rank gets every result ---- */

/* Rank 0's bytes to every rank, waiting without spinning. */
static void share_idle(void *buf, size_t len)
{
    DDB_CHECK(len <= INT_MAX, "%zu bytes to share between MPI ranks", len);
    MPI_Request r;
    MPI_Ibcast(buf, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD, &r);
    wait_idle(&r);
}

/* Rank 0's outcome to every rank: [status][length] then every packed result in order, or the
 * one-line error. */
static int share_outcome(int rc, const ddb_sweep *w, ddb_run_result *results, char *err,
                         size_t errlen)
{
    uint64_t head[2] = {(uint64_t)(rc != 0), 0};
    char *buf = NULL;
    if (rank == 0) {
        if (rc == 0) {
            for (size_t i = 0; i < w->n_runs; i++)
                head[1] += lay_out(NULL, (int)i, &results[i]);
            buf = ddb_xmalloc(head[1] ? head[1] : 1);
            size_t at = 0;
            for (size_t i = 0; i < w->n_runs; i++)
                at += lay_out(buf + at, (int)i, &results[i]);
        } else {
            head[1] = strlen(err) + 1;
            buf = ddb_xstrdup(err);
        }
    }
    share_idle(head, sizeof head);
    if (rank != 0)
        buf = ddb_xmalloc(head[1] ? head[1] : 1);
    share_idle(buf, (size_t)head[1]);
    if (rank != 0 && head[0] != 0)
        snprintf(err, errlen, "%s", buf);
    size_t at = 0;
    for (size_t i = 0; rank != 0 && head[0] == 0 && i < w->n_runs; i++) {
        /* each packed result's length: laid out again from what unpack read */
        DDB_CHECK(unpack(buf + at, (size_t)head[1] - at, results, w->n_runs),
                  "result %zu of %zu shared between MPI ranks", i, w->n_runs);
        at += lay_out(NULL, (int)i, &results[i]);
    }
    free(buf);
    return head[0] != 0 ? -1 : 0;
}

int ddb_mpi_sweep_run_all(const ddb_sweep *w, const ddb_sweep_options *o,
                          ddb_run_result *results, char *err, size_t errlen)
{
    if (!active || size < 2)
        return ddb_sweep_run(w, o, results, err, errlen);
    char mine[DDB_ERR_MAX];
    int rc = rank == 0 ? serve(w, o, results, err, errlen) : work(w, mine, sizeof mine);
    if (rank != 0)
        memset(results, 0, w->n_runs * sizeof *results);
    return share_outcome(rank == 0 ? rc : 0, w, results, err, errlen);
}
