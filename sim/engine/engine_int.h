/* engine_int — what the engine's files share, and nothing outside sim/engine may include: the
 * engine's state, a request between attempts, and the functions one file of the engine calls in
 * another (SQLite's *Int.h habit).
 *   engine.c   set-up, the loop, intervals, capacity that moves, the run
 *   draw.c     a new logical request: its operation, key, partition and cost
 *   request.c  attempts, responses, retries and the adaptive client's limiter
 *   transact.c a transaction's attempt: conflicts, its items admitted all or none
 *   report.c   the summary of a finished run and what its writers read
 *   aggregate.c the aggregated mode: slices of traffic admitted as counts
 */
#ifndef DDB_ENGINE_INT_H
#define DDB_ENGINE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "sim/engine/engine.h"
#include "sim/engine/replay.h"
#include "sim/engine/sink.h"
#include "sim/model/batch.h"
#include "sim/model/capacity.h"
#include "sim/model/client.h"
#include "sim/model/gsi.h"
#include "sim/model/keydraw.h"
#include "sim/model/keytab.h"
#include "sim/model/lsi.h"
#include "sim/model/tablerun.h"
#include "sim/model/txhold.h"
#include "sim/support/evq.h"
#include "workloads/rate.h"

/* The engine's own event kinds (the GSI module's are DDB_GSI_EV_*, from 16 on). */
enum {
    EV_ATTEMPT = 1, /* an attempt of a request already drawn: a retry */
    EV_CALLER = 2,  /* a closed-loop caller issues its next request */
    EV_LIMITER = 3  /* the adaptive client's limiter has a token for the first request waiting */
};

#define ENGINE_AHEAD 4 /* dense keys drawn in advance */
#define ENGINE_NEAR 2  /* ... their entries and partitions fetched this many requests ahead */
#define ENGINE_HASHED_AHEAD 8 /* hashed keys drawn, rendered and hashed in advance (draw.c) */
#define ENGINE_HASHED_KEY_BYTES 128 /* ... when the key's longest rendering fits in this */

/* A hashed key drawn in advance: its attribute's value and its key rendered at the time it was
 * drawn (the clock part's period `bucket` then). */
typedef struct hashed_ahead {
    uint64_t value, hash;
    int64_t bucket;
    uint32_t id;     /* its key table entry, when known from period_ids (then the key is not
                        rendered: id != DDB_KEYTAB_NONE) */
    bool resolved;   /* looked up in period_ids, and rendered if not found there */
    size_t len;
    char key[ENGINE_HASHED_KEY_BYTES];
} hashed_ahead;
#define ENGINE_PERIOD_IDS_MAX ((uint64_t)1 << 22) /* attribute values with an entry in period_ids */

/* A logical request between attempts. Single-item requests carry their key, partition and cost;
 * multi-item ones (batches, reads fanned out over shards: is_grouped) carry the id of the record
 * holding their unprocessed items. */
typedef struct request {
    enum ddb_op op;
    uint32_t number;          /* the attempt about to be made, 1 for the first */
    uint32_t last_retry_cost; /* what the retry quota lent for the latest retry */
    bool sent_ok;             /* the limiter already let this attempt go */
    uint32_t caller;          /* closed-loop caller + 1; 0 = open loop */
    uint32_t client;          /* which SDK client instance sends it */
    int64_t start_ns;         /* when the logical request was issued */
    uint32_t key_id;          /* single item: key table id; batch: batch record id */
    uint32_t partition;
    uint32_t gsi;             /* gsi_query: the index read */
    int64_t cost_milli;
} request;

static inline bool is_batch(enum ddb_op op)
{
    return op == DDB_OP_BATCH_WRITE || op == DDB_OP_BATCH_GET;
}

/* Attempts one client's adaptive limiter holds, first in first out, as blocked SDK callers (a
 * ring: sim/support/fifo.h). */
typedef struct waitq {
    request *items;
    size_t head, n, cap;
    bool armed;               /* an EV_LIMITER for this client is queued */
} waitq;

typedef struct ddb_aggregate ddb_aggregate; /* aggregate.c's state */

typedef struct engine {
    const ddb_scenario *s;
    ddb_tablerun base;        /* the base table */
    ddb_tablerun *tables[1 + DDB_GSI_MAX]; /* the base table, then each GSI's */
    size_t n_tables;
    ddb_keytab keys;
    ddb_evq q;
    ddb_arrivals arrivals;
    gsl_rng *rng_arrivals, *rng_mix, *rng_size;
    ddb_client *clients;      /* client.instances SDK clients */
    uint32_t next_client;     /* open loop: requests go to the clients in turn */
    ddb_batch_pool batches;   /* multi-item requests' records (sim/model/batch.h) */
    uint32_t grouped_ops;     /* bit op: is_grouped (draw.c sets it) */
    uint32_t fanout;          /* a get or query of the key reads this many shards (the random
                                 {shard:N} suffixes' product); 0: one key (no random suffix, or
                                 a trace, whose keys are given) */
    uint64_t ahead[ENGINE_AHEAD]; /* dense key numbers drawn in advance (draw.c) */
    size_t ahead_n, ahead_pos;    /* of ahead, or of hashed_ahead in the hashed key mode */
    hashed_ahead hashed_ahead[ENGINE_HASHED_AHEAD]; /* used when hashed_period_ns > 0 */
    int64_t hashed_period_ns;     /* the key's clock period; 0: hashed keys are not drawn ahead */
    size_t hashed_part;           /* the template part showing the attribute, when the others are
                                     rendered once a clock period (SIZE_MAX: the whole key each time) */
    int64_t affix_bucket;         /* the clock period the two below were rendered in (-1: none) */
    size_t prefix_len, suffix_len;
    uint64_t prefix_state;        /* the key hash's state over prefix (ddb_key_hash_more) */
    char prefix[ENGINE_HASHED_KEY_BYTES], suffix[ENGINE_HASHED_KEY_BYTES]; /* parts before, after */
    uint64_t *period_ids;         /* drawn ahead, per attribute value (when it has at most
                                     ENGINE_PERIOD_IDS_MAX values): the key table id of its key in
                                     a clock period, as (period + 1) << 32 | id; 0: none yet. A key
                                     is its value and its period, so within one its text, hash and
                                     entry are those found the first time (NULL: no such table) */
    waitq *waits;             /* per client: attempts its adaptive limiter holds */
    ddb_keydraw kd;           /* the base table's partition key */
    double mix_cdf[DDB_OP_COUNT];
    int single_op;            /* the only operation of the mix, or -1 */
    ddb_account account;      /* the account's quota, shared by the table's and GSIs' dynamics */
    int64_t dynamics_next_ns; /* the soonest of the tables' dynamics */
    size_t scan_cursor;
    uint64_t capped_items;
    uint64_t last_bytes;      /* the item (or page) size draw_cost last drew, for gen */
    const ddb_size_spec *size_of[DDB_OP_COUNT]; /* workload.item_bytes_by_op, else item_bytes */
    int64_t fixed_cost_milli[DDB_OP_COUNT]; /* a get's or write's cost when its size is fixed (no
                                                draw to make); -1 otherwise */
    const ddb_sink *sink;
    ddb_progress_fn progress; /* after each interval; may be NULL */
    void *progress_ctx;
    bool intervals;           /* the sink takes interval rows */
    bool requests;            /* the sink takes every logical request (gen) */
    ddb_replay *trace;        /* replay: the trace, read ahead */
    const ddb_replay_req *treq; /* the request being issued, or the next one */
    char *err;                /* a failure during the run (a bad trace line) goes here ... */
    size_t errlen;
    bool failed;              /* ... and stops it */
    bool stopped;             /* a signal arrived (sim/support/interrupt.h): the run stops */
    int64_t stopped_at_ns;    /* the run's throttle rate is certain to end over s->stop_above_rate:
                                 it stopped there (stop.c) */
    double stop_share;        /* the mix's share of logical requests in s->stop_dir; 0: the run
                                 cannot stop early (stop.c) */
    ddb_gsis gsis;            /* global secondary indexes (sim/model/gsi.h); n = 0 without */
    ddb_lsis lsis;            /* local secondary indexes (sim/model/lsi.h); n = 0 without */
    bool indexed;             /* the table has indexes: attempts take attempt_indexed */
    bool checked;             /* indexed, or transactions in the mix: attempts take attempt_checked */
    bool collection_full;     /* the last attempt was refused for its item collection's size */
    bool transactions;        /* transactions are in the mix: holds are kept and checked */
    bool hold_plain_writes;   /* transact_get is in the mix: plain writes hold their items too */
    ddb_txhold holds;         /* the items ongoing writes hold (transactions only) */
    ddb_table_undo *undo;     /* a transaction's admissions, to undo (transactions only) */
    ddb_gsi_plan *tx_plans;   /* a transaction's GSI plans, transact_items x gsis.n (with both) */
    ddb_aggregate *agg;       /* the aggregated mode's state; NULL when the run is exact */
    const char *exact_why;    /* aggregated asked for but refused: why (static text) */
} engine;

/* The end of the current output interval, at most the run's end. */
static inline int64_t ddb_engine_interval_end_ns(const engine *e)
{
    int64_t end = e->base.m.interval_start_ns + e->base.m.interval_ns;
    return end < e->s->duration_ns ? end : e->s->duration_ns;
}

/* A read fanned out over a random suffix's shards: each shard's read is its own request. */
static inline bool is_fanout(const engine *e, enum ddb_op op)
{
    return e->fanout && (op == DDB_OP_GET || op == DDB_OP_QUERY);
}

/* Requests whose items wait in a batch record: batches, fanned-out reads and transactions (one
 * bit per operation, set at set-up: the hot path tests one bit). */
static inline bool is_grouped(const engine *e, enum ddb_op op)
{
    return (e->grouped_ops >> op) & 1u;
}

/* draw.c */
/* A new logical request, from the rate profile or the trace (caller 0) or a closed-loop caller
 * (caller + 1): drawn, handed to the sink when it takes requests, and attempted. */
void ddb_engine_issue(engine *e, int64_t now_ns, uint32_t caller);
/* Set the mix's cumulative weights and the fixed costs (at set-up). */
void ddb_engine_draw_init(engine *e);
/* The aggregated mode's requests one by one, drawn at the slice's start and sent later: *q gets
 * operation op on dense key number key (or on keys the operation draws itself when key is
 * UINT64_MAX: its partition, cost and multi-item record), then ddb_engine_send_drawn issues it as
 * a new open-loop logical request at now_ns. */
void ddb_engine_draw_new(engine *e, int64_t now_ns, enum ddb_op op, uint64_t key, request *q);
void ddb_engine_send_drawn(engine *e, int64_t now_ns, const request *drawn);
/* Dense key number key's entry in the key table, created and named on first use. */
uint32_t ddb_engine_key_id(engine *e, uint64_t key, int64_t now_ns);

/* request.c */
/* Make attempt q->number now (see request.c). */
void ddb_engine_attempt(engine *e, int64_t now_ns, request *q);
/* An EV_ATTEMPT or EV_LIMITER event. */
void ddb_engine_on_attempt(engine *e, const ddb_event *ev);
void ddb_engine_on_limiter(engine *e, int64_t now_ns, uint32_t client);
/* A closed-loop caller's next request at t_ns (none at or past the end of the run). */
void ddb_engine_push_caller(engine *e, int64_t t_ns, uint32_t caller);

/* transact.c */
/* One attempt of transaction q (its items in batch record q->key_id); true when it committed. */
bool ddb_engine_attempt_transact(engine *e, int64_t now_ns, const request *q);
/* The committed transact_write q holds its items until done_ns (a transact_get holds nothing). */
void ddb_engine_hold_items(engine *e, const request *q, int64_t now_ns, int64_t done_ns);
/* A plain write of key_id at now_ns meets a transact_write's hold: counted, and true (the write
 * is refused with TransactionConflictException). */
bool ddb_engine_write_conflicts(engine *e, uint32_t key_id, int64_t now_ns);
/* The bookkeeping request.c and transact.c share. */
/* A write on a table with indexes in two steps, so that a transaction admits all its items before
 * any reaches an index: ddb_engine_index_admit charges the LSI entries (*cost_milli: the item's
 * cost_milli, tx = 2 for a transactional write, becomes the whole charge), checks the item
 * collection's limit, plans the GSI writes (back-pressure) and admits on the table;
 * ddb_engine_index_commit, once the write is admitted, sends the GSI writes planned last
 * (ddb_gsis_plan_restore first when another write was planned since) and grows the collection
 * (item_kb: the item's own size in 1 KB units; cost_milli: the whole charge). */
#define DDB_ENGINE_COLLECTION_FULL DDB_THROTTLE_REASON_COUNT /* not a throttle: fails for good */
enum ddb_throttle_reason ddb_engine_index_admit(engine *e, uint32_t key_id, enum ddb_op op, int tx,
                                                size_t partition, int64_t *cost_milli, int64_t now_ns);
void ddb_engine_index_commit(engine *e, uint32_t key_id, enum ddb_op op, int tx, int64_t item_kb,
                             int64_t cost_milli, int64_t now_ns);
/* A write refused for its item collection's size (ItemCollectionSizeLimitExceededException): an
 * attempt sent, not a throttle; the request fails without a retry (ddb_engine_attempt reads
 * collection_full). */
void ddb_engine_collection_full(engine *e, bool retry);
void ddb_engine_count_offer(engine *e, uint32_t key_id, enum ddb_dir d, int64_t cost_milli, bool first);
void ddb_engine_count_key(engine *e, uint32_t key_id, enum ddb_dir d, int64_t cost_milli,
                          enum ddb_throttle_reason r);
uint32_t ddb_engine_current_partition(const engine *e, uint32_t key_id, uint32_t partition);

/* stop.c */
/* Whether the run may stop early (its scenario asks and its attempts are bounded). */
void ddb_engine_stop_init(engine *e);
/* At an interval's end: whether the throttle rate is now certain to end over the target. */
bool ddb_engine_stop_due(const engine *e);

/* aggregate.c */
/* Set up the aggregated mode (e->agg), or say why the scenario cannot run so (*why, static). */
bool ddb_engine_aggregate_init(engine *e, const char **why);
void ddb_engine_aggregate_destroy(engine *e);
/* When the next arrival (or the next slice) is due; INT64_MAX when none is before the end. */
int64_t ddb_engine_aggregate_next(const engine *e);
/* At that time: issue the arrival, or draw the slice. */
void ddb_engine_aggregate_step(engine *e, int64_t now_ns);
/* Before anything reads the key table (an interval's end, capacity that moves): the counts
 * admitted so far, attributed to the hottest keys. */
void ddb_engine_aggregate_attribute(engine *e, int64_t now_ns);
/* An attempt of q is queued for later (sign 1) or taken from the queue (sign -1): what it will
 * ask of each partition is reserved from the slices' counts. */
void ddb_engine_aggregate_queued(engine *e, const request *q, int sign);
/* Before an interval's rows: the counts' latencies, into the sketches. */
void ddb_engine_aggregate_latencies(engine *e);
/* The base table split: its keys are placed again. */
void ddb_engine_aggregate_split(engine *e);
/* The mode's own figures in the report. */
void ddb_engine_aggregate_report(const engine *e, ddb_report *r);

/* report.c */
void ddb_engine_build_report(const engine *e, ddb_report *r);
/* What the sink's `finish` reads (dyns: room for e->n_tables pointers, gsi_keys for one less). */
void ddb_engine_view(const engine *e, const ddb_report *r, const ddb_dynamics **dyns,
                     const ddb_keytab **gsi_keys, ddb_run_view *v);

#endif
