/* out_csv — CSV rows. See out_csv.h. */
#include "sim/output/out_csv.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/output/schema.h"

/* ---- text built in memory ----
 * Numbers are formatted into a buffer by hand and written with one fwrite: printf's format
 * parsing and stdio's locking per call cost several times a row itself, and partitions.csv has
 * one row per partition per interval (10,000 partitions at 1 s intervals: 10,000 rows a simulated
 * second). The text is the same as "%" PRIu64 and the milli format below would give. */

typedef struct rowbuf {
    FILE *f;
    size_t n, cap;
    char *buf;
} rowbuf;

/* A buffer on the stack for one field. */
#define SMALL_ROWBUF(name, file)                                                                  \
    char name##_mem[64];                                                                          \
    rowbuf name = {(file), 0, sizeof name##_mem, name##_mem}

/* Longest number text: a sign, 20 digits, a point and three decimals, and a separator. */
enum { NUMBER_MAX = 26 };

static void rb_flush(rowbuf *b)
{
    fwrite(b->buf, 1, b->n, b->f);
    b->n = 0;
}

static char *rb_room(rowbuf *b, size_t n)
{
    if (b->cap - b->n < n)
        rb_flush(b);
    return b->buf + b->n;
}

static void rb_char(rowbuf *b, char c) { *rb_room(b, 1) = c, b->n++; }

static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                            "31323334353637383940414243444546474849505152535455565758596061"
                            "62636465666768697071727374757677787980818283848586878889909192"
                            "93949596979899";

/* x < 10,000 at p (room for 4 characters); returns the end. Without a branch on the number of
 * digits (most numbers of a row are this short, and of every length, which a branch would
 * mispredict): the four digits are formed in a register, the leading zeros shifted out. */
static inline __attribute__((always_inline)) char *digits4(char *p, uint32_t x)
{
    int n = 1 + (x >= 10) + (x >= 100) + (x >= 1000);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint16_t hi, lo;
    memcpy(&hi, pairs + 2 * (x / 100), 2);
    memcpy(&lo, pairs + 2 * (x % 100), 2);
    uint32_t text = ((uint32_t)hi | (uint32_t)lo << 16) >> (8 * (4 - n)); /* first char lowest */
    memcpy(p, &text, 4);
#else
    char four[4];
    memcpy(four, pairs + 2 * (x / 100), 2);
    memcpy(four + 2, pairs + 2 * (x % 100), 2);
    memcpy(p, four + 4 - n, (size_t)n);
#endif
    return p + n;
}

/* x >= 10,000 in decimal at p (room for NUMBER_MAX); returns the end. The digits are counted
 * first and written from the last, two at a time. */
static __attribute__((noinline)) char *digits_long(char *p, uint64_t x)
{
    int n = 5;
    for (uint64_t pow = 100000; n < 20 && x >= pow; pow *= 10)
        n++;
    char *end = p + n, *q = end;
    for (; x >= 100; x /= 100) {
        q -= 2;
        memcpy(q, pairs + 2 * (x % 100), 2);
    }
    if (x >= 10)
        memcpy(q - 2, pairs + 2 * x, 2);
    else
        q[-1] = (char)('0' + x);
    return end;
}

/* x in decimal at p (room for NUMBER_MAX); returns the end. */
static inline __attribute__((always_inline)) char *digits(char *p, uint64_t x)
{
    return x < 10000 ? digits4(p, (uint32_t)x) : digits_long(p, x);
}

static void rb_u64(rowbuf *b, uint64_t x)
{
    char *p = rb_room(b, NUMBER_MAX);
    b->n = (size_t)(digits(p, x) - b->buf);
}

/* ddb_csv_milli's text at p (room for NUMBER_MAX): the whole part, then up to three decimals
 * without trailing zeros; returns the end. */
static __attribute__((noinline)) char *put_milli_long(char *p, int64_t milli)
{
    uint64_t mag = (uint64_t)milli; /* unsigned, so that INT64_MIN negates without overflow */
    if (milli < 0) {
        *p++ = '-';
        mag = 0 - mag;
    }
    uint64_t frac = mag % 1000;
    p = digits(p, mag / 1000);
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 100);
        if (frac % 100) {
            *p++ = (char)('0' + frac / 10 % 10);
            if (frac % 10)
                *p++ = (char)('0' + frac % 10);
        }
    }
    return p;
}

static inline __attribute__((always_inline)) char *put_milli(char *p, int64_t milli)
{
    if (milli < 0 || milli >= 10000000)
        return put_milli_long(p, milli);
    /* under 10,000 units: without a branch on the text */
    uint32_t whole = (uint32_t)milli / 1000, frac = (uint32_t)milli % 1000;
    p = digits4(p, whole);
    p[0] = '.';
    p[1] = (char)('0' + frac / 100);
    memcpy(p + 2, pairs + 2 * (frac % 100), 2);
    /* ".ddd" without its trailing zeros, nothing for none */
    return p + (frac != 0) * (2 + (frac % 100 != 0) + (frac % 10 != 0));
}

static void rb_milli(rowbuf *b, int64_t milli)
{
    b->n = (size_t)(put_milli(rb_room(b, NUMBER_MAX), milli) - b->buf);
}

/* ddb_csv_field's text. */
static void rb_field(rowbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        size_t len = strlen(s);
        if (len > b->cap) { /* longer than the buffer: written as it is */
            rb_flush(b);
            fwrite(s, 1, len, b->f);
            return;
        }
        memcpy(rb_room(b, len), s, len);
        b->n += len;
        return;
    }
    rb_char(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            rb_char(b, '"');
        rb_char(b, *s);
    }
    rb_char(b, '"');
}

void ddb_csv_milli(FILE *f, int64_t milli)
{
    SMALL_ROWBUF(b, f);
    rb_milli(&b, milli);
    rb_flush(&b);
}

/* Seconds from nanoseconds, to the millisecond (intervals are whole milliseconds). */
static void write_t_s(FILE *f, int64_t t_ns) { ddb_csv_milli(f, t_ns / 1000000); }

void ddb_csv_field(FILE *f, const char *s)
{
    SMALL_ROWBUF(b, f);
    rb_field(&b, s);
    rb_flush(&b);
}

void ddb_csv_timeseries_header(FILE *f) { ddb_schema_header(f, &ddb_schema_timeseries); }

static void write_latency(FILE *f, const ddb_quantile *q, double quantile)
{
    if (q->count > 0)
        fprintf(f, "%.3f", ddb_quantile_value(q, quantile) / 1e6);
}

static void write_u64(FILE *f, uint64_t x)
{
    SMALL_ROWBUF(b, f);
    rb_u64(&b, x);
    rb_flush(&b);
}

/* Each column in the schema's order: a column the schema adds does not compile until it has a
 * case here (-Wswitch). */
void ddb_csv_timeseries_row(FILE *f, const ddb_ts_row *row)
{
    const ddb_counters *c = row->c;
    for (int col = 0; col < DDB_TS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_ts_col)col) {
        case DDB_TS_T_S: write_t_s(f, row->t_ns); break;
        case DDB_TS_INDEX: ddb_csv_field(f, row->index); break;
        case DDB_TS_READ_REQUESTS: write_u64(f, c->requests[DDB_READ]); break;
        case DDB_TS_WRITE_REQUESTS: write_u64(f, c->requests[DDB_WRITE]); break;
        case DDB_TS_READ_THROTTLES: write_u64(f, c->throttles[DDB_READ]); break;
        case DDB_TS_WRITE_THROTTLES: write_u64(f, c->throttles[DDB_WRITE]); break;
        case DDB_TS_CONSUMED_RCU: ddb_csv_milli(f, c->consumed_milli[DDB_READ]); break;
        case DDB_TS_CONSUMED_WCU: ddb_csv_milli(f, c->consumed_milli[DDB_WRITE]); break;
        case DDB_TS_PROVISIONED_RCU: ddb_csv_milli(f, row->provisioned_milli[DDB_READ]); break;
        case DDB_TS_PROVISIONED_WCU: ddb_csv_milli(f, row->provisioned_milli[DDB_WRITE]); break;
        case DDB_TS_RETRIES: write_u64(f, c->retries); break;
        case DDB_TS_LATENCY_P50_MS: write_latency(f, row->latency, 0.50); break;
        case DDB_TS_LATENCY_P99_MS: write_latency(f, row->latency, 0.99); break;
        case DDB_TS_THROTTLES:
            for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++) {
                if (r > 1)
                    fputc(',', f);
                write_u64(f, c->by_reason[DDB_READ][r] + c->by_reason[DDB_WRITE][r]);
            }
            break;
        case DDB_TS_FAILED: write_u64(f, c->failed); break;
        case DDB_TS_LOGICAL_REQUESTS: write_u64(f, c->arrivals); break;
        case DDB_TS_SUCCEEDED: write_u64(f, c->succeeded); break;
        case DDB_TS_UNPROCESSED_ITEMS: write_u64(f, c->unprocessed_items); break;
        case DDB_TS_ITEM_COLLECTION_SIZE_LIMIT: write_u64(f, c->item_collection_size_limit); break;
        case DDB_TS_TX_CANCELLED_THROTTLING: write_u64(f, c->tx_cancelled_throttling); break;
        case DDB_TS_TX_CANCELLED_CONFLICT: write_u64(f, c->tx_cancelled_conflict); break;
        case DDB_TS_TX_CONFLICTS: write_u64(f, c->tx_conflict_items); break;
        case DDB_TS_TX_CONFLICT_EXCEPTIONS: write_u64(f, c->tx_conflict_writes); break;
        case DDB_TS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_partitions_header(FILE *f) { ddb_schema_header(f, &ddb_schema_partitions); }

/* Index names up to this long have their rows' first two fields formatted once an interval. */
enum { PREFIX_INDEX_MAX = 63 };
/* The longest prefix, which room is made for ahead of each row; one up to PREFIX_SHORT bytes long
 * (an interval and "table": most) is copied as that fixed size, a few moves, not a call to
 * memcpy for its length. */
enum { PREFIX_MAX = 2 * PREFIX_INDEX_MAX + 2 + 2 * NUMBER_MAX, PREFIX_SHORT = 32 };
/* Rows are written out in blocks this large: fewer write calls than stdio's page-sized buffer
 * makes, while the block still sits in the caches when it is written. */
enum { PARTS_BLOCK = 65536 };

struct ddb_csv_parts {
    rowbuf b;
    bool have_prefix;
    int64_t t_ns;                        /* the prefix's interval */
    const char *index_at;                /* and index: the caller's pointer, compared first */
    char index[PREFIX_INDEX_MAX + 1];    /* and its text */
    size_t prefix_len;
    char prefix[PREFIX_MAX];
    /* Texts by a number x below 1,000, 4 bytes each. A row has up to seven numbers: looking a
     * text up is a load where forming it is several dependent steps.
     *   small[x]: x in decimal, its length in the last byte;
     *   three[x]: x in three digits, with leading zeros (a 4-digit number's last three);
     *   frac[x]: x thousandths as put_milli's decimals, ".ddd" without trailing zeros (nothing
     *            for none), their length in frac_len[x]. */
    char small[1000][4], three[1000][4], frac[1000][4];
    uint8_t frac_len[1000];
    char block[PARTS_BLOCK];
};

/* The text of a row starts with its interval and its index (checked here, so that a schema that
 * moved them does not compile). */
_Static_assert(DDB_PARTS_T_S == 0 && DDB_PARTS_INDEX == 1, "partitions.csv starts with t_s,index");

ddb_csv_parts *ddb_csv_partitions_new(FILE *f)
{
    ddb_csv_parts *w = ddb_xmalloc(sizeof *w);
    w->b = (rowbuf){f, 0, sizeof w->block, w->block};
    w->have_prefix = false;
    memset(w->small, 0, sizeof w->small);
    memset(w->three, 0, sizeof w->three);
    memset(w->frac, 0, sizeof w->frac);
    for (uint32_t x = 0; x < 1000; x++) {
        char text[NUMBER_MAX];
        size_t len = (size_t)(digits4(text, x) - text);
        memcpy(w->small[x], text, len);
        w->small[x][3] = (char)len;
        digits4(text, 1000 + x); /* "1ddd" */
        memcpy(w->three[x], text + 1, 3);
        len = (size_t)(put_milli(text, x) - text) - 1; /* 0.ddd, after its "0" */
        memcpy(w->frac[x], text + 1, len);
        w->frac_len[x] = (uint8_t)len;
    }
    return w;
}

void ddb_csv_partitions_flush(ddb_csv_parts *w) { rb_flush(&w->b); }

void ddb_csv_partitions_free(ddb_csv_parts *w) { free(w); }

/* t_s,index, for an index name short enough to keep (else false). The rows of one table and
 * interval come with the same index pointer: a pointer that matches spares the comparison. */
static bool cached_prefix(ddb_csv_parts *w, int64_t t_ns, const char *index)
{
    if (w->have_prefix && w->t_ns == t_ns && (w->index_at == index || strcmp(w->index, index) == 0))
        return true;
    size_t len = strlen(index);
    if (len > PREFIX_INDEX_MAX)
        return false;
    memcpy(w->index, index, len + 1);
    w->index_at = index;
    w->t_ns = t_ns;
    rowbuf p = {NULL, 0, sizeof w->prefix, w->prefix}; /* never flushes: it has the room */
    rb_milli(&p, t_ns / 1000000);
    rb_char(&p, ',');
    rb_field(&p, index);
    rb_char(&p, ',');
    w->prefix_len = p.n;
    w->have_prefix = true;
    return true;
}

/* digits' text, from w's tables below 10,000 (room for NUMBER_MAX at p); returns the end. */
static inline __attribute__((always_inline)) char *parts_digits(const ddb_csv_parts *w, char *p,
                                                                uint64_t x)
{
    if (x < 1000) {
        memcpy(p, w->small[x], 4);
        return p + w->small[x][3];
    }
    if (x < 10000) {
        *p = (char)('0' + x / 1000);
        memcpy(p + 1, w->three[x % 1000], 4);
        return p + 4;
    }
    return digits_long(p, x);
}

/* put_milli's text, from w's tables (room for NUMBER_MAX at p); returns the end. */
static inline __attribute__((always_inline)) char *parts_milli(const ddb_csv_parts *w, char *p,
                                                               int64_t milli)
{
    if (milli < 0 || milli >= 10000000)
        return put_milli_long(p, milli);
    uint32_t frac = (uint32_t)milli % 1000;
    p = parts_digits(w, p, (uint64_t)milli / 1000);
    memcpy(p, w->frac[frac], 4);
    return p + w->frac_len[frac];
}

/* The rest of a row is written column by column in the schema's order, checked here. */
_Static_assert(DDB_PARTS_PARTITION == 2 && DDB_PARTS_CONSUMED_RCU == 3 &&
                   DDB_PARTS_CONSUMED_WCU == 4 && DDB_PARTS_READ_THROTTLES == 5 &&
                   DDB_PARTS_WRITE_THROTTLES == 6 && DDB_PARTS_BURST_RCU == 7 &&
                   DDB_PARTS_BURST_WCU == 8 && DDB_PARTS_N == 9,
               "partitions.csv's columns are partition, four counters, two burst amounts");

/* A row after its prefix: the partition, its four counters and two burst amounts (a number and
 * a separator each) and the newline. */
enum { PARTS_TAIL_MAX = (DDB_PARTS_N - DDB_PARTS_INDEX - 1) * NUMBER_MAX + 1 };

void ddb_csv_partitions_row(ddb_csv_parts *w, int64_t t_ns, const char *index, size_t partition,
                            const ddb_part_counters *c, const int64_t burst_milli[2])
{
    rowbuf *b = &w->b;
    char *p;
    if (cached_prefix(w, t_ns, index)) {
        p = rb_room(b, PREFIX_MAX + PARTS_TAIL_MAX);
        if (w->prefix_len <= PREFIX_SHORT)
            memcpy(p, w->prefix, PREFIX_SHORT);
        else
            memcpy(p, w->prefix, w->prefix_len);
        p += w->prefix_len;
    } else {
        rb_milli(b, t_ns / 1000000);
        rb_char(b, ',');
        rb_field(b, index);
        rb_char(b, ',');
        p = rb_room(b, PARTS_TAIL_MAX);
    }
    /* The rest is numbers, written without a check each: the room is made above. */
    p = parts_digits(w, p, partition);
    bool refused = (c->throttles[0] | c->throttles[1]) != 0;
    if ((c->consumed_milli[0] | c->consumed_milli[1]) == 0 && !refused) {
        memcpy(p, ",0,0,0,0,", 9); /* a partition nothing reached in the interval */
        p += 9;
    } else {
        *p++ = ',';
        p = parts_milli(w, p, c->consumed_milli[DDB_READ]);
        *p++ = ',';
        p = parts_milli(w, p, c->consumed_milli[DDB_WRITE]);
        if (!refused) { /* most rows */
            memcpy(p, ",0,0,", 5);
            p += 5;
        } else {
            *p++ = ',';
            p = parts_digits(w, p, c->throttles[DDB_READ]);
            *p++ = ',';
            p = parts_digits(w, p, c->throttles[DDB_WRITE]);
            *p++ = ',';
        }
    }
    p = parts_milli(w, p, burst_milli[DDB_READ]);
    *p++ = ',';
    p = parts_milli(w, p, burst_milli[DDB_WRITE]);
    *p++ = '\n';
    b->n = (size_t)(p - b->buf);
}

void ddb_csv_keys_header(FILE *f) { ddb_schema_header(f, &ddb_schema_keys); }

void ddb_csv_keys_row(FILE *f, const char *kind, size_t rank, const char *index,
                      const ddb_keytab *k, const ddb_keystat *e)
{
    const ddb_keyoffer *offer = &k->offers[e - k->entries];
    for (int col = 0; col < DDB_KEYS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_keys_col)col) {
        case DDB_KEYS_KIND: fputs(kind, f); break;
        case DDB_KEYS_RANK: fprintf(f, "%zu", rank); break;
        case DDB_KEYS_INDEX: ddb_csv_field(f, index); break;
        case DDB_KEYS_KEY: ddb_csv_field(f, ddb_keytab_name(k, e)); break;
        case DDB_KEYS_REQUESTS: write_u64(f, e->requests); break;
        case DDB_KEYS_THROTTLES: write_u64(f, e->throttles); break;
        case DDB_KEYS_CONSUMED_RCU: ddb_csv_milli(f, e->consumed_rcu_milli); break;
        case DDB_KEYS_CONSUMED_WCU: ddb_csv_milli(f, e->consumed_wcu_milli); break;
        case DDB_KEYS_OFFERED_RCU: ddb_csv_milli(f, offer->first_milli[DDB_READ]); break;
        case DDB_KEYS_OFFERED_WCU: ddb_csv_milli(f, offer->first_milli[DDB_WRITE]); break;
        case DDB_KEYS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_events_header(FILE *f) { ddb_schema_header(f, &ddb_schema_events); }

void ddb_csv_events_row(FILE *f, int64_t t_ns, const char *index, const char *kind,
                        uint32_t partition, const char *detail)
{
    for (int col = 0; col < DDB_EVENTS_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_events_col)col) {
        case DDB_EVENTS_T_S: write_t_s(f, t_ns); break;
        case DDB_EVENTS_INDEX: ddb_csv_field(f, index); break;
        case DDB_EVENTS_KIND: ddb_csv_field(f, kind); break;
        case DDB_EVENTS_PARTITION:
            if (partition != UINT32_MAX)
                fprintf(f, "%" PRIu32, partition);
            break;
        case DDB_EVENTS_DETAIL: ddb_csv_field(f, detail); break;
        case DDB_EVENTS_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_latency_header(FILE *f) { ddb_schema_header(f, &ddb_schema_latency); }

static void latency_row(FILE *f, const char *op, double latency_ms, double fraction)
{
    for (int col = 0; col < DDB_LATENCY_N; col++) {
        if (col)
            fputc(',', f);
        switch ((enum ddb_latency_col)col) {
        case DDB_LATENCY_OP: fputs(op, f); break;
        case DDB_LATENCY_LATENCY_MS: fprintf(f, "%.3f", latency_ms); break;
        case DDB_LATENCY_CUMULATIVE_FRACTION: fprintf(f, "%.6f", fraction); break;
        case DDB_LATENCY_N: break;
        }
    }
    fputc('\n', f);
}

void ddb_csv_latency_rows(FILE *f, const char *op, const ddb_quantile *q)
{
    uint64_t seen = 0;
    for (unsigned b = 0; b < DDB_QUANTILE_BUCKETS; b++) {
        if (!q->buckets[b])
            continue;
        seen += q->buckets[b];
        latency_row(f, op, ddb_quantile_bucket_high(b) / 1e6, (double)seen / (double)q->count);
    }
}
