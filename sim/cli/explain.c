/* explain — the verdict on a run, with the numbers behind it, from its output folder alone: for a
 * run made a while ago, by someone else, or by another version of ddbsim. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "sim/cli/cli.h"
#include "sim/analysis/describe.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"

static const char explain_usage[] =
    "usage: ddbsim explain OUTDIR\n"
    "\n"
    "Prints what limited the run whose outputs are in OUTDIR: the scenario in words, the verdict\n"
    "(hot key, hot partition, under-provisioned, GSI back-pressure, or no throttling), the findings\n"
    "behind it, what to do, and the numbers it rests on with the file each comes from. It reads\n"
    "only the files in OUTDIR (summary.json, timeseries.csv, partitions.csv, keys.csv, and gsi.csv,\n"
    "events.csv when present).\n"
    "Exit status: 0 done, 1 bad input (a missing or malformed file), 2 bad usage.\n";

enum { WRAP_COLUMNS = 100 };

/* Print text wrapped at WRAP_COLUMNS: its first line goes on from column col, the following ones
 * are indented by `indent` spaces. */
static void wrapped(const char *text, size_t col, size_t indent)
{
    bool first = true;
    for (const char *s = text;;) {
        while (*s == ' ')
            s++;
        size_t word = strcspn(s, " ");
        if (word == 0)
            break;
        if (!first && col + 1 + word > WRAP_COLUMNS) {
            printf("\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        fwrite(s, 1, word, stdout);
        col += word;
        s += word;
        first = false;
    }
    putchar('\n');
}

static void print_verdict(const ddb_rundir *r, const ddb_verdict *v, const char *words)
{
    const char *name = ddb_rundir_str(r, "name");
    printf("%s: ", name ? name : r->dir);
    wrapped(words, strlen(name ? name : r->dir) + 2, 2);
    printf("\nVerdict: ");
    wrapped(v->headline, 9, 2);
    if (v->n_findings)
        printf("\nFindings:\n");
    for (size_t i = 0; i < v->n_findings; i++) {
        printf("  - ");
        wrapped(v->findings[i], 4, 4);
    }
    if (v->advice) {
        printf("\nWhat to do: ");
        wrapped(v->advice, 12, 2);
    }
    printf("\nThe numbers behind it:\n");
    for (size_t i = 0; i < v->n_numbers; i++) {
        printf("  %s: ", v->numbers[i].label);
        wrapped(v->numbers[i].value, strlen(v->numbers[i].label) + 4, 4);
    }
}

int ddb_cmd_explain(int argc, char **argv)
{
    const char *outdir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            fputs(explain_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "ddbsim explain: unknown option '%s' (see ddbsim explain --help)\n", arg);
            return DDB_EXIT_USAGE;
        }
        if (outdir) {
            fprintf(stderr, "ddbsim explain: one folder at a time (got %s and %s)\n", outdir, arg);
            return DDB_EXIT_USAGE;
        }
        outdir = arg;
    }
    if (!outdir) {
        fputs(explain_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    ddb_rundir r;
    if (!ddb_load_run_folder(&r, outdir))
        return DDB_EXIT_INPUT;
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    char *words = ddb_describe_scenario(&r);
    print_verdict(&r, &v, words);
    free(words);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
    return DDB_EXIT_OK;
}
