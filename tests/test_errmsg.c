/* Tests of the one-line error helper: control characters of a quoted value come out escaped
 * (\n, \r, \t, \x1b), other bytes (UTF-8 included) as they are, and a cut never splits an escape. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sim/support/errmsg.h"

static void test_escape(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(ddb_escape("a\nb\rc\td\x1b[31me\x7f", out, sizeof out),
                        "a\\nb\\rc\\td\\x1b[31me\\x7f");
    assert_string_equal(ddb_escape("caf\xc3\xa9 \"x\"", out, sizeof out), "caf\xc3\xa9 \"x\"");
    assert_string_equal(ddb_escape("ab\x01", out, 6), "ab"); /* "\x01" does not fit whole */
    assert_string_equal(ddb_escape("", out, 1), "");
}

static void test_errorf(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(ddb_errorf(err, sizeof err, "f.csv:3: %s: not a number (got \"%s\")", "rps",
                                "1\x1b[2J\nrm"), -1);
    assert_string_equal(err, "f.csv:3: rps: not a number (got \"1\\x1b[2J\\nrm\")");
    assert_int_equal(ddb_errorf(NULL, 0, "%s", "x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_errorf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
