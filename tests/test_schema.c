/* Tests of the output schema (sim/output/schema.h) and the model's lists it is built on: names
 * unique, every throttle reason named by AWS and CloudWatch, the caps' text saying their numbers,
 * and each writer writing exactly the schema's columns, header and rows alike. */
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
#include <cjson/cJSON.h>

#include "sim/model/event_kinds.h"
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/model/reasons.h"
#include "sim/output/out_csv.h"
#include "sim/output/out_gsi.h"
#include "sim/output/schema.h"
#include "sim/runs/out_sweep.h"
#include "sim/scenario/price.h"
#include "sim/support/quantile.h"
#include "tests/testlib.h"

/* The schema's header of s, as one comma-separated line (PER_AXIS left out). */
static char *expected_header(const ddb_file_schema *s)
{
    ddb_test_capture c;
    FILE *f = ddb_test_capture_start(&c);
    const char *sep = "";
    for (size_t i = 0; i < s->n_cols; i++)
        for (size_t k = 0, n = ddb_column_width(&s->cols[i]); k < n; k++) {
            fprintf(f, "%s%s%s", sep, s->cols[i].name, ddb_column_suffix(&s->cols[i], k));
            sep = ",";
        }
    fputc('\n', f);
    return ddb_test_capture_end(&c);
}

static size_t count_fields(const char *line)
{
    size_t n = 1;
    for (const char *p = line; *p && *p != '\n'; p++)
        n += *p == ',';
    return n;
}

static size_t schema_width(const ddb_file_schema *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_cols; i++)
        n += ddb_column_width(&s->cols[i]);
    return n;
}

static void test_column_names_unique(void **state)
{
    (void)state;
    for (size_t i = 0; i < ddb_schema_n_files; i++) {
        const ddb_file_schema *s = ddb_schema_files[i];
        if (!s->cols)
            continue;
        char *header = expected_header(s);
        /* ",name," appears once in ",header," for every name */
        size_t len = strlen(header);
        header[len - 1] = '\0';
        char *wrapped = malloc(len + 2);
        assert_non_null(wrapped);
        snprintf(wrapped, len + 2, ",%s,", header);
        for (char *name = strtok(header, ","); name; name = strtok(NULL, ",")) {
            char needle[256];
            snprintf(needle, sizeof needle, ",%s,", name);
            char *first = strstr(wrapped, needle);
            assert_non_null(first);
            if (strstr(first + 1, needle)) {
                print_error("%s: column %s twice\n", s->file, name);
                fail();
            }
        }
        free(wrapped);
        free(header);
        for (size_t j = 0; j < s->n_cols; j++) {
            assert_non_null(s->cols[j].unit);
            assert_true(s->cols[j].meaning && *s->cols[j].meaning);
        }
    }
}

static void test_every_reason_named(void **state)
{
    (void)state;
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++) {
        enum ddb_throttle_reason t = (enum ddb_throttle_reason)r;
        assert_true(*ddb_throttle_column[r] && *ddb_throttle_meaning(t));
        assert_int_equal(ddb_throttle_by_column(ddb_throttle_column[r]), t);
        for (int d = 0; d < 2; d++) {
            for (int ix = 0; ix < 2; ix++) {
                const char *aws = ddb_throttle_aws_name(t, ix, (enum ddb_dir)d);
                if (!ddb_throttle_applies(t, (enum ddb_dir)d)) {
                    assert_string_equal(aws, "");
                    continue;
                }
                assert_true(!strncmp(aws, "Table", 5) || !strncmp(aws, "Index", 5));
                assert_true(strstr(aws, "Exceeded") != NULL);
            }
            const char *cw = ddb_throttle_cloudwatch_metric(t, (enum ddb_dir)d);
            if (cw) {
                assert_true(!strncmp(cw, d == DDB_READ ? "Read" : "Write", d == DDB_READ ? 4 : 5));
                assert_non_null(strstr(cw, "ThrottleEvents"));
            }
            /* a reason has metrics in both directions or in none */
            assert_true(!cw == !ddb_throttle_cloudwatch_metric(t, (enum ddb_dir)!d));
        }
        for (int q = 1; q < r; q++)
            assert_true(strcmp(ddb_throttle_column[q], ddb_throttle_column[r]) != 0);
    }
    assert_int_equal(ddb_throttle_by_column("no_such_reason"), DDB_ADMITTED);
    /* known answers: AWS's names as the documentation spells them */
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_KEY_RANGE, false, DDB_WRITE),
                        "TableWriteKeyRangeThroughputExceeded");
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_ACCOUNT_LIMIT, true, DDB_READ),
                        "IndexReadAccountLimitExceeded");
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_GSI_BACKPRESSURE, false, DDB_WRITE),
                        "IndexWriteProvisionedThroughputExceeded");
    assert_string_equal(ddb_throttle_cloudwatch_metric(DDB_THROTTLE_PROVISIONED, DDB_READ),
                        "ReadProvisionedThroughputThrottleEvents");
}

static void test_cloudwatch_metrics(void **state)
{
    (void)state;
    size_t per_reason = 0;
    for (int i = 0; i < DDB_CWM_COUNT; i++) {
        const ddb_cw_metric_schema *m = &ddb_schema_cloudwatch_metrics[i];
        const char *name = ddb_cw_metric_name(m);
        assert_non_null(name);
        assert_true(!strcmp(m->statistic, "Sum") || !strcmp(m->statistic, "Average"));
        per_reason += m->reason != DDB_ADMITTED;
        for (int j = 0; j < i; j++)
            assert_true(strcmp(ddb_cw_metric_name(&ddb_schema_cloudwatch_metrics[j]), name) != 0);
    }
    /* one per-reason metric per AWS limit and direction, and every cause counts in one of them */
    assert_int_equal(per_reason, 2 * DDB_AWS_LIMIT_COUNT);
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        for (int d = 0; d < 2; d++) {
            const char *cw = ddb_throttle_cloudwatch_metric((enum ddb_throttle_reason)r, (enum ddb_dir)d);
            bool written = false;
            for (int i = 0; i < DDB_CWM_COUNT; i++)
                written |= ddb_schema_cloudwatch_metrics[i].reason != DDB_ADMITTED &&
                           !strcmp(ddb_cw_metric_name(&ddb_schema_cloudwatch_metrics[i]), cw);
            assert_true(written);
        }
}

static void test_event_kinds(void **state)
{
    (void)state;
    for (int k = 0; k < DDB_EVENT_KIND_COUNT; k++) {
        assert_true(*ddb_event_kind_name[k] && *ddb_event_kind_meaning[k]);
        assert_null(strpbrk(ddb_event_kind_name[k], ", \"")); /* written unquoted */
        for (int j = 0; j < k; j++)
            assert_true(strcmp(ddb_event_kind_name[j], ddb_event_kind_name[k]) != 0);
    }
    assert_string_equal(ddb_event_kind_name[DDB_EVENT_SPLIT], "split");
}

/* "3,000 RCU/s" from 3000 and "RCU". */
static void check_cap_text(const char *text, long units, const char *unit)
{
    char want[64];
    if (units >= 1000)
        snprintf(want, sizeof want, "%ld,%03ld %s/s", units / 1000, units % 1000, unit);
    else
        snprintf(want, sizeof want, "%ld %s/s", units, unit);
    assert_string_equal(text, want);
}

static void test_caps_text_says_the_numbers(void **state)
{
    (void)state;
    check_cap_text(DDB_PARTITION_MAX_RCU_TEXT, DDB_PARTITION_MAX_RCU, "RCU");
    check_cap_text(DDB_PARTITION_MAX_WCU_TEXT, DDB_PARTITION_MAX_WCU, "WCU");
}

/* The header writer writes the schema's header; a row has as many fields. */
static void check_file(const ddb_file_schema *s, void (*header)(FILE *), const char *row)
{
    ddb_test_capture c;
    header(ddb_test_capture_start(&c));
    char *got = ddb_test_capture_end(&c), *want = expected_header(s);
    assert_string_equal(got, want);
    if (count_fields(row) != schema_width(s)) {
        print_error("%s: a row has %zu fields, the schema %zu columns: %s", s->file, count_fields(row),
                    schema_width(s), row);
        fail();
    }
    free(got);
    free(want);
}

static void test_writers_write_the_schema(void **state)
{
    (void)state;
    static ddb_quantile quantile;
    ddb_quantile *q = &quantile;
    ddb_quantile_reset(q);
    ddb_quantile_add(q, 5000000);
    ddb_counters counters = {0};
    ddb_test_capture c;
    ddb_ts_row ts = {.t_ns = 1000000000, .index = "table", .c = &counters, .latency = q};
    ddb_csv_timeseries_row(ddb_test_capture_start(&c), &ts);
    char *row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_timeseries, ddb_csv_timeseries_header, row);
    free(row);

    ddb_part_counters pc = {{0}, {0}};
    int64_t burst[2] = {1500, 0};
    ddb_csv_parts *w = ddb_csv_partitions_new(ddb_test_capture_start(&c));
    ddb_csv_partitions_row(w, 0, "table", 3, &pc, burst);
    ddb_csv_partitions_flush(w);
    ddb_csv_partitions_free(w);
    row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_partitions, ddb_csv_partitions_header, row);
    free(row);

    ddb_csv_events_row(ddb_test_capture_start(&c), 0, "table", ddb_event_kind_name[DDB_EVENT_SPLIT], 1, "for heat");
    row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_events, ddb_csv_events_header, row);
    free(row);

    ddb_csv_latency_rows(ddb_test_capture_start(&c), DDB_SCHEMA_LATENCY_ALL, q);
    row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_latency, ddb_csv_latency_header, row);
    free(row);

    ddb_gsi_row g = {.t_ns = 0, .gsi = "byStatus", .lag = q, .lag_max_ns = 7000000};
    ddb_csv_gsi_row(ddb_test_capture_start(&c), &g);
    row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_gsi, ddb_csv_gsi_header, row);
    free(row);
}

static void test_keys_row(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 8);
    uint32_t id;
    ddb_keystat *e = ddb_keytab_find(&k, 42, "USER#1", 6, &id);
    assert_non_null(e);
    ddb_test_capture c;
    ddb_csv_keys_row(ddb_test_capture_start(&c), ddb_keys_kind_name[DDB_KEYS_ACCESSED], 1, "table", &k, e);
    char *row = ddb_test_capture_end(&c);
    check_file(&ddb_schema_keys, ddb_csv_keys_header, row);
    free(row);
    ddb_keytab_destroy(&k);
}

/* sweep.csv and compare.csv: the header after the grid's axes, and rows as wide. */
static void test_sweep_and_compare(void **state)
{
    (void)state;
    ddb_run_result res;
    memset(&res, 0, sizeof res);
    res.pk = "K#{shard:4}";
    res.partitions_used = 2;
    res.cost.provisioned_usd[0] = NAN;
    res.cost.on_demand_usd[0] = 1.5;
    ddb_test_capture c;
    ddb_sweep_csv_write(ddb_test_capture_start(&c), NULL, 0, 1, &res, 1);
    char *text = ddb_test_capture_end(&c), *want = expected_header(&ddb_schema_sweep);
    assert_memory_equal(text, want, strlen(want));
    assert_int_equal(count_fields(text + strlen(want)), schema_width(&ddb_schema_sweep));
    free(text);
    free(want);

    const char *label = "A";
    ddb_compare_csv_write(ddb_test_capture_start(&c), &label, &res, 1);
    text = ddb_test_capture_end(&c);
    want = expected_header(&ddb_schema_compare);
    assert_memory_equal(text, want, strlen(want));
    assert_int_equal(count_fields(text + strlen(want)), schema_width(&ddb_schema_compare));
    free(text);
    free(want);
}

/* ---- summary.json against DDB_SUMMARY_FIELDS ---- */

/* A table with a sort key, a GSI and an LSI: every field but a trace's is written. */
static const char summary_scenario[] =
    "{\"name\": \"schema\", \"seed\": 3, \"duration_s\": 5,"
    " \"table\": {\"rcu\": 400, \"wcu\": 100, \"key\": {\"pk\": \"U#{u}\", \"sk\": \"T#{t}\"},"
    "  \"gsi\": [{\"name\": \"byT\", \"pk\": \"T#{t}\", \"rcu\": 100, \"wcu\": 100}],"
    "  \"lsi\": [{\"name\": \"byU\", \"sk\": \"{t}\"}]},"
    " \"attributes\": {\"u\": {\"dist\": \"zipfian\", \"n\": 1000}, \"t\": {\"dist\": \"uniform\", \"n\": 50}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 300},"
    "  \"mix\": {\"put\": 0.6, \"get\": 0.2, \"gsi_query\": 0.2}, \"gsi_query_index\": \"byT\"}}";

/* Transactions are refused beside indexes: their fields come from a run of their own. */
static const char transaction_scenario[] =
    "{\"name\": \"tx\", \"seed\": 3, \"duration_s\": 5,"
    " \"table\": {\"rcu\": 400, \"wcu\": 100, \"key\": {\"pk\": \"U#{u}\"}},"
    " \"attributes\": {\"u\": {\"dist\": \"zipfian\", \"n\": 1000}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 300},"
    "  \"mix\": {\"put\": 0.5, \"transact_write\": 0.5}}}";

/* The aggregated mode's fields: one run it takes, one it refuses (a local secondary index). */
static const char aggregated_scenario[] =
    "{\"name\": \"agg\", \"seed\": 3, \"duration_s\": 5, \"simulation\": \"aggregated\","
    " \"table\": {\"rcu\": 400, \"wcu\": 100, \"key\": {\"pk\": \"U#{u}\"}},"
    " \"attributes\": {\"u\": {\"dist\": \"zipfian\", \"n\": 1000}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 300},"
    "  \"mix\": {\"put\": 0.5, \"get\": 0.5}}}";
static const char refused_scenario[] =
    "{\"name\": \"agg\", \"seed\": 3, \"duration_s\": 5, \"simulation\": \"aggregated\","
    " \"table\": {\"rcu\": 400, \"wcu\": 100, \"key\": {\"pk\": \"U#{u}\", \"sk\": \"{v}\"},"
    "  \"lsi\": [{\"name\": \"byW\", \"sk\": \"{w}\"}]},"
    " \"attributes\": {\"u\": {\"dist\": \"zipfian\", \"n\": 1000}, \"v\": {\"dist\": \"uniform\", \"n\": 10},"
    "  \"w\": {\"dist\": \"uniform\", \"n\": 10}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 300},"
    "  \"mix\": {\"put\": 1}}}";

static bool is_aws_reason(const char *name)
{
    for (size_t k = 0; k < DDB_AWS_REASON_COUNT; k++)
        if (!strcmp(name, ddb_aws_reason_name[k]))
            return true;
    return false;
}

static bool is_table_class(const char *name)
{
    for (int k = 0; k < DDB_TABLE_CLASS_COUNT; k++)
        if (!strcmp(name, ddb_table_class_name((enum ddb_table_class)k)))
            return true;
    return false;
}

/* The schema's name for member `name` of the object at path. */
static const char *member(const char *path, const char *name)
{
    if (!strcmp(path, "throttles_by_reason") || !strcmp(path, "throttle_rate_by_reason")) {
        assert_true(is_aws_reason(name));
        return "<AWS reason>";
    }
    if (!strcmp(path, "throttles_by_cause")) {
        assert_int_not_equal(ddb_throttle_by_column(name), DDB_ADMITTED);
        return "<reason>";
    }
    if (!strcmp(path, "cost.by_table_class")) {
        assert_true(is_table_class(name));
        return "<table class>";
    }
    return name;
}

static const ddb_summary_field *summary_field(const char *path)
{
    for (size_t i = 0; i < ddb_schema_n_summary_fields; i++)
        if (!strcmp(ddb_schema_summary_fields[i].path, path))
            return &ddb_schema_summary_fields[i];
    return NULL;
}

/* Every leaf of o (at path) is a field of the schema; written[i] marks field i seen. */
static void walk_summary(const cJSON *o, const char *path, bool *written)
{
    if ((cJSON_IsObject(o) && strcmp(path, "scenario") != 0) || cJSON_IsArray(o)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, o) {
            char sub[256];
            if (cJSON_IsArray(o))
                snprintf(sub, sizeof sub, "%s[]", path);
            else
                snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", member(path, it->string));
            walk_summary(it, sub, written);
        }
        return;
    }
    const ddb_summary_field *x = summary_field(path);
    if (!x) {
        print_error("summary.json: %s is not in DDB_SUMMARY_FIELDS\n", path);
        fail();
    }
    written[x - ddb_schema_summary_fields] = true;
}

static void test_summary_fields(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    ddb_test_run_json(summary_scenario, dir, &r);
    ddb_report_destroy(&r);
    size_t len;
    char *text = ddb_test_read(dir, "summary.json", &len);
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    bool *written = calloc(ddb_schema_n_summary_fields, sizeof *written);
    assert_non_null(written);
    walk_summary(doc, "", written);
    const char *const more[] = {transaction_scenario, aggregated_scenario, refused_scenario};
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
        ddb_test_run_json(more[k], dir, &r);
        ddb_report_destroy(&r);
        char *more_text = ddb_test_read(dir, "summary.json", &len);
        cJSON *more_doc = cJSON_Parse(more_text);
        assert_non_null(more_doc);
        walk_summary(more_doc, "", written);
        cJSON_Delete(more_doc);
        free(more_text);
    }
    for (size_t i = 0; i < ddb_schema_n_summary_fields; i++) {
        const ddb_summary_field *x = &ddb_schema_summary_fields[i];
        bool may_lack = !strcmp(x->when, "with a replayed trace") || !strcmp(x->when, "without a price table");
        /* an object's own entry ("hottest_key") is written as its fields, or as null */
        for (size_t j = 0; !written[i] && j < ddb_schema_n_summary_fields; j++) {
            size_t n = strlen(x->path);
            written[i] = written[j] && !strncmp(ddb_schema_summary_fields[j].path, x->path, n) &&
                         ddb_schema_summary_fields[j].path[n] == '.';
        }
        if (!written[i] && !may_lack) {
            print_error("summary.json has no %s (DDB_SUMMARY_FIELDS says: %s)\n", x->path,
                        *x->when ? x->when : "always");
            fail();
        }
    }
    free(written);
    cJSON_Delete(doc);
    free(text);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_names_unique),
        cmocka_unit_test(test_every_reason_named),
        cmocka_unit_test(test_cloudwatch_metrics),
        cmocka_unit_test(test_event_kinds),
        cmocka_unit_test(test_caps_text_says_the_numbers),
        cmocka_unit_test(test_writers_write_the_schema),
        cmocka_unit_test(test_keys_row),
        cmocka_unit_test(test_sweep_and_compare),
        cmocka_unit_test(test_summary_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
