/* replay — see replay.h. */
#include "sim/engine/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/model/keyspace.h"

/* How many requests before its turn a request's entry, then its name, is fetched: far enough
 * for the previous fetch to have arrived, near enough not to be evicted. */
#define ENTRY_AHEAD 4
#define NAME_AHEAD 2

static ddb_replay_req *at(ddb_replay *p, size_t i)
{
    return &p->ring[(p->head + i) % DDB_REPLAY_AHEAD];
}

/* Read into the ring until it is full or the trace (or the run) ends. */
static void fill(ddb_replay *p)
{
    while (!p->done && p->n < DDB_REPLAY_AHEAD) {
        ddb_replay_req *q = at(p, p->n);
        int rc = ddb_trace_next(p->trace, &q->r, p->err, sizeof p->err);
        if (rc <= 0) {
            p->done = true;
            p->error = rc < 0;
            return;
        }
        memcpy(q->key, q->r.key, q->r.key_len);
        q->r.key = q->key;
        q->hash = ddb_key_hash(q->key, q->r.key_len);
        p->n++;
        if (q->r.t_ns >= p->end_ns) /* the first request past the run: read no further */
            p->done = true;
        else if (q->r.op != DDB_OP_SCAN)
            ddb_keytab_prefetch_slot(p->keys, q->hash);
    }
}

ddb_replay *ddb_replay_new(const ddb_trace_spec *spec, const ddb_keytab *keys, int64_t end_ns,
                           char *err, size_t errlen)
{
    ddb_trace *t = ddb_trace_open(spec, err, errlen);
    if (!t)
        return NULL;
    ddb_replay *p = ddb_xcalloc(1, sizeof *p);
    p->trace = t;
    p->keys = keys;
    p->end_ns = end_ns;
    return p;
}

const ddb_replay_req *ddb_replay_peek(ddb_replay *p, bool *failed, char *err, size_t errlen)
{
    fill(p);
    if (p->n == 0 || at(p, 0)->r.t_ns >= p->end_ns) {
        if (p->n == 0 && p->error) {
            *failed = true;
            snprintf(err, errlen, "%s", p->err);
        }
        return NULL;
    }
    if (p->n > ENTRY_AHEAD)
        ddb_keytab_prefetch_entry(p->keys, at(p, ENTRY_AHEAD)->hash);
    if (p->n > NAME_AHEAD)
        ddb_keytab_prefetch_name(p->keys, at(p, NAME_AHEAD)->hash);
    return at(p, 0);
}

void ddb_replay_pop(ddb_replay *p)
{
    p->head = (p->head + 1) % DDB_REPLAY_AHEAD;
    p->n--;
}

const ddb_trace *ddb_replay_trace(const ddb_replay *p)
{
    return p->trace;
}

void ddb_replay_free(ddb_replay *p)
{
    if (!p)
        return;
    ddb_trace_close(p->trace);
    free(p);
}
