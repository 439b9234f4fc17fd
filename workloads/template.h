/* template — key templates: how a user states a key design.
 *
 * "ORDER#{order_id}", "{date}#{shard:10}", "{status}": literal text with placeholders
 *   {attr}     a generated attribute (integers render in decimal, categorical as the label,
 *              clock as milliseconds since the Unix epoch of the simulated time)
 *   {shard:N}  a uniform random suffix 0..N-1 (1 <= N <= 1,000,000): a writer picks one at
 *              random, so a reader of an item must query all N (the engine fans a read out)
 *   {shard:N:attr}  a calculated suffix: a fixed hash of attribute attr's value mod N
 *              (ddb_template_shard_of), so writer and reader both compute the one shard
 *   {date}     the simulated UTC date, YYYY-MM-DD;  {hour}  YYYY-MM-DDTHH
 * The simulated clock starts at DDB_EPOCH_UNIX_S (2026-01-01T00:00:00Z). "{{" and "}}" are
 * literal braces. "date" and "hour" are reserved: {date}/{hour} always mean the clock, and a
 * template using one fails to parse if an attribute has that name.
 */
#ifndef DDB_TEMPLATE_H
#define DDB_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>
#include "workloads/dist.h"

#define DDB_EPOCH_UNIX_S 1767225600LL /* 2026-01-01T00:00:00Z */
#define DDB_KEY_MAX_BYTES 2048u       /* DynamoDB's partition key limit */

enum ddb_tpl_part_kind { DDB_TPL_LITERAL, DDB_TPL_ATTR, DDB_TPL_SHARD, DDB_TPL_DATE, DDB_TPL_HOUR };

typedef struct ddb_tpl_part {
    enum ddb_tpl_part_kind kind;
    char *text;       /* literal: the text (braces unescaped) */
    size_t text_len;
    size_t attr;      /* attr: index into the attribute list given to ddb_template_parse */
    uint32_t shard_n; /* shard: N */
    ptrdiff_t shard_attr; /* shard: -1 for a random suffix, else the attribute it is computed
                             from (an index into the attribute list) */
} ddb_tpl_part;

typedef struct ddb_template {
    char *source;
    size_t n_parts;
    ddb_tpl_part *parts;
} ddb_template;

/* A calculated suffix's shard: a fixed hash (splitmix64's finaliser) of the attribute's value
 * index, mod n. Fixed so that the same value always lands on the same shard, run after run. */
static inline uint64_t ddb_template_shard_of(uint64_t value, uint32_t n)
{
    uint64_t z = value + UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return (z ^ (z >> 31)) % n;
}

/* Parse text against the named attributes. Returns 0, or -1 with a one-line message in err
 * (truncated to errlen; err may be NULL when errlen is 0) and *out zeroed, such as
 * "unknown attribute 'oder_id' in {oder_id} (known: order_id, status)" or
 * "{shard:0}: N must be between 1 and 1000000" or "{shard:8:sensr}: unknown attribute". Also errors: an empty template, {}, an
 * unterminated '{', a stray '}'. The caller prefixes the file and field. */
int ddb_template_parse(ddb_template *out, const char *text, const char *const *attr_names,
                       size_t n_attrs, char *err, size_t errlen);
void ddb_template_destroy(ddb_template *t);

typedef struct ddb_tpl_values {
    const ddb_dist_spec *attrs;    /* per attribute (kind, labels) */
    const uint64_t *attr_values;   /* drawn value index per attribute (clock: ignored) */
    const uint64_t *shard_values;  /* per part index; only SHARD parts are read */
    int64_t now_ns;                /* simulated time since the start */
} ddb_tpl_values;

/* Render into buf (always NUL-terminated when cap > 0). Returns the full length, which may be
 * >= cap (then the output is truncated, like snprintf). now_ns must be >= 0. No allocation. */
size_t ddb_template_render(const ddb_template *t, const ddb_tpl_values *v, char *buf, size_t cap);
/* The same for parts first..end-1 only: the renderings of consecutive ranges, put end to end,
 * are the whole rendering (a key whose one varying part is rendered alone). */
size_t ddb_template_render_parts(const ddb_template *t, const ddb_tpl_values *v, size_t first,
                                 size_t end, char *buf, size_t cap);
/* Longest possible rendering in bytes, given the attribute specs. */
size_t ddb_template_max_len(const ddb_template *t, const ddb_dist_spec *attrs);
/* Number of distinct keys when every part has a finite domain and the product is <= limit:
 * the product (an attribute used twice counts once); otherwise 0 (date, hour, clock, or too
 * many). Adjacent placeholders with no separator ("{a}{b}") may render the same text from
 * different values; the count assumes they do not. */
uint64_t ddb_template_domain(const ddb_template *t, const ddb_dist_spec *attrs, uint64_t limit);
/* The number of keys a read of one item has to query: the product of the random suffixes'
 * N ({shard:N}; a calculated one counts 1), saturating at limit + 1. 1 without random suffixes. */
uint64_t ddb_template_read_fanout(const ddb_template *t, uint64_t limit);
/* 1 when the template's value depends on the simulated time ({date}, {hour} or a clock attribute). */
int ddb_template_uses_clock(const ddb_template *t, const ddb_dist_spec *attrs);
/* How finely the rendering follows the clock: two times t1, t2 >= 0 render the same key when
 * t1 / period == t2 / period (a day for {date}, an hour for {hour}, a millisecond for a clock
 * attribute: each is counted from DDB_EPOCH_UNIX_S, a midnight). INT64_MAX without the clock. */
int64_t ddb_template_clock_period_ns(const ddb_template *t, const ddb_dist_spec *attrs);

#endif
