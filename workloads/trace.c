/* trace — see trace.h.
 *
 * Replay must keep up with the simulator (millions of lines a second), so a line is parsed in
 * place in one pass: a line of up to 64 bytes without quotes is cut at the commas of one bit mask
 * (found 16 or 8 bytes at a time), any other at commas found with memchr (quoted fields are
 * unescaped where they lie); times are read as integer nanoseconds without strtod (nine decimals
 * are exactly nanoseconds, and an integer never rounds), and nothing is allocated per line. The
 * buffer holds BUF_BYTES; a line longer than LINE_MAX_BYTES is an error, so memory never grows
 * with the file.
 */
#define _POSIX_C_SOURCE 200809L /* fseeko, ftello */
#include "workloads/trace.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"

#define BUF_BYTES (1u << 20)
#define SPLIT_FAST_MAX 64 /* lines this short are split by split_fast; also the buffer's slack */
#define LINE_MAX_BYTES (1u << 16)
/* A replayed time (after speedup) stays within a run's longest duration, a year. */
#define TRACE_MAX_NS (365.0 * 86400.0 * 1e9)
#define FIELDS 7               /* both formats have seven columns */
#define KEY_MAX_BYTES 2048u    /* DynamoDB's partition key limit */
#define ITEM_MAX_BYTES 409600u /* DynamoDB's item size limit */
#define PAGE_MAX_BYTES (1024u * 1024u)
#define SECONDS_MAX 9000000000ULL /* int64 nanoseconds reach 9.2e9 s */
#define SHOW_MAX 40

const char *const ddb_trace_format_names[DDB_TRACE_FORMAT_COUNT] = {"ddbsim", "twitter"};
const char *const ddb_trace_bad_line_names[DDB_TRACE_BAD_COUNT] = {"error", "skip"};

struct ddb_trace {
    gzFile gz;
    char *path;
    enum ddb_trace_format format;
    enum ddb_trace_bad_line on_bad_line;
    double speedup;
    const char *const *index_names; /* borrowed from the spec */
    size_t n_index_names, n_gsi_names;
    char *buf;
    size_t len, pos;            /* valid bytes in buf; start of the unread part */
    bool eof;
    uint64_t line_no;           /* of the line last read, header included */
    uint64_t lines, skipped, capped;
    bool have_base;
    int64_t base_ns, last_raw_ns; /* twitter: the first line's time; the previous line's */
    int64_t line_raw_ns;        /* this line's, until it is kept */
};

typedef struct span {
    char *p;
    size_t n;
} span;

enum { LINE_OK = 1, LINE_END = 0, LINE_ERROR = -1, LINE_BAD = -2 };

/* ---- lines ---- */

static int read_error(ddb_trace *t, char *err, size_t errlen)
{
    int code = 0;
    const char *what = gzerror(t->gz, &code);
    ddb_errorf(err, errlen, "%s: cannot read (%s)", t->path,
             code == Z_ERRNO ? strerror(errno) : what);
    return LINE_ERROR;
}

static char *find_newline(char *s, size_t avail);

/* The next line (without its \n or \r\n) in *line; LINE_END at the end of the file. */
static int next_line(ddb_trace *t, span *line, char *err, size_t errlen)
{
    for (;;) {
        char *s = t->buf + t->pos;
        size_t avail = t->len - t->pos;
        char *nl = find_newline(s, avail);
        if (nl || (t->eof && avail > 0)) {
            size_t n = nl ? (size_t)(nl - s) : avail;
            t->pos += nl ? n + 1 : n;
            if (n > 0 && s[n - 1] == '\r')
                n--;
            *line = (span){s, n};
            t->line_no++;
            return LINE_OK;
        }
        if (t->eof)
            return LINE_END;
        if (avail >= LINE_MAX_BYTES) {
            ddb_errorf(err, errlen, "%s:%llu: line too long (expected at most %u bytes)", t->path,
                     (unsigned long long)t->line_no + 1, LINE_MAX_BYTES);
            return LINE_ERROR;
        }
        memmove(t->buf, s, avail);
        t->len = avail;
        t->pos = 0;
        int got = gzread(t->gz, t->buf + t->len, (unsigned)(BUF_BYTES - t->len));
        if (got < 0)
            return read_error(t, err, errlen);
        t->eof = got == 0;
        t->len += (size_t)got;
    }
}

/* A quoted field at s[*pos] (the opening quote), unescaped in place into f. 0, or -1 when the
 * quote is not closed or is followed by something other than a comma. */
static int quoted(char *s, size_t n, size_t *pos, span *f)
{
    size_t r = *pos + 1, w = r;
    for (;;) {
        if (r >= n)
            return -1;
        if (s[r] == '"') {
            if (r + 1 < n && s[r + 1] == '"') {
                s[w++] = '"';
                r += 2;
                continue;
            }
            r++;
            break;
        }
        s[w++] = s[r++];
    }
    if (r < n && s[r] != ',')
        return -1;
    *f = (span){s + *pos + 1, w - *pos - 1};
    *pos = r;
    return 0;
}

/* BYTE_MASK(p, c): bit i set where p[i] == c, for the BYTE_MASK_STEP bytes at p. */
#if defined(__SSE2__)
#include <emmintrin.h>
/* Bit i set where p[i] == c, for the 16 bytes at p (x86-64 always has SSE2). */
static uint64_t byte_mask16(const char *p, char c)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}
#define BYTE_MASK_STEP 16
#define BYTE_MASK byte_mask16
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Bit i set where p[i] == c, for the 8 bytes at p, elsewhere: each byte compared at once (SWAR),
 * the byte-wise 0x80 flags then gathered into the low byte by one multiplication. */
static uint64_t byte_mask8(const char *p, char c)
{
    const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
    uint64_t x;
    memcpy(&x, p, 8);
    x ^= UINT64_C(0x0101010101010101) * (unsigned char)c; /* zero bytes where p[i] == c */
    uint64_t zero = ~(((x & low7) + low7) | x | low7);     /* 0x80 in each zero byte, exactly */
    return ((zero >> 7) * UINT64_C(0x0102040810204080)) >> 56;
}
#define BYTE_MASK_STEP 8
#define BYTE_MASK byte_mask8
#endif

/* The first '\n' of s[0 .. avail), or NULL. A line is usually shorter than SPLIT_FAST_MAX: those
 * bytes are searched by one mask (the buffer has that much slack after its data, and what lies
 * past avail is masked off), the rest by memchr. */
static char *find_newline(char *s, size_t avail)
{
#ifdef BYTE_MASK
    uint64_t found = 0;
    for (unsigned i = 0; i < SPLIT_FAST_MAX; i += BYTE_MASK_STEP)
        found |= BYTE_MASK(s + i, '\n') << i;
    if (avail < SPLIT_FAST_MAX)
        found &= (UINT64_C(1) << avail) - 1;
    if (found)
        return s + __builtin_ctzll(found);
    if (avail <= SPLIT_FAST_MAX)
        return NULL;
    return memchr(s + SPLIT_FAST_MAX, '\n', avail - SPLIT_FAST_MAX);
#else
    return memchr(s, '\n', avail);
#endif
}

#ifdef BYTE_MASK
/* split() for a line of at most SPLIT_FAST_MAX bytes without a quote: its commas are found
 * BYTE_MASK_STEP bytes at a time into one mask, so that cutting the fields costs no branch per
 * byte. The SPLIT_FAST_MAX bytes from the line's start are always read (the line lies in the
 * reader's buffer, which has that much slack after it): a fixed count, no loop exit to mispredict.
 * Returns what split() would, or 0 when the line is not for it. */
static int split_fast(span line, span f[FIELDS])
{
    if (line.n > SPLIT_FAST_MAX)
        return 0;
    uint64_t commas = 0, quotes = 0;
    for (unsigned i = 0; i < SPLIT_FAST_MAX; i += BYTE_MASK_STEP) {
        commas |= BYTE_MASK(line.p + i, ',') << i;
        quotes |= BYTE_MASK(line.p + i, '"') << i;
    }
    uint64_t in_line = line.n == 64 ? UINT64_MAX : (UINT64_C(1) << line.n) - 1;
    commas &= in_line;
    if (quotes & in_line)
        return 0;
    size_t pos = 0;
    for (int k = 0; k < FIELDS - 1; k++) {
        if (!commas)
            return k + 1;
        size_t end = (size_t)__builtin_ctzll(commas);
        commas &= commas - 1;
        f[k] = (span){line.p + pos, end - pos};
        pos = end + 1;
    }
    if (commas)
        return FIELDS + 1;
    f[FIELDS - 1] = (span){line.p + pos, line.n - pos};
    return FIELDS;
}
#else /* no fast way to find bytes: split() alone */
static int split_fast(span line, span f[FIELDS])
{
    (void)line;
    (void)f;
    return 0;
}
#endif

/* Split at commas into f[0..FIELDS-1]; returns the number of fields (FIELDS + 1: too many), or
 * -1 for a bad quote. */
static int split(span line, span f[FIELDS])
{
    int fast = split_fast(line, f);
    if (fast)
        return fast;
    size_t pos = 0;
    int count = 0;
    for (;;) {
        if (count == FIELDS)
            return FIELDS + 1;
        if (pos < line.n && line.p[pos] == '"') {
            if (quoted(line.p, line.n, &pos, &f[count]) < 0)
                return -1;
        } else {
            char *comma = memchr(line.p + pos, ',', line.n - pos);
            size_t end = comma ? (size_t)(comma - line.p) : line.n;
            f[count] = (span){line.p + pos, end - pos};
            pos = end;
        }
        count++;
        if (pos >= line.n)
            return count;
        pos++; /* past the comma: a field follows, maybe empty */
    }
}

/* ---- fields ---- */

/* Whether the field is the name s. The first byte is compared before the name's length is
 * taken: a field is checked against lists of names, and most differ there. */
static bool is(span f, const char *s)
{
    if (f.n == 0 || f.p[0] != s[0])
        return s[0] == '\0' && f.n == 0;
    size_t n = strlen(s);
    return f.n == n && memcmp(f.p, s, n) == 0;
}

/* A count: digits only, at most 19. */
static bool parse_u64(span f, uint64_t *v)
{
    if (f.n == 0 || f.n > 19)
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < f.n; i++) {
        unsigned d = (unsigned)(f.p[i] - '0');
        if (d > 9)
            return false;
        x = x * 10 + d;
    }
    *v = x;
    return true;
}

/* The 8 digits at p as a number, or -1 when one is not a digit: all eight checked and converted
 * at once (SWAR; on a little-endian machine the first digit is the low byte). */
static int64_t eight_digits(const char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t high = UINT64_C(0xf0f0f0f0f0f0f0f0);
    /* '0'..'9' are 0x30..0x39: high nibble 3, and adding 6 must not carry into it */
    uint64_t nibbles = (x & high) | (((x + UINT64_C(0x0606060606060606)) & high) >> 4);
    if (nibbles != UINT64_C(0x3333333333333333))
        return -1;
    x -= UINT64_C(0x3030303030303030);
    x = x * 10 + (x >> 8);                                   /* pairs of digits */
    x = ((x & UINT64_C(0x000000ff000000ff)) * (100 + (UINT64_C(1000000) << 32)) +
         ((x >> 16) & UINT64_C(0x000000ff000000ff)) * (1 + (UINT64_C(10000) << 32))) >> 32;
    return (int64_t)(uint32_t)x;
#else
    int64_t v = 0;
    for (int i = 0; i < 8; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9)
            return -1;
        v = v * 10 + d;
    }
    return v;
#endif
}

/* Seconds as "DIGITS[.DIGITS]" (at most nine decimals) into exact nanoseconds. The decimals are
 * read as one integer and scaled once (a division per digit would cost more than the rest of the
 * line); nine of them, as `ddbsim gen` writes, eight at once. */
static bool parse_ns(span f, int64_t *ns)
{
    if (f.n >= 10 && f.p[f.n - 10] == '.') {
        const char *dot = f.p + f.n - 10;
        int64_t frac8 = eight_digits(dot + 1);
        unsigned last = (unsigned)(dot[9] - '0');
        uint64_t s = 0;
        size_t i = 0, digits = f.n - 10;
        for (; i < digits && f.p[i] >= '0' && f.p[i] <= '9'; i++)
            s = s * 10 + (uint64_t)(f.p[i] - '0');
        if (frac8 >= 0 && last <= 9 && i == digits) {
            if (digits > 10 || s >= SECONDS_MAX)
                return false;
            *ns = (int64_t)(s * 1000000000u) + frac8 * 10 + last;
            return true;
        }
    }
    static const uint32_t scale[10] = {1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
                                       10000u,      1000u,      100u,      10u,      1u};
    size_t i = 0;
    uint64_t s = 0;
    uint32_t frac = 0;
    unsigned digits = 0, decimals = 0;
    for (; i < f.n && f.p[i] >= '0' && f.p[i] <= '9'; i++, digits++)
        s = s * 10 + (uint64_t)(f.p[i] - '0');
    if (digits > 10 || s >= SECONDS_MAX)
        return false;
    if (i < f.n && f.p[i] == '.') {
        for (i++; i < f.n && f.p[i] >= '0' && f.p[i] <= '9' && decimals < 9; i++, decimals++)
            frac = frac * 10 + (uint32_t)(f.p[i] - '0');
    }
    if (i != f.n || digits + decimals == 0)
        return false;
    *ns = (int64_t)(s * 1000000000u + (uint64_t)frac * scale[decimals]);
    return true;
}

/* A bad line's message: out of the parsing path (cold), so that the fields' checks inline. */
static __attribute__((cold, noinline)) int bad(ddb_trace *t, char *err, size_t errlen,
                                               const char *field, const char *what, span got,
                                               const char *expected)
{
    char shown[SHOW_MAX + 4];
    size_t n = got.n < SHOW_MAX ? got.n : SHOW_MAX;
    memcpy(shown, got.p, n); /* control characters: escaped by ddb_errorf */
    for (size_t i = 0; i < n; i++)
        if (shown[i] == '\0')
            shown[i] = ' ';
    memcpy(shown + n, got.n > SHOW_MAX ? "..." : "", got.n > SHOW_MAX ? 4 : 1);
    ddb_errorf(err, errlen, "%s:%llu: %s%s%s (got \"%s\", expected %s)", t->path,
             (unsigned long long)t->line_no, field, *field ? ": " : "", what, shown, expected);
    return LINE_BAD;
}

/* Times are relative to the format's origin and must not go back. */
static int take_time(ddb_trace *t, span f, const char *field, ddb_trace_req *out, char *err,
                     size_t errlen)
{
    int64_t raw;
    if (!parse_ns(f, &raw))
        return bad(t, err, errlen, field, "not a time", f,
                   "seconds such as 12.5, at most nine decimals, below 9e9");
    if (t->have_base && raw < t->last_raw_ns) {
        char want[64];
        snprintf(want, sizeof want, "at least %.9f, the previous line's", (double)t->last_raw_ns / 1e9);
        return bad(t, err, errlen, field, "goes back in time", f, want);
    }
    /* kept only once the whole line has parsed (ddb_trace_next): a skipped line sets nothing */
    t->line_raw_ns = raw;
    int64_t base = t->have_base ? t->base_ns : t->format == DDB_TRACE_TWITTER ? raw : 0;
    int64_t rel = raw - base;
    /* Compared before the conversion: a tiny speedup sends a time past any int64. */
    double t_ns = t->speedup == 1.0 ? (double)rel : (double)rel / t->speedup + 0.5;
    if (t_ns > TRACE_MAX_NS)
        return bad(t, err, errlen, field, "later than a year once divided by speedup", f,
                   "a time within a year of the first line's after speedup");
    out->t_ns = t->speedup == 1.0 ? rel : (int64_t)t_ns;
    return LINE_OK;
}

static int take_key(ddb_trace *t, span f, ddb_trace_req *out, char *err, size_t errlen)
{
    if (f.n > KEY_MAX_BYTES)
        return bad(t, err, errlen, "key", "longer than DynamoDB's partition key limit", f,
                   "at most 2048 bytes");
    if (f.n == 0 && out->op != DDB_OP_SCAN)
        return bad(t, err, errlen, "key", "empty", f, "a partition key");
    out->key = f.p;
    out->key_len = f.n;
    return LINE_OK;
}

/* ---- the ddbsim format ---- */

static int ddbsim_op(span f, enum ddb_op *op)
{
    for (int i = 0; i < DDB_OP_COUNT; i++)
        if (i != DDB_OP_GSI_QUERY && is(f, ddb_op_names[i])) { /* index reads: not replayed */
            *op = i == DDB_OP_BATCH_WRITE || i == DDB_OP_TRANSACT_WRITE ? DDB_OP_PUT
                  : i == DDB_OP_BATCH_GET || i == DDB_OP_TRANSACT_GET     ? DDB_OP_GET
                                                                          : (enum ddb_op)i;
            return 0;
        }
    return -1;
}

/* A line on one of the scenario's indexes (f[6] names it): a query, on a GSI eventually
 * consistent. */
static int index_line(ddb_trace *t, span *f, ddb_trace_req *out, char *err, size_t errlen)
{
    size_t i = 0;
    while (i < t->n_index_names && !is(f[6], t->index_names[i]))
        i++;
    if (i == t->n_index_names) {
        char want[600];
        size_t n = (size_t)snprintf(want, sizeof want, "table, empty or one of the scenario's indexes");
        for (size_t k = 0; k < t->n_index_names && n < sizeof want; k++)
            n += (size_t)snprintf(want + n, sizeof want - n, "%s %s", k ? "," : ":", t->index_names[k]);
        if (!t->n_index_names)
            snprintf(want, sizeof want, "table or empty: the scenario has no index");
        return bad(t, err, errlen, "index", "unknown index", f[6], want);
    }
    if (out->op != DDB_OP_QUERY)
        return bad(t, err, errlen, "op", "an index is read with query only", f[1], "query");
    if (i >= t->n_gsi_names) /* an LSI: the table's partition key, the table's partition */
        return LINE_OK;
    if (out->consistency == DDB_STRONG || out->consistency == DDB_TRANSACTIONAL)
        return bad(t, err, errlen, "consistency", "a global secondary index is read eventually "
                   "consistent only", f[5], "eventual or empty");
    out->gsi = (int)i;
    return LINE_OK;
}

static int ddbsim_line(ddb_trace *t, span *f, ddb_trace_req *out, char *err, size_t errlen)
{
    uint64_t bytes;
    int rc = take_time(t, f[0], "t_s", out, err, errlen);
    if (rc != LINE_OK)
        return rc;
    if (ddbsim_op(f[1], &out->op) < 0)
        return bad(t, err, errlen, "op", "unknown operation", f[1],
                   "get, put, update, delete, query, scan, batch_write or batch_get");
    if ((rc = take_key(t, f[2], out, err, errlen)) != LINE_OK)
        return rc;
    uint64_t max = out->op == DDB_OP_QUERY || out->op == DDB_OP_SCAN ? PAGE_MAX_BYTES : ITEM_MAX_BYTES;
    if (!parse_u64(f[4], &bytes) || bytes < 1 || bytes > max)
        return bad(t, err, errlen, "item_bytes", "not a size", f[4],
                   max == PAGE_MAX_BYTES ? "an integer from 1 to 1048576 (a page)"
                                         : "an integer from 1 to 409600");
    out->item_bytes = (uint32_t)bytes;
    out->consistency = -1;
    for (int c = 0; c < DDB_CONSISTENCY_COUNT && f[5].n && out->consistency < 0; c++)
        if (is(f[5], ddb_consistency_names[c]))
            out->consistency = c;
    if (f[5].n && out->consistency < 0)
        return bad(t, err, errlen, "consistency", "unknown value", f[5],
                   "eventual, strong, transactional or empty");
    out->gsi = -1;
    return f[6].n && !is(f[6], "table") ? index_line(t, f, out, err, errlen) : LINE_OK;
}

/* ---- the twitter format ---- */

static const struct {
    const char *name;
    enum ddb_op op;
} twitter_ops[] = {
    {"get", DDB_OP_GET},     {"gets", DDB_OP_GET},     {"set", DDB_OP_PUT},
    {"add", DDB_OP_PUT},     {"replace", DDB_OP_PUT},  {"cas", DDB_OP_PUT},
    {"append", DDB_OP_PUT},  {"prepend", DDB_OP_PUT},  {"incr", DDB_OP_PUT},
    {"decr", DDB_OP_PUT},    {"delete", DDB_OP_DELETE},
};

static int twitter_line(ddb_trace *t, span *f, ddb_trace_req *out, char *err, size_t errlen)
{
    uint64_t value_bytes, key_bytes;
    size_t i = 0, n = sizeof twitter_ops / sizeof *twitter_ops;
    while (i < n && !is(f[5], twitter_ops[i].name))
        i++;
    if (i == n)
        return bad(t, err, errlen, "operation", "unknown operation", f[5],
                   "get, gets, set, add, replace, cas, append, prepend, incr, decr or delete");
    out->op = twitter_ops[i].op;
    int rc = take_time(t, f[0], "timestamp", out, err, errlen);
    if (rc != LINE_OK || (rc = take_key(t, f[1], out, err, errlen)) != LINE_OK)
        return rc;
    if (!parse_u64(f[2], &key_bytes))
        return bad(t, err, errlen, "key_size", "not a size", f[2], "a whole number of bytes");
    if (!parse_u64(f[3], &value_bytes))
        return bad(t, err, errlen, "value_size", "not a size", f[3], "a whole number of bytes");
    t->capped += value_bytes > ITEM_MAX_BYTES;
    out->item_bytes = value_bytes < 1 ? 1 : value_bytes > ITEM_MAX_BYTES ? ITEM_MAX_BYTES
                                                                        : (uint32_t)value_bytes;
    out->consistency = -1;
    out->gsi = -1;
    return LINE_OK;
}

/* ---- the reader ---- */

static int parse_line(ddb_trace *t, span line, ddb_trace_req *out, char *err, size_t errlen)
{
    span f[FIELDS];
    int n = split(line, f);
    if (n < 0)
        return bad(t, err, errlen, "", "unterminated or misplaced quote", line,
                   "RFC 4180 quoting");
    if (n != FIELDS) {
        char want[32];
        snprintf(want, sizeof want, "%d comma-separated fields", FIELDS);
        return bad(t, err, errlen, "", n > FIELDS ? "too many fields" : "too few fields", line,
                   want);
    }
    return t->format == DDB_TRACE_TWITTER ? twitter_line(t, f, out, err, errlen)
                                          : ddbsim_line(t, f, out, err, errlen);
}

int ddb_trace_next(ddb_trace *t, ddb_trace_req *out, char *err, size_t errlen)
{
    for (;;) {
        span line;
        int rc = next_line(t, &line, err, errlen);
        if (rc != LINE_OK)
            return rc;
        t->lines++;
        rc = parse_line(t, line, out, err, errlen);
        if (rc == LINE_OK) {
            if (!t->have_base) {
                t->have_base = true;
                t->base_ns = t->format == DDB_TRACE_TWITTER ? t->line_raw_ns : 0;
            }
            t->last_raw_ns = t->line_raw_ns;
            return 1;
        }
        if (t->on_bad_line == DDB_TRACE_BAD_ERROR)
            return -1;
        t->skipped++;
    }
}

static int read_header(ddb_trace *t, char *err, size_t errlen)
{
    span line;
    int rc = next_line(t, &line, err, errlen);
    if (rc == LINE_ERROR)
        return -1;
    if (rc == LINE_END) {
        ddb_errorf(err, errlen, "%s: empty (expected the header %s)", t->path, DDB_TRACE_HEADER);
        return -1;
    }
    if (is(line, DDB_TRACE_HEADER))
        return 0;
    bad(t, err, errlen, "", "not a ddbsim trace header", line, DDB_TRACE_HEADER);
    return -1;
}

ddb_trace *ddb_trace_open(const ddb_trace_spec *spec, char *err, size_t errlen)
{
    errno = 0;
    gzFile gz = gzopen(spec->path, "rb");
    if (!gz) {
        ddb_errorf(err, errlen, "%s: cannot read (%s)", spec->path,
                 errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    gzbuffer(gz, 1u << 18);
    ddb_trace *t = ddb_xcalloc(1, sizeof *t);
    t->gz = gz;
    t->path = ddb_xstrdup(spec->path);
    t->format = spec->format;
    t->on_bad_line = spec->on_bad_line;
    t->speedup = spec->speedup > 0.0 ? spec->speedup : 1.0;
    t->index_names = spec->index_names;
    t->n_index_names = spec->n_index_names;
    t->n_gsi_names = spec->n_gsi_names;
    t->buf = ddb_xcalloc(1, BUF_BYTES + SPLIT_FAST_MAX); /* zeroed slack: split_fast reads it */
    if (t->format == DDB_TRACE_DDBSIM && read_header(t, err, errlen) < 0) {
        ddb_trace_close(t);
        return NULL;
    }
    return t;
}

uint64_t ddb_trace_lines(const ddb_trace *t) { return t->lines; }
uint64_t ddb_trace_skipped(const ddb_trace *t) { return t->skipped; }
uint64_t ddb_trace_capped(const ddb_trace *t) { return t->capped; }

void ddb_trace_close(ddb_trace *t)
{
    if (!t)
        return;
    gzclose(t->gz);
    free(t->path);
    free(t->buf);
    free(t);
}

int ddb_trace_read_all(const ddb_trace_spec *spec, int64_t *last_ns, char *err, size_t errlen)
{
    ddb_trace *t = ddb_trace_open(spec, err, errlen);
    if (!t)
        return -1;
    ddb_trace_req r;
    int rc;
    *last_ns = 0;
    while ((rc = ddb_trace_next(t, &r, err, errlen)) > 0)
        *last_ns = r.t_ns;
    ddb_trace_close(t);
    return rc < 0 ? -1 : 0;
}

/* The file's last line, read from its end into buf (at most cap bytes, its final line break
 * dropped): its length, or -1 when that cannot be done so (a pipe, a read error, a line longer
 * than buf, an empty last line). */
static long last_line(const char *path, char *buf, size_t cap, char **start)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    long got = -1;
    off_t size;
    if (fseeko(f, 0, SEEK_END) == 0 && (size = ftello(f)) > 0) {
        size_t n = (uint64_t)size < cap ? (size_t)size : cap;
        if (fseeko(f, size - (off_t)n, SEEK_SET) == 0 && fread(buf, 1, n, f) == n) {
            if (buf[n - 1] == '\n')
                n--;
            if (n > 0 && buf[n - 1] == '\r')
                n--;
            char *nl = buf + n;
            while (nl > buf && nl[-1] != '\n')
                nl--;
            nl = nl > buf ? nl - 1 : NULL;
            bool whole = nl || (uint64_t)size <= cap; /* the line's start is in buf */
            *start = nl ? nl + 1 : buf;
            if (whole && buf + n > *start)
                got = (long)(buf + n - *start);
        }
    }
    fclose(f);
    return got;
}

/* The span from the first line and the last alone, when the trace is a plain file and bad lines
 * are errors: every line must then parse, and times never go back, so the last line's time is the
 * span whenever the run can replay the trace at all (a bad line in between stops the run with its
 * error). 1 with *last_ns, 0 when the whole trace must be read instead, -1 with an error. */
static int quick_span(const ddb_trace_spec *spec, int64_t *last_ns, char *err, size_t errlen)
{
    if (spec->on_bad_line != DDB_TRACE_BAD_ERROR)
        return 0; /* the last line might be skipped: every line decides */
    ddb_trace *t = ddb_trace_open(spec, err, errlen);
    if (!t)
        return -1;
    ddb_trace_req r;
    int rc = ddb_trace_next(t, &r, err, errlen), quick = 0;
    if (rc <= 0) { /* no line, or the first is bad */
        *last_ns = 0;
        quick = rc < 0 ? -1 : 1;
    } else if (gzdirect(t->gz)) {
        char *line;
        long n = last_line(t->path, t->buf, LINE_MAX_BYTES + 2, &line);
        if (n > 0 && parse_line(t, (span){line, (size_t)n}, &r, err, errlen) == LINE_OK) {
            *last_ns = r.t_ns;
            quick = 1;
        }
    }
    ddb_trace_close(t);
    return quick;
}

int ddb_trace_span(const ddb_trace_spec *spec, int64_t *last_ns, char *err, size_t errlen)
{
    int rc = quick_span(spec, last_ns, err, errlen);
    return rc > 0 ? 0 : rc < 0 ? -1 : ddb_trace_read_all(spec, last_ns, err, errlen);
}
