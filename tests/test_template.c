/* Tests for workloads/template: parsing and its error messages, rendering of every part kind
 * (dates checked against the C library's gmtime), truncation, and the static properties. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_rng.h>

#include "workloads/template.h"

#define NS_PER_S 1000000000LL
#define NS_PER_DAY (86400 * NS_PER_S)

/* Attributes of the tests: order_id (zipfian 1e6), status (categorical), ts (clock),
 * small (uniform 7). */
static char *status_labels[] = { "PENDING", "SHIPPED", "OUT_FOR_DELIVERY" };
static double status_weights[] = { 0.5, 0.3, 0.2 };
static const char *const names[] = { "order_id", "status", "ts", "small" };
enum { ORDER_ID, STATUS, TS, SMALL, N_ATTRS };
static const ddb_dist_spec attrs[N_ATTRS] = {
    [ORDER_ID] = { .kind = DDB_DIST_ZIPFIAN, .n = 1000000, .theta = 0.99 },
    [STATUS] = { .kind = DDB_DIST_CATEGORICAL, .n_labels = 3, .labels = status_labels,
                 .weights = status_weights },
    [TS] = { .kind = DDB_DIST_CLOCK },
    [SMALL] = { .kind = DDB_DIST_UNIFORM, .n = 7 },
};

static void parse_ok(ddb_template *t, const char *text)
{
    char err[256];
    int rc = ddb_template_parse(t, text, names, N_ATTRS, err, sizeof err);
    if (rc != 0)
        print_error("parse '%s': %s\n", text, err);
    assert_int_equal(rc, 0);
    assert_string_equal(t->source, text);
}

/* Render text with the given attribute values, shard values (indexed by part) and time. */
static void render_is(const char *text, const uint64_t *values, const uint64_t *shards,
                      int64_t now_ns, const char *want)
{
    ddb_template t;
    parse_ok(&t, text);
    uint64_t none[16] = { 0 };
    ddb_tpl_values v = { .attrs = attrs, .attr_values = values ? values : none,
                         .shard_values = shards ? shards : none, .now_ns = now_ns };
    char buf[256];
    size_t len = ddb_template_render(&t, &v, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
    assert_true(len <= ddb_template_max_len(&t, attrs));
    ddb_template_destroy(&t);
}

static void parse_fails(const char *text, const char *want)
{
    ddb_template t;
    char err[256];
    assert_int_equal(ddb_template_parse(&t, text, names, N_ATTRS, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_null(t.parts);
    assert_null(t.source);
    assert_int_equal(t.n_parts, 0);
}

static void test_render_attr(void **state)
{
    (void)state;
    uint64_t values[N_ATTRS] = { [ORDER_ID] = 17, [STATUS] = 1, [SMALL] = 6 };
    render_is("ORDER#{order_id}", values, NULL, 0, "ORDER#17");
    render_is("{order_id}", (uint64_t[N_ATTRS]){ 0 }, NULL, 0, "0");
    render_is("{order_id}", (uint64_t[N_ATTRS]){ [ORDER_ID] = 999999 }, NULL, 0, "999999");
    render_is("{status}", values, NULL, 0, "SHIPPED");
    render_is("{status}#{order_id}#{status}", values, NULL, 0, "SHIPPED#17#SHIPPED");
    render_is("{small}{small}{small}{small}{small}{small}", values, NULL, 0, "666666");
    render_is("plain", NULL, NULL, 0, "plain");
}

static void test_render_escapes(void **state)
{
    (void)state;
    uint64_t values[N_ATTRS] = { [SMALL] = 5 };
    render_is("{{x}}#{small}", values, NULL, 0, "{x}#5");
    render_is("{{{small}}}", values, NULL, 0, "{5}");
    render_is("}}{{", NULL, NULL, 0, "}{");

    ddb_template t;
    parse_ok(&t, "a{{b}}c");
    assert_int_equal(t.n_parts, 1); /* one literal, unescaped */
    assert_string_equal(t.parts[0].text, "a{b}c");
    assert_int_equal(t.parts[0].text_len, 5);
    ddb_template_destroy(&t);
}

static void test_render_shard_date(void **state)
{
    (void)state;
    /* 2026-03-01 05:00 UTC: 31 + 28 days and 5 hours after the epoch 2026-01-01 */
    int64_t now = 59 * NS_PER_DAY + 5 * 3600 * NS_PER_S + 12 * NS_PER_S;
    uint64_t shards[3] = { 0, 0, 3 }; /* part 2 is the shard */
    render_is("{date}#{shard:10}", NULL, shards, now, "2026-03-01#3");
    render_is("{hour}", NULL, NULL, now, "2026-03-01T05");
    render_is("{date}", NULL, NULL, 0, "2026-01-01");
    render_is("{hour}", NULL, NULL, NS_PER_DAY - 1, "2026-01-01T23");
    render_is("{hour}", NULL, NULL, NS_PER_DAY, "2026-01-02T00");
    render_is("{date}", NULL, NULL, 365 * NS_PER_DAY - 1, "2026-12-31");
    render_is("{date}", NULL, NULL, 365 * NS_PER_DAY, "2027-01-01");
    /* 2028 is a leap year: 2026 and 2027 have 365 days, then Jan + Feb 1..28 */
    render_is("{date}", NULL, NULL, (730 + 31 + 28) * NS_PER_DAY, "2028-02-29");
    render_is("{date}", NULL, NULL, (730 + 31 + 29) * NS_PER_DAY, "2028-03-01");
    uint64_t big[2] = { 0, 999999 };
    render_is("S{shard:1000000}", NULL, big, 0, "S999999");
}

/* Dates and hours agree with the C library's gmtime over three centuries. */
static void test_render_date_vs_gmtime(void **state)
{
    (void)state;
    ddb_template t;
    parse_ok(&t, "{hour}");
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    for (int i = 0; i < 100000; i++) {
        int64_t now = (int64_t)(gsl_rng_uniform(r) * 9.2e18);
        if (i < 48)
            now = i * 3600 * NS_PER_S + 1;
        time_t unix_s = (time_t)(DDB_EPOCH_UNIX_S + now / NS_PER_S);
        char want[64], got[64];
        strftime(want, sizeof want, "%Y-%m-%dT%H", gmtime(&unix_s));
        ddb_tpl_values v = { .attrs = attrs, .now_ns = now };
        ddb_template_render(&t, &v, got, sizeof got);
        if (strcmp(got, want) != 0)
            print_error("now_ns %lld\n", (long long)now);
        assert_string_equal(got, want);
    }
    gsl_rng_free(r);
    ddb_template_destroy(&t);
}

/* A clock attribute renders milliseconds since the Unix epoch, rounded down. */
static void test_render_clock(void **state)
{
    (void)state;
    render_is("{ts}", NULL, NULL, 0, "1767225600000");
    render_is("T#{ts}", NULL, NULL, 1500 * 1000000LL + 999999, "T#1767225601500");
    render_is("{ts}", NULL, NULL, INT64_MAX, "10990597636854"); /* 1767225600000 + 9223372036854 */
}

static void test_render_truncation(void **state)
{
    (void)state;
    ddb_template t;
    parse_ok(&t, "ORDER#{order_id}");
    uint64_t values[N_ATTRS] = { [ORDER_ID] = 17 };
    ddb_tpl_values v = { .attrs = attrs, .attr_values = values };
    char buf[16];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(ddb_template_render(&t, &v, buf, 5), 8);
    assert_string_equal(buf, "ORDE");
    assert_int_equal(buf[5], 'x'); /* nothing past cap */
    assert_int_equal(ddb_template_render(&t, &v, buf, 8), 8);
    assert_string_equal(buf, "ORDER#1"); /* cut inside the number */
    assert_int_equal(ddb_template_render(&t, &v, buf, 9), 8);
    assert_string_equal(buf, "ORDER#17");
    assert_int_equal(ddb_template_render(&t, &v, buf, 1), 8);
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_int_equal(ddb_template_render(&t, &v, buf, 0), 8);
    assert_int_equal(buf[0], 'x'); /* cap 0 writes nothing */
    assert_int_equal(ddb_template_render(&t, &v, NULL, 0), 8);
    ddb_template_destroy(&t);

    parse_ok(&t, "{hour}");
    assert_int_equal(ddb_template_render(&t, &v, buf, 8), 13);
    assert_string_equal(buf, "2026-01");
    ddb_template_destroy(&t);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails("ORDER#{oder_id}",
                "unknown attribute 'oder_id' in {oder_id} (known: order_id, status, ts, small)");
    parse_fails("{shard:0}", "{shard:0}: N must be between 1 and 1000000");
    parse_fails("X{shard:1000001}", "{shard:1000001}: N must be between 1 and 1000000");
    parse_fails("{shard:x}", "{shard:x}: N must be between 1 and 1000000");
    parse_fails("{shard:}", "{shard:}: N must be between 1 and 1000000");
    parse_fails("{shard:-1}", "{shard:-1}: N must be between 1 and 1000000");
    parse_fails("{shard:8:stat}", "{shard:8:stat}: unknown attribute 'stat' for a calculated suffix");
    parse_fails("{shard:8:}", "{shard:8:}: unknown attribute '' for a calculated suffix");
    parse_fails("{shard::status}", "{shard::status}: N must be between 1 and 1000000");
    parse_fails("{shard:99999999999999999999}",
                "{shard:99999999999999999999}: N must be between 1 and 1000000");
    parse_fails("{shard}", "unknown attribute 'shard' in {shard} (known: order_id, status, ts, "
                           "small; a random suffix is written {shard:N})");
    parse_fails("A{}", "empty placeholder {} at character 2 (write '{{}}' for literal braces)");
    parse_fails("ORDER#{order_id",
                "unterminated placeholder '{order_id' at character 7 (missing '}'; write '{{' "
                "for a literal '{')");
    parse_fails("{order{id}", "unterminated placeholder '{order' at character 1 (missing '}'; "
                              "write '{{' for a literal '{')");
    parse_fails("ORDER}", "stray '}' at character 6 (write '}}' for a literal '}')");
    parse_fails("{order_id}}", "stray '}' at character 11 (write '}}' for a literal '}')");
    parse_fails("", "empty template (a key cannot be empty)");

    /* no attributes at all */
    ddb_template t;
    char err[128];
    assert_int_equal(ddb_template_parse(&t, "{a}", NULL, 0, err, sizeof err), -1);
    assert_string_equal(err, "unknown attribute 'a' in {a} (no attributes are defined)");

    /* {date} and {hour} are the clock; an attribute of that name is an error, not shadowed */
    const char *const clash[] = { "date" };
    assert_int_equal(ddb_template_parse(&t, "{date}", clash, 1, err, sizeof err), -1);
    assert_string_equal(err, "{date} is the simulated date, but an attribute is also named "
                             "'date' (rename it)");
    assert_int_equal(ddb_template_parse(&t, "{hour}", clash, 1, err, sizeof err), 0);
    assert_int_equal(t.parts[0].kind, DDB_TPL_HOUR);
    ddb_template_destroy(&t);

    /* a short buffer truncates the message; none at all is allowed */
    char small[8];
    assert_int_equal(ddb_template_parse(&t, "{nope}", names, N_ATTRS, small, sizeof small), -1);
    assert_string_equal(small, "unknown");
    assert_int_equal(ddb_template_parse(&t, "{nope}", names, N_ATTRS, NULL, 0), -1);
    assert_int_equal(ddb_template_parse(&t, "}", names, N_ATTRS, NULL, 0), -1);
}

static void test_parts(void **state)
{
    (void)state;
    ddb_template t;
    parse_ok(&t, "{date}#{shard:10}#{status}");
    assert_int_equal(t.n_parts, 5);
    assert_int_equal(t.parts[0].kind, DDB_TPL_DATE);
    assert_int_equal(t.parts[1].kind, DDB_TPL_LITERAL);
    assert_string_equal(t.parts[1].text, "#");
    assert_int_equal(t.parts[2].kind, DDB_TPL_SHARD);
    assert_int_equal(t.parts[2].shard_n, 10);
    assert_int_equal(t.parts[4].kind, DDB_TPL_ATTR);
    assert_int_equal(t.parts[4].attr, STATUS);
    assert_true(t.parts[2].shard_attr < 0); /* a random suffix */
    ddb_template_destroy(&t);
    ddb_template_destroy(&t); /* idempotent */
    /* A calculated suffix names its attribute; a read of it queries one key, of random ones all
     * their combinations. */
    parse_ok(&t, "{status}#{shard:8:order_id}");
    assert_int_equal(t.parts[2].kind, DDB_TPL_SHARD);
    assert_int_equal(t.parts[2].shard_n, 8);
    assert_int_equal(t.parts[2].shard_attr, 0);
    assert_int_equal(ddb_template_read_fanout(&t, 1000), 1);
    ddb_template_destroy(&t);
    parse_ok(&t, "{shard:4}#{shard:8:order_id}#{shard:5}");
    assert_int_equal(ddb_template_read_fanout(&t, 1000), 20);
    assert_int_equal(ddb_template_read_fanout(&t, 10), 11); /* saturates at limit + 1 */
    ddb_template_destroy(&t);
    /* The calculated shard is a fixed function of the value, within 0..N-1, and spreads values. */
    assert_int_equal(ddb_template_shard_of(12345, 10), ddb_template_shard_of(12345, 10));
    unsigned seen[10] = {0};
    for (uint64_t v = 0; v < 10000; v++)
        seen[ddb_template_shard_of(v, 10)]++;
    for (int i = 0; i < 10; i++)
        assert_true(seen[i] > 900 && seen[i] < 1100);
}

static size_t max_len_of(const char *text)
{
    ddb_template t;
    parse_ok(&t, text);
    size_t n = ddb_template_max_len(&t, attrs);
    ddb_template_destroy(&t);
    return n;
}

static void test_max_len(void **state)
{
    (void)state;
    assert_int_equal(max_len_of("ORDER#{order_id}"), 6 + 6);
    assert_int_equal(max_len_of("{status}"), strlen("OUT_FOR_DELIVERY"));
    assert_int_equal(max_len_of("{ts}"), 14);
    assert_int_equal(max_len_of("{date}#{shard:10}"), 10 + 1 + 1);
    assert_int_equal(max_len_of("{hour}{shard:1000000}{shard:1}"), 13 + 6 + 1);
    assert_int_equal(max_len_of("{{}}"), 2);
}

static uint64_t domain_of(const char *text, uint64_t limit)
{
    ddb_template t;
    parse_ok(&t, text);
    uint64_t n = ddb_template_domain(&t, attrs, limit);
    ddb_template_destroy(&t);
    return n;
}

static void test_domain(void **state)
{
    (void)state;
    assert_int_equal(domain_of("ORDER#{order_id}", UINT64_MAX), 1000000);
    assert_int_equal(domain_of("{status}#{shard:10}", UINT64_MAX), 30);
    assert_int_equal(domain_of("{status}#{status}", UINT64_MAX), 3); /* same value twice */
    assert_int_equal(domain_of("{order_id}{shard:1000000}{status}", UINT64_MAX), 3000000000000ULL);
    assert_int_equal(domain_of("ORDER#{order_id}", 999999), 0);
    assert_int_equal(domain_of("ORDER#{order_id}", 1000000), 1000000);
    assert_int_equal(domain_of("fixed", 10), 1);
    assert_int_equal(domain_of("{date}#{shard:10}", UINT64_MAX), 0);
    assert_int_equal(domain_of("{hour}", UINT64_MAX), 0);
    assert_int_equal(domain_of("{ts}", UINT64_MAX), 0);
    /* (10^6)^4 overflows 64 bits: "too many", not a wrapped product */
    assert_int_equal(domain_of("{shard:1000000}{shard:1000000}{shard:1000000}{shard:1000000}",
                               UINT64_MAX), 0);
}

static int uses_clock(const char *text)
{
    ddb_template t;
    parse_ok(&t, text);
    int c = ddb_template_uses_clock(&t, attrs);
    ddb_template_destroy(&t);
    return c;
}

static void test_uses_clock(void **state)
{
    (void)state;
    assert_int_equal(uses_clock("ORDER#{order_id}"), 0);
    assert_int_equal(uses_clock("{status}#{shard:4}"), 0);
    assert_int_equal(uses_clock("{date}#{shard:4}"), 1);
    assert_int_equal(uses_clock("x{hour}"), 1);
    assert_int_equal(uses_clock("T#{ts}"), 1);
}

/* The clock period: the rendering is constant within a period and changes at its start. */
static void render_at(const ddb_template *t, int64_t now_ns, char *buf, size_t cap)
{
    uint64_t none[16] = { 0 };
    ddb_tpl_values v = { .attrs = attrs, .attr_values = none, .shard_values = none, .now_ns = now_ns };
    ddb_template_render(t, &v, buf, cap);
}

static void period_is(const char *text, int64_t want)
{
    ddb_template t;
    parse_ok(&t, text);
    int64_t period = ddb_template_clock_period_ns(&t, attrs);
    assert_int_equal(period, want);
    if (period < INT64_MAX) {
        char a[256], b[256], c[256];
        int64_t start = 3 * period; /* the start of the fourth period */
        render_at(&t, start - 1, a, sizeof a);
        render_at(&t, start, b, sizeof b);
        render_at(&t, start + period - 1, c, sizeof c);
        assert_string_not_equal(a, b);
        assert_string_equal(b, c);
    }
    ddb_template_destroy(&t);
}

static void test_clock_period(void **state)
{
    (void)state;
    period_is("ORDER#{order_id}#{shard:4}", INT64_MAX);
    period_is("USER#{order_id}#{date}", INT64_C(86400000000000));
    period_is("{date}#{hour}", INT64_C(3600000000000));
    period_is("T#{ts}#{date}", INT64_C(1000000));
}

/* Rendering the parts in two ranges, end to end, is the whole rendering, at every split. */
static void test_render_parts(void **state)
{
    (void)state;
    ddb_template t;
    parse_ok(&t, "O#{order_id}#{status}-{date}{{x}}{ts}");
    uint64_t values[16] = { 123456, 2 };
    ddb_tpl_values v = { .attrs = attrs, .attr_values = values, .shard_values = values,
                         .now_ns = INT64_C(90061000000000) };
    char whole[256], got[256];
    size_t len = ddb_template_render(&t, &v, whole, sizeof whole);
    for (size_t split = 0; split <= t.n_parts; split++) {
        size_t a = ddb_template_render_parts(&t, &v, 0, split, got, sizeof got);
        size_t b = ddb_template_render_parts(&t, &v, split, t.n_parts, got + a, sizeof got - a);
        assert_int_equal(a + b, len);
        assert_string_equal(got, whole);
    }
    assert_int_equal(ddb_template_render_parts(&t, &v, 2, 2, got, sizeof got), 0);
    assert_string_equal(got, "");
    ddb_template_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_attr),     cmocka_unit_test(test_render_escapes),
        cmocka_unit_test(test_render_shard_date), cmocka_unit_test(test_render_date_vs_gmtime),
        cmocka_unit_test(test_render_clock),    cmocka_unit_test(test_render_truncation),
        cmocka_unit_test(test_parse_errors),    cmocka_unit_test(test_parts),
        cmocka_unit_test(test_max_len),         cmocka_unit_test(test_domain),
        cmocka_unit_test(test_uses_clock),      cmocka_unit_test(test_clock_period),
        cmocka_unit_test(test_render_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
