/* validate — check a scenario and print it as understood; reference — the field reference, or
 * the outputs' (the schema). */
#include <stdlib.h>
#include <string.h>
#include "sim/cli/cli.h"
#include "sim/output/schema.h"
#include "sim/scenario/scenario.h"
#include "workloads/trace.h"

static const char validate_usage[] =
    "usage: ddbsim validate SCENARIO.json [--set PATH=VALUE ...] [--seed N] [--duration S]\n"
    "                       [--table-from FILE[#NAME]]\n"
    "\n"
    "Checks the scenario and prints it on stdout with every default filled in.\n"
    "Exit status: 0 valid, 1 invalid (one line on stderr naming the field), 2 bad usage.\n";

int ddb_cmd_validate(int argc, char **argv)
{
    ddb_scenario_args a = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(validate_usage, stdout);
            ddb_scenario_args_free(&a);
            return DDB_EXIT_OK;
        }
        int taken = ddb_scenario_args_take(&a, "validate", argc, argv, &i);
        if (taken <= 0) {
            if (taken == 0)
                fprintf(stderr, "ddbsim validate: unknown option '%s' (see ddbsim validate --help)\n", argv[i]);
            ddb_scenario_args_free(&a);
            return DDB_EXIT_USAGE;
        }
    }
    if (!a.path) {
        fputs(validate_usage, stderr);
        ddb_scenario_args_free(&a);
        return DDB_EXIT_USAGE;
    }
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    int rc = ddb_scenario_load(&s, a.path, a.sets, a.n_sets, err, sizeof err);
    if (rc != 0) {
        ddb_scenario_args_free(&a);
        fprintf(stderr, "%s\n", err);
        return DDB_EXIT_INPUT;
    }
    /* A run reads its trace as it goes (loading reads its last line only), so a bad line is
     * found only when the run reaches it: validate reads every line. */
    int64_t last_ns;
    if (s.has_trace && ddb_trace_read_all(&s.trace, &last_ns, err, sizeof err) != 0) {
        fprintf(stderr, "%s: workload.trace.path: %s\n", a.path, err);
        ddb_scenario_args_free(&a);
        ddb_scenario_destroy(&s);
        return DDB_EXIT_INPUT;
    }
    ddb_scenario_args_free(&a);
    ddb_print_warnings(s.warnings);
    char *text = ddb_scenario_resolved_text(&s);
    printf("%s\n", text);
    free(text);
    ddb_scenario_destroy(&s);
    return DDB_EXIT_OK;
}

int ddb_cmd_reference(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        puts("usage: ddbsim reference [--outputs | --columns | --json-schema]\n\n"
             "Prints every scenario field: type, default, range, meaning.\n"
             "  --outputs   every file a run writes instead: columns, units, throttle reasons, event\n"
             "              kinds, CloudWatch metrics, partition caps (docs/outputs.md, Markdown)\n"
             "  --columns   every CSV column, one \"FILE COLUMN\" per line\n"
             "  --json-schema  the scenario format as a JSON Schema, draft 2020-12\n"
             "              (docs/scenario.schema.json), for editors and validators");
        return DDB_EXIT_OK;
    }
    if (argc == 2 && !strcmp(argv[1], "--outputs")) {
        ddb_schema_markdown(stdout);
        return DDB_EXIT_OK;
    }
    if (argc == 2 && !strcmp(argv[1], "--columns")) {
        ddb_schema_list_columns(stdout);
        return DDB_EXIT_OK;
    }
    if (argc == 2 && !strcmp(argv[1], "--json-schema")) {
        char *schema = ddb_scenario_json_schema();
        fputs(schema, stdout);
        free(schema);
        return DDB_EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "ddbsim reference: unexpected argument '%s' (expected --outputs, --columns or --json-schema)\n",
                argv[1]);
        return DDB_EXIT_USAGE;
    }
    char *text = ddb_scenario_reference();
    fputs(text, stdout);
    free(text);
    return DDB_EXIT_OK;
}
