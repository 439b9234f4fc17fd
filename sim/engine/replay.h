/* replay — a trace read a few requests ahead of the simulation, so that the key-table memory each
 * request will touch is already being fetched when its turn comes.
 *
 * Replay looks every key up by its hash (keys are strings), and with many keys each lookup misses
 * the cache three times in a row: the slot, the entry, the entry's name. Reading REPLAY_AHEAD
 * requests ahead lets those misses overlap: a request's slot is fetched when it is read, its entry
 * a few requests later, its name a few after that (sim/model/keytab.h's prefetch helpers).
 *
 * Reading stops at the first request at or after end_ns (the run's end), so a malformed line
 * beyond the run is never read, as when reading one line at a time. A read error is held until
 * the requests before it have been taken.
 */
#ifndef DDB_REPLAY_H
#define DDB_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/keytab.h"
#include "workloads/template.h"
#include "workloads/trace.h"

#define DDB_REPLAY_AHEAD 8

typedef struct ddb_replay_req {
    ddb_trace_req r;            /* r.key points at key */
    uint64_t hash;              /* ddb_key_hash of the key */
    char key[DDB_KEY_MAX_BYTES];
} ddb_replay_req;

typedef struct ddb_replay {
    ddb_trace *trace;
    const ddb_keytab *keys;     /* borrowed: only prefetched from */
    int64_t end_ns;
    ddb_replay_req ring[DDB_REPLAY_AHEAD];
    size_t head, n;
    bool done;                  /* nothing more will be read */
    bool error;                 /* ... because of this error, in err */
    char err[1024];
} ddb_replay;

/* Open the trace. Returns the reader (free with ddb_replay_free), or NULL with one line in err. */
ddb_replay *ddb_replay_new(const ddb_trace_spec *spec, const ddb_keytab *keys, int64_t end_ns,
                           char *err, size_t errlen);
/* The next request, valid until ddb_replay_pop; NULL at the end (of the trace, or of the run) or
 * on an error, which is then copied into err and *failed set. */
const ddb_replay_req *ddb_replay_peek(ddb_replay *p, bool *failed, char *err, size_t errlen);
/* Done with the request peek returned. */
void ddb_replay_pop(ddb_replay *p);
const ddb_trace *ddb_replay_trace(const ddb_replay *p);
void ddb_replay_free(ddb_replay *p);

#endif
