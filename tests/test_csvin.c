/* Tests of the CSV reader: what ddbsim's writers produce reads back field for field (quotes,
 * commas and line breaks inside fields, CRLF, a trailing blank line), and every malformed file
 * is one line naming the file and the line. Also the number formatting of sim/strbuf. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/support/csvin.h"
#include "sim/support/strbuf.h"
#include "tests/testlib.h"

static char dir[] = "/tmp/ddbsim-test-csvin-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ddb_test_rmdir(dir);
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

static void test_fields_by_name(void **state)
{
    (void)state;
    ddb_csvin c;
    char err[256];
    const char *p = ddb_test_write(dir, "a.csv", "t_s,index,key,n\r\n0,table,\"ORDER#1,\"\"x\"\"\",5\r\n1.5,byStatus,\"two\nlines\",\r\n\n");
    assert_int_equal(ddb_csvin_open(&c, p, err, sizeof err), 0);
    assert_int_equal(c.n_cols, 4);
    int key = ddb_csvin_column(&c, "key"), n = ddb_csvin_column(&c, "n");
    assert_int_equal(key, 2);
    assert_int_equal(ddb_csvin_column(&c, "nope"), -1);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), 1);
    assert_string_equal(ddb_csvin_field(&c, key), "ORDER#1,\"x\"");
    double x;
    assert_int_equal(ddb_csvin_number(&c, n, &x, err, sizeof err), 0);
    assert_true(x == 5);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), 1);
    assert_int_equal(c.line, 3);
    assert_string_equal(ddb_csvin_field(&c, key), "two\nlines");
    assert_int_equal(ddb_csvin_number(&c, n, &x, err, sizeof err), 1); /* empty: no value */
    assert_true(isnan(x));
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), 0); /* the blank line is no row */
    ddb_csvin_close(&c);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    ddb_csvin c;
    char err[256];
    const char *p = ddb_test_write(dir, "short.csv", "a,b,c\n1,2,3\n4,5\n");
    assert_int_equal(ddb_csvin_open(&c, p, err, sizeof err), 0);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), 1);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), -1);
    assert_contains(err, "short.csv:3: expected 3 fields, got 2");
    ddb_csvin_close(&c);

    p = ddb_test_write(dir, "nan.csv", "a,b\n1,x7\n");
    assert_int_equal(ddb_csvin_open(&c, p, err, sizeof err), 0);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), 1);
    double x;
    assert_int_equal(ddb_csvin_number(&c, 1, &x, err, sizeof err), -1);
    assert_contains(err, "nan.csv:2: b: not a number (got \"x7\")");
    int col;
    assert_int_equal(ddb_csvin_require(&c, "zz", &col, err, sizeof err), -1);
    assert_contains(err, "nan.csv: no column zz in the header");
    ddb_csvin_close(&c);

    p = ddb_test_write(dir, "quote.csv", "a,b\n1,\"open\n");
    assert_int_equal(ddb_csvin_open(&c, p, err, sizeof err), 0);
    assert_int_equal(ddb_csvin_next(&c, err, sizeof err), -1);
    assert_contains(err, "quote.csv:2: unterminated quoted field");
    ddb_csvin_close(&c);

    p = ddb_test_write(dir, "empty.csv", "");
    assert_int_equal(ddb_csvin_open(&c, p, err, sizeof err), -1);
    assert_contains(err, "empty.csv: no header row");
    char missing[300];
    snprintf(missing, sizeof missing, "%s/missing.csv", dir);
    assert_int_equal(ddb_csvin_open(&c, missing, err, sizeof err), -1);
    assert_contains(err, "missing.csv: cannot read (No such file or directory)");
}

static void check_number(double x, int decimals, const char *expected)
{
    ddb_strbuf b = {0};
    ddb_strbuf_number(&b, x, decimals);
    if (strcmp(ddb_strbuf_str(&b), expected) != 0)
        fail_msg("number(%g, %d) = \"%s\", expected \"%s\"", x, decimals, ddb_strbuf_str(&b), expected);
    ddb_strbuf_free(&b);
}

static void check_percent(double fraction, const char *expected)
{
    ddb_strbuf b = {0};
    ddb_strbuf_percent(&b, fraction);
    if (strcmp(ddb_strbuf_str(&b), expected) != 0)
        fail_msg("percent(%g) = \"%s\", expected \"%s\"", fraction, ddb_strbuf_str(&b), expected);
    ddb_strbuf_free(&b);
}

static void test_numbers_for_people(void **state)
{
    (void)state;
    check_number(0, 0, "0");
    check_number(999, 0, "999");
    check_number(1000, 0, "1,000");
    check_number(1996.75, 0, "1,997");
    check_number(1996.75, 1, "1,996.8");
    check_number(1234567.891, 2, "1,234,567.89");
    check_number(-1234.5, 1, "-1,234.5");
    check_number(-0.01, 0, "0");
    check_number(NAN, 1, "n/a");
    check_percent(0.490848, "49.1%");
    check_percent(1, "100%");
    check_percent(0, "0%");
    check_percent(0.25, "25%");
    check_percent(0.00002, "0.002%");
    check_percent(0.99999, "99.999%");
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "%s=%d", "x", 7);
    ddb_strbuf_puts(&b, "!");
    char *s = ddb_strbuf_take(&b);
    assert_string_equal(s, "x=7!");
    assert_null(b.s);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_by_name),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_numbers_for_people),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
