/* price tests: the shipped price table, hand-computed estimates, one-line errors for malformed
 * tables, the scenario's "prices" and "table.table_class" fields, and summary.json's "cost". */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/output/cost.h"
#include "sim/scenario/price.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

/* Within a millionth of a cent: the estimates are sums of a few products. */
static void assert_usd(double got, double want)
{
    if (isnan(got) || fabs(got - want) > 1e-8)
        fail_msg("got %.12g, expected %.12g", got, want);
}

/* Prices chosen so every term is visible: Standard as shipped, Standard-IA made up. */
static const char both[] =
    "{\"region\": \"test-1\", \"as_of\": \"2025-01-02\", \"source\": \"hand\", \"currency\": "
    "\"USD\","
    " \"standard\": {\"provisioned_wcu_hour\": 0.00065, \"provisioned_rcu_hour\": 0.00013,"
    "  \"on_demand_per_million_write_request_units\": 0.625,"
    "  \"on_demand_per_million_read_request_units\": 0.125, \"storage_gb_month\": 0.25},"
    " \"standard_ia\": {\"provisioned_wcu_hour\": 0.001, \"provisioned_rcu_hour\": 0.0002,"
    "  \"on_demand_per_million_write_request_units\": 1,"
    "  \"on_demand_per_million_read_request_units\": 0.2, \"storage_gb_month\": 0.1}}";

static void parse_ok(const char *text, ddb_price_table *t)
{
    char err[DDB_ERR_MAX] = "";
    if (ddb_price_parse(t, text, strlen(text), "p.json", err, sizeof err) != 0)
        fail_msg("%s", err);
}

static void test_shipped_table_loads(void **state)
{
    (void)state;
    ddb_price_table t;
    char err[DDB_ERR_MAX] = "";
    if (ddb_price_load(&t, ddb_test_source_path("scenarios/prices/us-east-1.json"), err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_string_equal(t.region, "us-east-1");
    assert_string_equal(t.currency, "USD");
    assert_int_equal(strlen(t.as_of), 10);
    assert_true(strlen(t.source) > 0);
    const double *p = t.price[DDB_CLASS_STANDARD];
    assert_usd(p[DDB_PRICE_WCU_HOUR], 0.00065);
    assert_usd(p[DDB_PRICE_RCU_HOUR], 0.00013);
    assert_usd(p[DDB_PRICE_OD_WRITE_MILLION], 0.625);
    assert_usd(p[DDB_PRICE_OD_READ_MILLION], 0.125);
    assert_usd(p[DDB_PRICE_STORAGE_GB_MONTH], 0.25);
    /* Standard-IA: every price present, none "no price". */
    const double *ia = t.price[DDB_CLASS_STANDARD_IA];
    assert_usd(ia[DDB_PRICE_WCU_HOUR], 0.00081);
    assert_usd(ia[DDB_PRICE_RCU_HOUR], 0.00016);
    assert_usd(ia[DDB_PRICE_OD_WRITE_MILLION], 0.78);
    assert_usd(ia[DDB_PRICE_OD_READ_MILLION], 0.155);
    assert_usd(ia[DDB_PRICE_STORAGE_GB_MONTH], 0.10);
    ddb_price_destroy(&t);
}

static void test_provisioned_by_hand(void **state)
{
    (void)state;
    ddb_price_table t;
    parse_ok(both, &t);
    ddb_cost c;
    ddb_cost_compute(&t, 100, 50, 10, 0, 0, 60, &c);
    /* (100 x 0.00013 + 50 x 0.00065) x 730 + 10 x 0.25 = 33.215 + 2.5 */
    assert_usd(c.provisioned_usd[DDB_CLASS_STANDARD], 35.715);
    /* (100 x 0.0002 + 50 x 0.001) x 730 + 10 x 0.1 = 51.1 + 1 */
    assert_usd(c.provisioned_usd[DDB_CLASS_STANDARD_IA], 52.1);
    /* Nothing consumed: on-demand is the storage alone. */
    assert_usd(c.on_demand_usd[DDB_CLASS_STANDARD], 2.5);
    assert_usd(c.on_demand_usd[DDB_CLASS_STANDARD_IA], 1);
    ddb_price_destroy(&t);
}

static void test_on_demand_by_hand(void **state)
{
    (void)state;
    ddb_price_table t;
    parse_ok(both, &t);
    ddb_cost c;
    /* 3600 RCU and 1800 WCU consumed in 60 s: 60 and 30 per second, so 155,520,000 read and
     * 77,760,000 write request units in 2,592,000 s. */
    ddb_cost_compute(&t, 1, 1, 10, 3600, 1800, 60, &c);
    /* 155.52 x 0.125 + 77.76 x 0.625 + 2.5 = 19.44 + 48.6 + 2.5 */
    assert_usd(c.on_demand_usd[DDB_CLASS_STANDARD], 70.54);
    /* 155.52 x 0.2 + 77.76 x 1 + 1 = 31.104 + 77.76 + 1 */
    assert_usd(c.on_demand_usd[DDB_CLASS_STANDARD_IA], 109.864);
    /* Provisioned ignores what was consumed: (0.00013 + 0.00065) x 730 + 2.5 */
    assert_usd(c.provisioned_usd[DDB_CLASS_STANDARD], 3.0694);
    ddb_price_destroy(&t);
}

static void test_missing_price_is_no_price(void **state)
{
    (void)state;
    ddb_price_table t;
    parse_ok("{\"region\": \"r\", \"as_of\": \"2025-01-02\", \"source\": \"s\","
             " \"currency\": \"USD\","
             " \"standard\": {\"provisioned_wcu_hour\": 1, \"provisioned_rcu_hour\": 1,"
             "  \"on_demand_per_million_write_request_units\": 1,"
             "  \"on_demand_per_million_read_request_units\": 1, \"storage_gb_month\": 1},"
             " \"standard_ia\": {\"provisioned_wcu_hour\": 1, \"provisioned_rcu_hour\": 1,"
             "  \"storage_gb_month\": 1}}",
             &t);
    ddb_cost c;
    ddb_cost_compute(&t, 1, 1, 0, 60, 60, 60, &c);
    assert_usd(c.provisioned_usd[DDB_CLASS_STANDARD], 1460);
    assert_usd(c.on_demand_usd[DDB_CLASS_STANDARD], 2 * 2.592);
    assert_usd(c.provisioned_usd[DDB_CLASS_STANDARD_IA], 1460);
    assert_true(isnan(c.on_demand_usd[DDB_CLASS_STANDARD_IA]));
    ddb_price_destroy(&t);
}

static void expect_error(const char *text, const char *want)
{
    ddb_price_table t;
    char err[DDB_ERR_MAX] = "";
    assert_int_equal(ddb_price_parse(&t, text, strlen(text), "p.json", err, sizeof err), -1);
    assert_string_equal(err, want);
}

#define HEAD \
    "{\"region\": \"r\", \"as_of\": \"2025-01-02\", \"source\": \"s\", \"currency\": \"USD\","

static void test_malformed(void **state)
{
    (void)state;
    expect_error("{\"region\": ", "p.json: not valid JSON (near byte 10)");
    expect_error("[]", "p.json: (top level): not an object (got [])");
    expect_error("{\"as_of\": \"2025-01-02\"}",
                 "p.json: region: missing (expected a string)");
    expect_error("{\"region\": 5}", "p.json: region: not a non-empty string (got 5)");
    expect_error("{\"region\": \"r\", \"as_of\": \"last week\", \"source\": \"s\"}",
                 "p.json: as_of: not a date YYYY-MM-DD (got \"last week\")");
    expect_error(HEAD " \"standard\": {}}",
                 "p.json: standard_ia: missing (expected an object of prices, {} for none)");
    expect_error(HEAD " \"standard\": [], \"standard_ia\": {}}",
                 "p.json: standard: not an object of prices (got [])");
    expect_error(HEAD " \"standard\": {\"provisioned_wcu_hour\": -1}, \"standard_ia\": {}}",
                 "p.json: standard.provisioned_wcu_hour: not a price (a number >= 0) (got -1)");
    expect_error(HEAD " \"standard\": {}, \"standard_ia\": {\"storage_gb_month\": \"0.1\"}}",
                 "p.json: standard_ia.storage_gb_month: not a price (a number >= 0) "
                 "(got \"0.1\")");
    expect_error(HEAD " \"standard\": {\"wcu_hour\": 1}, \"standard_ia\": {}}",
                 "p.json: standard.wcu_hour: unknown price (expected one of: "
                 "provisioned_wcu_hour, provisioned_rcu_hour, "
                 "on_demand_per_million_write_request_units, "
                 "on_demand_per_million_read_request_units, storage_gb_month)");
    expect_error(HEAD " \"standard\": {\"storage_gb_month\": 1, \"storage_gb_month\": 2},"
                      " \"standard_ia\": {}}",
                 "p.json: standard.storage_gb_month: given twice");
    expect_error(HEAD " \"standard\": {}, \"standard_ia\": {}, \"glacier\": {}}",
                 "p.json: glacier: unknown field (expected one of: region, as_of, source, "
                 "currency, sources, notes, standard, standard_ia)");
    ddb_price_table t;
    char err[DDB_ERR_MAX] = "";
    assert_int_equal(ddb_price_load(&t, "/nonexistent/p.json", err, sizeof err), -1);
    assert_string_equal(err,
                        "/nonexistent/p.json: cannot read (No such file or directory)");
}

static const char tiny_fmt[] =
    "{\"name\": \"tiny\", \"seed\": 5, \"duration_s\": 2, %s"
    " \"table\": {\"rcu\": 300, \"wcu\": 100, \"size_gb\": 4, \"table_class\": \"%s\","
    "   \"key\": {\"pk\": \"K#{k}\"}},"
    " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 50}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 100},"
    "   \"mix\": {\"get\": 0.5, \"put\": 0.5}}}";

static int parse_tiny(ddb_scenario *s, const char *prices_member, const char *cls, char *err,
                      size_t errlen)
{
    char text[8192];
    snprintf(text, sizeof text, tiny_fmt, prices_member, cls);
    return ddb_scenario_parse(s, text, strlen(text), "hot.json", NULL, 0, err, errlen);
}

static void test_scenario_fields(void **state)
{
    (void)state;
    char dir[] = "/tmp/ddbsim-price-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char member[4200], err[DDB_ERR_MAX] = "";
    ddb_scenario s;
    assert_int_equal(parse_tiny(&s, "", "standard_ia", err, sizeof err), 0);
    assert_int_equal(s.table_class, DDB_CLASS_STANDARD_IA);
    assert_null(s.prices);
    ddb_scenario_destroy(&s);

    assert_int_equal(parse_tiny(&s, "", "glacier", err, sizeof err), -1);
    assert_non_null(strstr(err, "hot.json: table.table_class: "));
    assert_non_null(strstr(err, "glacier"));

    /* A named price table must load; its error is the scenario's. */
    const char *bad = ddb_test_write(dir, "bad.json", "{\"region\": \"r\"}");
    snprintf(member, sizeof member, "\"prices\": \"%s\",", bad);
    assert_int_equal(parse_tiny(&s, member, "standard", err, sizeof err), -1);
    char want[8192];
    snprintf(want, sizeof want, "hot.json: prices: %s: as_of: missing (expected a string)", bad);
    assert_string_equal(err, want);
    unlink(bad);

    const char *good = ddb_test_write(dir, "good.json", both);
    snprintf(member, sizeof member, "\"prices\": \"%s\",", good);
    assert_int_equal(parse_tiny(&s, member, "standard", err, sizeof err), 0);
    assert_string_equal(s.prices, good);
    ddb_scenario_destroy(&s);
    unlink(good);
    rmdir(dir);
}

static void test_env_override(void **state)
{
    (void)state;
    assert_int_equal(setenv("DDBSIM_PRICES", "/somewhere/prices.json", 1), 0);
    assert_string_equal(ddb_price_default_path(), "/somewhere/prices.json");
    assert_int_equal(unsetenv("DDBSIM_PRICES"), 0);
    assert_string_not_equal(ddb_price_default_path(), "/somewhere/prices.json");
}

static void test_summary_has_cost(void **state)
{
    (void)state;
    char dir[] = "/tmp/ddbsim-price-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char prices_dir[] = "/tmp/ddbsim-prices-XXXXXX";
    assert_non_null(mkdtemp(prices_dir));
    const char *good = ddb_test_write(prices_dir, "good.json", both);
    char member[4200], err[DDB_ERR_MAX] = "";
    snprintf(member, sizeof member, "\"prices\": \"%s\",", good);
    ddb_scenario s;
    if (parse_tiny(&s, member, "standard_ia", err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_report r;
    ddb_run_options opt = {dir, NULL, NULL, NULL};
    if (ddb_run(&s, &opt, &r, err, sizeof err) != 0)
        fail_msg("%s", err);

    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = ddb_test_read(NULL, path, NULL);
    cJSON *o = cJSON_Parse(text);
    assert_non_null(o);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "cost");
    assert_true(cJSON_IsObject(c));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "region")->valuestring, "test-1");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "as_of")->valuestring, "2025-01-02");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "table_class")->valuestring,
                        "standard_ia");
    /* (300 x 0.0002 + 100 x 0.001) x 730 + 4 x 0.1 = 116.8 + 0.4 */
    assert_usd(cJSON_GetObjectItemCaseSensitive(c, "provisioned_per_month_usd")->valuedouble,
               117.2);
    double rcu = (double)r.total.consumed_milli[DDB_READ] / 1000.0;
    double wcu = (double)r.total.consumed_milli[DDB_WRITE] / 1000.0;
    assert_true(rcu > 0 && wcu > 0);
    double per_month = 2592000.0 / 2.0 / 1e6;
    double od_ia = rcu * per_month * 0.2 + wcu * per_month * 1 + 0.4;
    double od_std = rcu * per_month * 0.125 + wcu * per_month * 0.625 + 1;
    assert_true(fabs(cJSON_GetObjectItemCaseSensitive(c, "on_demand_per_month_usd")->valuedouble -
                     od_ia) < 1e-6);
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(c, "by_table_class");
    const cJSON *std = cJSON_GetObjectItemCaseSensitive(by, "standard");
    /* (300 x 0.00013 + 100 x 0.00065) x 730 + 4 x 0.25 = 75.92 + 1 */
    assert_usd(cJSON_GetObjectItemCaseSensitive(std, "provisioned_per_month_usd")->valuedouble,
               76.92);
    assert_true(fabs(cJSON_GetObjectItemCaseSensitive(std, "on_demand_per_month_usd")->valuedouble -
                     od_std) < 1e-6);
    const char *assumptions = cJSON_GetObjectItemCaseSensitive(c, "assumptions")->valuestring;
    assert_non_null(strstr(assumptions, "free tier"));
    assert_non_null(strstr(assumptions, "30-day month"));
    cJSON_Delete(o);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);

    /* The shipped Standard-IA prices: provisioned (300 RCU x $0.00016 + 100 WCU x $0.00081) x 730
     * hours + 4 GB x $0.10 = $94.57; on-demand at $0.155 per million RRU and $0.78 per million WRU. */
    if (parse_tiny(&s, "", "standard_ia", err, sizeof err) != 0)
        fail_msg("%s", err);
    if (ddb_run(&s, &opt, &r, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(text);
    text = ddb_test_read(NULL, path, NULL);
    o = cJSON_Parse(text);
    assert_non_null(o);
    c = cJSON_GetObjectItemCaseSensitive(o, "cost");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "region")->valuestring, "us-east-1");
    assert_usd(cJSON_GetObjectItemCaseSensitive(c, "provisioned_per_month_usd")->valuedouble, 94.57);
    rcu = (double)r.total.consumed_milli[DDB_READ] / 1000.0;
    wcu = (double)r.total.consumed_milli[DDB_WRITE] / 1000.0;
    od_ia = rcu * per_month * 0.155 + wcu * per_month * 0.78 + 0.4;
    assert_true(fabs(cJSON_GetObjectItemCaseSensitive(c, "on_demand_per_month_usd")->valuedouble -
                     od_ia) < 1e-6);
    std = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "by_table_class"),
                                           "standard");
    assert_usd(cJSON_GetObjectItemCaseSensitive(std, "provisioned_per_month_usd")->valuedouble,
               76.92);
    cJSON_Delete(o);
    free(text);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
    unlink(good);
    rmdir(prices_dir);
    assert_int_equal(ddb_test_rmdir(dir), 0);
}

int main(void)
{
    /* The shipped table, whatever the environment running the tests says. */
    unsetenv("DDBSIM_PRICES");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_table_loads),
        cmocka_unit_test(test_provisioned_by_hand),
        cmocka_unit_test(test_on_demand_by_hand),
        cmocka_unit_test(test_missing_price_is_no_price),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_scenario_fields),
        cmocka_unit_test(test_env_override),
        cmocka_unit_test(test_summary_has_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
