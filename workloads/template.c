/* template — key templates: parsing (once, with user-facing errors) and rendering (per request).
 *
 * Rendering runs for every simulated request, so it avoids snprintf and strftime: integers go
 * through a hand-written decimal routine and dates through Hinnant's days-to-civil algorithm,
 * which needs no time zone database and no libc state.
 */
#include "workloads/template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/alloc.h"
#include "sim/support/check.h"

#define SHARD_MAX 1000000u

/* ---- parsing ------------------------------------------------------------------------- */

struct builder {
    ddb_tpl_part *parts;
    size_t n, cap;
    char *lit; /* pending literal text, unescaped */
    size_t lit_len;
};

static ddb_tpl_part *add_part(struct builder *b, enum ddb_tpl_part_kind kind)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 4;
        b->parts = ddb_xrealloc(b->parts, b->cap * sizeof *b->parts);
    }
    ddb_tpl_part *p = &b->parts[b->n++];
    *p = (ddb_tpl_part){ .kind = kind, .shard_attr = -1 };
    return p;
}

/* Adjacent literal characters ("ab{{c") become one part, so rendering copies once. */
static void flush_literal(struct builder *b)
{
    if (b->lit_len == 0)
        return;
    ddb_tpl_part *p = add_part(b, DDB_TPL_LITERAL);
    p->text = ddb_xmalloc(b->lit_len + 1);
    memcpy(p->text, b->lit, b->lit_len);
    p->text[b->lit_len] = '\0';
    p->text_len = b->lit_len;
    b->lit_len = 0;
}

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static void err_append(char *err, size_t errlen, const char *s)
{
    if (errlen == 0)
        return;
    size_t used = strlen(err); /* errf always terminates it */
    if (used + 1 < errlen)
        errf(err + used, errlen - used, "%s", s);
}

static bool name_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

static long find_attr(const char *name, size_t len, const char *const *attr_names, size_t n_attrs)
{
    for (size_t i = 0; i < n_attrs; i++)
        if (name_is(name, len, attr_names[i]))
            return (long)i;
    return -1;
}

static int unknown_attr(const char *name, size_t len, const char *const *attr_names,
                        size_t n_attrs, char *err, size_t errlen)
{
    int l = len > 200 ? 200 : (int)len;
    errf(err, errlen, "unknown attribute '%.*s' in {%.*s} (", l, name, l, name);
    if (n_attrs == 0)
        err_append(err, errlen, "no attributes are defined");
    for (size_t i = 0; i < n_attrs; i++) {
        err_append(err, errlen, i == 0 ? "known: " : ", ");
        err_append(err, errlen, attr_names[i]);
    }
    if (name_is(name, len, "shard"))
        err_append(err, errlen, "; a random suffix is written {shard:N}");
    err_append(err, errlen, ")");
    return -1;
}

/* "{shard:N}" or "{shard:N:attr}": N in decimal digits only, 1..SHARD_MAX; attr a known
 * attribute. */
static int parse_shard(struct builder *b, const char *name, size_t len,
                       const char *const *attr_names, size_t n_attrs, char *err, size_t errlen)
{
    const char *digits = name + 6;
    const char *colon = memchr(digits, ':', len - 6);
    size_t nd = colon ? (size_t)(colon - digits) : len - 6;
    uint32_t n = 0;
    bool ok = nd > 0;
    for (size_t i = 0; ok && i < nd; i++) {
        ok = digits[i] >= '0' && digits[i] <= '9';
        n = n * 10u + (uint32_t)(digits[i] - '0');
        ok = ok && n <= SHARD_MAX;
    }
    if (!ok || n < 1) {
        int l = len > 200 ? 200 : (int)len;
        errf(err, errlen, "{%.*s}: N must be between 1 and %u", l, name, SHARD_MAX);
        return -1;
    }
    long attr = -1;
    if (colon) {
        size_t alen = len - 6 - nd - 1;
        attr = find_attr(colon + 1, alen, attr_names, n_attrs);
        if (attr < 0) {
            int l = len > 200 ? 200 : (int)len;
            errf(err, errlen, "{%.*s}: unknown attribute '%.*s' for a calculated suffix", l, name,
                 alen > 200 ? 200 : (int)alen, colon + 1);
            return -1;
        }
    }
    ddb_tpl_part *p = add_part(b, DDB_TPL_SHARD);
    p->shard_n = n;
    p->shard_attr = attr;
    return 0;
}

/* {date} and {hour} always mean the clock; an attribute of the same name would be silently
 * shadowed, so say so instead. */
static int parse_clock(struct builder *b, const char *name, size_t len,
                       const char *const *attr_names, size_t n_attrs, char *err, size_t errlen)
{
    bool date = name_is(name, len, "date");
    if (find_attr(name, len, attr_names, n_attrs) >= 0) {
        errf(err, errlen,
             "{%s} is the simulated %s, but an attribute is also named '%s' (rename it)",
             date ? "date" : "hour", date ? "date" : "hour", date ? "date" : "hour");
        return -1;
    }
    add_part(b, date ? DDB_TPL_DATE : DDB_TPL_HOUR);
    return 0;
}

/* One placeholder's contents, between the braces. */
static int parse_placeholder(struct builder *b, const char *name, size_t len,
                             const char *const *attr_names, size_t n_attrs, char *err,
                             size_t errlen)
{
    if (name_is(name, len, "date") || name_is(name, len, "hour"))
        return parse_clock(b, name, len, attr_names, n_attrs, err, errlen);
    if (len >= 6 && memcmp(name, "shard:", 6) == 0)
        return parse_shard(b, name, len, attr_names, n_attrs, err, errlen);
    long attr = find_attr(name, len, attr_names, n_attrs);
    if (attr < 0)
        return unknown_attr(name, len, attr_names, n_attrs, err, errlen);
    add_part(b, DDB_TPL_ATTR)->attr = (size_t)attr;
    return 0;
}

static void free_parts(ddb_tpl_part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(parts[i].text);
    free(parts);
}

/* Walk the text: literal characters accumulate, "{{" and "}}" unescape, "{...}" ends the
 * pending literal and becomes a placeholder part. Returns 0 or -1 with err set. */
static int scan(struct builder *b, const char *text, const char *const *attr_names,
                size_t n_attrs, char *err, size_t errlen)
{
    for (size_t i = 0; text[i];) {
        char c = text[i];
        if ((c == '{' || c == '}') && text[i + 1] == c) { /* escaped brace */
            b->lit[b->lit_len++] = c;
            i += 2;
        } else if (c == '}') {
            errf(err, errlen, "stray '}' at character %zu (write '}}' for a literal '}')", i + 1);
            return -1;
        } else if (c == '{') {
            size_t end = i + 1 + strcspn(text + i + 1, "{}");
            if (text[end] != '}') {
                int l = end - i > 200 ? 200 : (int)(end - i);
                errf(err, errlen,
                     "unterminated placeholder '%.*s' at character %zu (missing '}'; write '{{' "
                     "for a literal '{')", l, text + i, i + 1);
                return -1;
            }
            if (end == i + 1) {
                errf(err, errlen,
                     "empty placeholder {} at character %zu (write '{{}}' for literal braces)",
                     i + 1);
                return -1;
            }
            flush_literal(b);
            if (parse_placeholder(b, text + i + 1, end - i - 1, attr_names, n_attrs, err,
                                  errlen) != 0)
                return -1;
            i = end + 1;
        } else {
            b->lit[b->lit_len++] = c;
            i++;
        }
    }
    flush_literal(b);
    return 0;
}

int ddb_template_parse(ddb_template *out, const char *text, const char *const *attr_names,
                       size_t n_attrs, char *err, size_t errlen)
{
    *out = (ddb_template){ 0 };
    if (errlen > 0)
        err[0] = '\0';
    if (text[0] == '\0') {
        errf(err, errlen, "empty template (a key cannot be empty)");
        return -1;
    }
    struct builder b = { .lit = ddb_xmalloc(strlen(text) + 1) };
    int rc = scan(&b, text, attr_names, n_attrs, err, errlen);
    free(b.lit);
    if (rc != 0) {
        free_parts(b.parts, b.n);
        return -1;
    }
    out->source = ddb_xstrdup(text);
    out->n_parts = b.n;
    out->parts = b.parts;
    return 0;
}

void ddb_template_destroy(ddb_template *t)
{
    if (!t)
        return;
    free_parts(t->parts, t->n_parts);
    free(t->source);
    *t = (ddb_template){ 0 };
}

/* ---- rendering ----------------------------------------------------------------------- */

/* Output that counts the full length but writes only what fits before the terminating NUL. */
struct out {
    char *buf;
    size_t room; /* cap - 1, or 0 when cap is 0 */
    size_t len;
};

static void emit(struct out *o, const char *s, size_t n)
{
    if (o->len < o->room) {
        size_t k = o->room - o->len < n ? o->room - o->len : n;
        memcpy(o->buf + o->len, s, k);
    }
    o->len += n;
}

/* Decimal digits of v, written backwards from end; returns the start. */
static char *u64_digits(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static void emit_u64(struct out *o, uint64_t v)
{
    char tmp[20];
    char *s = u64_digits(v, tmp + sizeof tmp);
    emit(o, s, (size_t)(tmp + sizeof tmp - s));
}

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* Howard Hinnant's civil_from_days, for days >= -719468 (0000-03-01). */
static void civil_from_days(int64_t z, unsigned *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);                            /* [0, 146096] */
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 /* [0, 365] */
    unsigned mp = (5 * doy + 2) / 153;                                      /* [0, 11] */
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (unsigned)(era * 400 + yoe) + (*m <= 2);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH" (UTC) of the simulated time. */
static void emit_date(struct out *o, int64_t now_ns, bool hour)
{
    int64_t unix_s = DDB_EPOCH_UNIX_S + now_ns / 1000000000;
    unsigned y, m, d;
    civil_from_days(unix_s / 86400, &y, &m, &d);
    char s[13];
    put2(s, y / 100 % 100);
    put2(s + 2, y % 100);
    s[4] = '-';
    put2(s + 5, m);
    s[7] = '-';
    put2(s + 8, d);
    s[10] = 'T';
    put2(s + 11, (unsigned)(unix_s % 86400 / 3600));
    emit(o, s, hour ? 13 : 10);
}

static void emit_attr(struct out *o, const ddb_dist_spec *spec, uint64_t value, int64_t now_ns)
{
    switch (spec->kind) {
    case DDB_DIST_CATEGORICAL: {
        DDB_CHECK(value < spec->n_labels, "label %llu of %zu", (unsigned long long)value,
                  spec->n_labels);
        const char *label = spec->labels[value];
        emit(o, label, strlen(label));
        break;
    }
    case DDB_DIST_CLOCK:
        emit_u64(o, (uint64_t)(DDB_EPOCH_UNIX_S * 1000 + now_ns / 1000000));
        break;
    case DDB_DIST_CONTRIBUTORS: /* a top key as the report names it, the others by number */
        if (value < spec->n_labels)
            emit(o, spec->labels[value], strlen(spec->labels[value]));
        else
            emit_u64(o, value);
        break;
    default:
        emit_u64(o, spec->hashed ? ddb_ycsb_fnvhash64(value) : value);
        break;
    }
}

size_t ddb_template_render(const ddb_template *t, const ddb_tpl_values *v, char *buf, size_t cap)
{
    return ddb_template_render_parts(t, v, 0, t->n_parts, buf, cap);
}

size_t ddb_template_render_parts(const ddb_template *t, const ddb_tpl_values *v, size_t first,
                                 size_t end, char *buf, size_t cap)
{
    DDB_CHECK(v->now_ns >= 0, "now_ns = %lld", (long long)v->now_ns);
    DDB_CHECK(first <= end && end <= t->n_parts, "parts %zu..%zu of %zu", first, end, t->n_parts);
    struct out o = { buf, cap ? cap - 1 : 0, 0 };
    for (size_t i = first; i < end; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        switch (p->kind) {
        case DDB_TPL_LITERAL:
            emit(&o, p->text, p->text_len);
            break;
        case DDB_TPL_ATTR:
            emit_attr(&o, &v->attrs[p->attr], v->attr_values[p->attr], v->now_ns);
            break;
        case DDB_TPL_SHARD:
            emit_u64(&o, v->shard_values[i]);
            break;
        case DDB_TPL_DATE:
        case DDB_TPL_HOUR:
            emit_date(&o, v->now_ns, p->kind == DDB_TPL_HOUR);
            break;
        }
    }
    if (cap > 0)
        buf[o.len < o.room ? o.len : o.room] = '\0';
    return o.len;
}

/* ---- static properties --------------------------------------------------------------- */

static size_t digits(uint64_t v)
{
    char tmp[20];
    return (size_t)(tmp + sizeof tmp - u64_digits(v, tmp + sizeof tmp));
}

static size_t attr_max_len(const ddb_dist_spec *spec)
{
    switch (spec->kind) {
    case DDB_DIST_CATEGORICAL:
    case DDB_DIST_CONTRIBUTORS: {
        size_t m = spec->kind == DDB_DIST_CONTRIBUTORS ? digits(spec->n - 1) : 0;
        for (size_t i = 0; i < spec->n_labels; i++) {
            size_t l = strlen(spec->labels[i]);
            m = l > m ? l : m;
        }
        return m;
    }
    case DDB_DIST_CLOCK: /* milliseconds at the last representable simulated instant */
        return digits((uint64_t)(DDB_EPOCH_UNIX_S * 1000 + INT64_MAX / 1000000));
    default:
        if (spec->hashed || spec->inserts) /* a hash, or a value that grows with inserts */
            return digits(spec->hashed ? UINT64_C(1) << 63 : UINT64_MAX);
        return digits(spec->n > 0 ? spec->n - 1 : 0);
    }
}

size_t ddb_template_max_len(const ddb_template *t, const ddb_dist_spec *attrs)
{
    size_t len = 0;
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        switch (p->kind) {
        case DDB_TPL_LITERAL:
            len += p->text_len;
            break;
        case DDB_TPL_ATTR:
            len += attr_max_len(&attrs[p->attr]);
            break;
        case DDB_TPL_SHARD:
            len += digits(p->shard_n - 1);
            break;
        case DDB_TPL_DATE:
            len += 10;
            break;
        case DDB_TPL_HOUR:
            len += 13;
            break;
        }
    }
    return len;
}

/* An attribute used twice ("{a}#{a}") renders the same value twice: count it once. */
static bool attr_seen_before(const ddb_template *t, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (t->parts[j].kind == DDB_TPL_ATTR && t->parts[j].attr == t->parts[i].attr)
            return true;
    return false;
}

uint64_t ddb_template_domain(const ddb_template *t, const ddb_dist_spec *attrs, uint64_t limit)
{
    uint64_t prod = 1;
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        uint64_t d = 1;
        if (p->kind == DDB_TPL_DATE || p->kind == DDB_TPL_HOUR)
            return 0;
        if (p->kind == DDB_TPL_SHARD)
            d = p->shard_n;
        else if (p->kind == DDB_TPL_ATTR && !attr_seen_before(t, i))
            d = ddb_dist_domain(&attrs[p->attr]);
        if (d == 0 || prod > limit / d)
            return 0;
        prod *= d;
    }
    return prod <= limit ? prod : 0;
}

uint64_t ddb_template_read_fanout(const ddb_template *t, uint64_t limit)
{
    uint64_t prod = 1;
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        if (p->kind != DDB_TPL_SHARD || p->shard_attr >= 0)
            continue;
        if (prod > limit / p->shard_n)
            return limit + 1;
        prod *= p->shard_n;
    }
    return prod <= limit ? prod : limit + 1;
}

int ddb_template_uses_clock(const ddb_template *t, const ddb_dist_spec *attrs)
{
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        if (p->kind == DDB_TPL_DATE || p->kind == DDB_TPL_HOUR)
            return 1;
        if (p->kind == DDB_TPL_ATTR && attrs[p->attr].kind == DDB_DIST_CLOCK)
            return 1;
    }
    return 0;
}

int64_t ddb_template_clock_period_ns(const ddb_template *t, const ddb_dist_spec *attrs)
{
    _Static_assert(DDB_EPOCH_UNIX_S % 86400 == 0, "the epoch is a midnight: days start on it");
    int64_t period = INT64_MAX;
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *p = &t->parts[i];
        int64_t part = p->kind == DDB_TPL_DATE   ? INT64_C(86400000000000)
                       : p->kind == DDB_TPL_HOUR ? INT64_C(3600000000000)
                       : p->kind == DDB_TPL_ATTR && attrs[p->attr].kind == DDB_DIST_CLOCK
                           ? INT64_C(1000000)
                           : INT64_MAX;
        if (part < period)
            period = part;
    }
    return period;
}
