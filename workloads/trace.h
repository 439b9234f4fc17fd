/* trace — reading a request trace from disk, one request per line, as a stream.
 *
 * Two formats:
 *   ddbsim   what `ddbsim gen` writes: a header row
 *              t_s,op,key,sort_key,item_bytes,consistency,index
 *            then one logical request per line. t_s: seconds since the start (at most nine
 *            decimals are exact to the nanosecond), non-decreasing. op: get, put, update, delete,
 *            query, scan (batch_write and batch_get lines are read as one of their items: put and
 *            get). key: the partition key (empty for scan), at most 2,048 bytes. item_bytes: the
 *            item's size, 1 .. 400 KB (query and scan: the page's, 1 .. 1 MB). consistency:
 *            eventual, strong, transactional or empty (the scenario's). index: empty or "table",
 *            or the name of one of the scenario's indexes, read with query: a global
 *            secondary index's line is a query on that index (key: the index's partition key
 *            value, hashed onto the index's partitions; eventually consistent only, as
 *            DynamoDB reads a GSI), a local secondary index's a query on the table (same
 *            partition key). RFC 4180 quoting.
 *   twitter  the public Twitter cache traces (twitter/cache-trace), no header:
 *              timestamp,key,key_size,value_size,client_id,operation,ttl
 *            timestamp in whole seconds; time runs from the first line's. get and gets are
 *            reads; set, add, replace, cas, append, prepend, incr and decr are writes (put);
 *            delete is a delete. The item size is the value size, at least 1 byte and capped
 *            at 400 KB (capped lines are counted).
 * Files may be gzip-compressed (read through zlib, which passes plain files through). Memory is
 * a fixed buffer, whatever the trace's length.
 *
 * A malformed line is an error "PATH:LINE: FIELD: what (got X, expected Y)", or with on_bad_line
 * skip it is counted and passed over.
 */
#ifndef DDB_TRACE_H
#define DDB_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include "workloads/ops.h"

enum ddb_trace_format { DDB_TRACE_DDBSIM, DDB_TRACE_TWITTER, DDB_TRACE_FORMAT_COUNT };
enum ddb_trace_bad_line { DDB_TRACE_BAD_ERROR, DDB_TRACE_BAD_SKIP, DDB_TRACE_BAD_COUNT };
extern const char *const ddb_trace_format_names[DDB_TRACE_FORMAT_COUNT];
extern const char *const ddb_trace_bad_line_names[DDB_TRACE_BAD_COUNT];

#define DDB_TRACE_HEADER "t_s,op,key,sort_key,item_bytes,consistency,index"

typedef struct ddb_trace_spec {
    char *path;                       /* owned */
    enum ddb_trace_format format;
    double speedup;                   /* > 0: times are divided by it */
    enum ddb_trace_bad_line on_bad_line;
    /* The indexes a line's index column may name besides "table", set by the scenario parser:
     * index_names[0 .. n_gsi_names) its GSIs in table.gsi order, then its LSIs. */
    const char **index_names;         /* owned by the scenario; the names are borrowed */
    size_t n_index_names, n_gsi_names;
} ddb_trace_spec;

/* One request. key points into the reader's buffer: valid until the next ddb_trace_next. */
typedef struct ddb_trace_req {
    int64_t t_ns;                     /* since the start, after speedup */
    enum ddb_op op;                   /* never a batch */
    const char *key;                  /* not NUL-terminated; empty for scan */
    size_t key_len;
    uint32_t item_bytes;              /* >= 1 */
    int consistency;                  /* enum ddb_consistency, or -1: the scenario's */
    int gsi;                          /* -1: the table (an LSI's query too); else a query on this
                                         GSI (op query, key its partition key) */
} ddb_trace_req;

typedef struct ddb_trace ddb_trace;

/* Open spec->path. Returns the reader, or NULL with "PATH: cannot read (reason)" (or a bad
 * header) in err. */
ddb_trace *ddb_trace_open(const ddb_trace_spec *spec, char *err, size_t errlen);
/* The next request: 1, 0 at the end, or -1 with one line in err (a bad line with on_bad_line
 * error, or a read error). */
int ddb_trace_next(ddb_trace *t, ddb_trace_req *out, char *err, size_t errlen);
/* Lines read so far (header excluded), lines skipped as bad, item sizes capped at 400 KB. */
uint64_t ddb_trace_lines(const ddb_trace *t);
uint64_t ddb_trace_skipped(const ddb_trace *t);
uint64_t ddb_trace_capped(const ddb_trace *t);
void ddb_trace_close(ddb_trace *t);

/* The time of the trace's last request (after speedup; 0 for an empty trace). For a plain file
 * whose bad lines are errors, only its first and last lines are read: a bad line in between is
 * then found by the reader that reaches it. Returns 0, or -1 with an error. */
int ddb_trace_span(const ddb_trace_spec *spec, int64_t *last_ns, char *err, size_t errlen);
/* Read every line: the time of the last request, as ddb_trace_span, or -1 with the first error. */
int ddb_trace_read_all(const ddb_trace_spec *spec, int64_t *last_ns, char *err, size_t errlen);

#endif
