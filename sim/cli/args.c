/* args — what the commands share: scenario options, loading a run folder, and number printing
 * for people. */
#define _POSIX_C_SOURCE 200809L
#include "sim/cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"
#include "sim/scenario/tablefrom.h"

static void add_set(ddb_scenario_args *a, const char *set)
{
    a->sets = ddb_xrealloc(a->sets, (a->n_sets + 1) * sizeof *a->sets);
    a->sets[a->n_sets++] = set;
}

static void add_owned_set(ddb_scenario_args *a, const char *path, const char *value)
{
    size_t n = strlen(path) + strlen(value) + 2;
    char *s = ddb_xmalloc(n);
    snprintf(s, n, "%s=%s", path, value);
    a->owned = ddb_xrealloc(a->owned, (a->n_owned + 1) * sizeof *a->owned);
    a->owned[a->n_owned++] = s;
    add_set(a, s);
}

/* The value of option `name` at argv[*i]: "--name VALUE" or "--name=VALUE". */
static const char *option_value(const char *cmd, const char *name, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        fprintf(stderr, "ddbsim %s: %s needs a value (see ddbsim %s --help)\n", cmd, name, cmd);
        return NULL;
    }
    return argv[++*i];
}

static int is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* --table-from FILE[#NAME]: the table of a file tablefrom.h reads, as a set
 * "table=<json>" put first, so that the user's --set table.X=... still override it. Warnings go to
 * stderr; an unreadable or unconvertible file is a one-line error and exit status 1 (input). */
static int take_table_from(ddb_scenario_args *a, const char *file)
{
    ddb_tablefrom t;
    char err[1024];
    if (ddb_tablefrom_load(&t, file, err, sizeof err) < 0) {
        fprintf(stderr, "ddbsim: %s\n", err);
        return -1;
    }
    for (size_t w = 0; w < t.n_warnings; w++)
        fprintf(stderr, "ddbsim: %s: warning: %s\n", file, t.warnings[w]);
    char *json = cJSON_PrintUnformatted(t.table);
    ddb_tablefrom_destroy(&t);
    if (!json) {
        fprintf(stderr, "ddbsim: %s: out of memory\n", file);
        return -1;
    }
    add_owned_set(a, "table", json);
    cJSON_free(json);
    /* Move it first, before every --set. */
    const char *set = a->sets[a->n_sets - 1];
    memmove(a->sets + 1, a->sets, (a->n_sets - 1) * sizeof *a->sets);
    a->sets[0] = set;
    return 0;
}

int ddb_scenario_args_take(ddb_scenario_args *a, const char *cmd, int argc, char **argv, int *i)
{
    static const char *const mapped[][2] = {{"--seed", "seed"}, {"--duration", "duration_s"}};
    const char *arg = argv[*i];
    if (is_option(arg, "--set")) {
        const char *v = option_value(cmd, "--set", argc, argv, i);
        if (!v)
            return -1;
        if (!strchr(v, '=')) {
            fprintf(stderr, "ddbsim %s: --set %s: expected PATH=VALUE\n", cmd, v);
            return -1;
        }
        add_set(a, v);
        return 1;
    }
    if (is_option(arg, "--table-from")) {
        const char *v = option_value(cmd, "--table-from", argc, argv, i);
        if (!v)
            return -1;
        if (take_table_from(a, v) < 0) {
            /* Bad input, not bad usage: exit 1 like any other unreadable input file. */
            ddb_scenario_args_free(a);
            exit(1);
        }
        return 1;
    }
    if (is_option(arg, "--ycsb")) { /* the path as a JSON string, whatever it looks like */
        const char *v = option_value(cmd, "--ycsb", argc, argv, i);
        if (!v)
            return -1;
        cJSON *str = cJSON_CreateString(v);
        char *json = str ? cJSON_PrintUnformatted(str) : NULL;
        cJSON_Delete(str);
        if (!json) {
            fprintf(stderr, "ddbsim: out of memory\n");
            return -1;
        }
        add_owned_set(a, "workload.ycsb", json);
        cJSON_free(json);
        return 1;
    }
    if (strcmp(arg, "--exact") == 0 || strcmp(arg, "--aggregated") == 0) {
        add_set(a, strcmp(arg, "--exact") == 0 ? "simulation=exact" : "simulation=aggregated");
        return 1;
    }
    for (size_t m = 0; m < sizeof mapped / sizeof mapped[0]; m++) {
        if (!is_option(arg, mapped[m][0]))
            continue;
        const char *v = option_value(cmd, mapped[m][0], argc, argv, i);
        if (!v)
            return -1;
        add_owned_set(a, mapped[m][1], v);
        return 1;
    }
    if (!strcmp(arg, "--yes") || !strcmp(arg, "-y")) {
        a->yes = true;
        return 1;
    }
    if (arg[0] == '-' && arg[1] != '\0')
        return 0;
    if (a->path) {
        fprintf(stderr, "ddbsim %s: one scenario file at a time (got %s and %s)\n", cmd, a->path, arg);
        return -1;
    }
    a->path = arg;
    return 1;
}

bool ddb_confirm_estimate(const ddb_estimate *p, const char *what, bool yes, bool may_ask,
                          const char *cmd)
{
    if (!ddb_estimate_huge(p))
        return true;
    char text[256];
    ddb_estimate_text(p, text, sizeof text);
    if (yes) {
        fprintf(stderr, "ddbsim %s: %s: %s; going on (--yes)\n", cmd, what, text);
        return true;
    }
    if (!may_ask || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
        fprintf(stderr, "ddbsim %s: %s: %s; give --yes to run it anyway\n", cmd, what, text);
        return false;
    }
    fprintf(stderr, "ddbsim %s: %s: %s. Run it anyway? [y/N] ", cmd, what, text);
    char answer[16] = "";
    if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
        fprintf(stderr, "ddbsim %s: not run\n", cmd);
        return false;
    }
    return true;
}

bool ddb_confirm_huge(const ddb_scenario *s, bool yes, const char *cmd)
{
    ddb_estimate p;
    ddb_scenario_estimate(s, &p);
    return ddb_confirm_estimate(&p, "a huge run", yes, true, cmd);
}

void ddb_scenario_args_free(ddb_scenario_args *a)
{
    for (size_t i = 0; i < a->n_owned; i++)
        free(a->owned[i]);
    free(a->owned);
    free(a->sets);
    memset(a, 0, sizeof *a);
}

void ddb_print_count(FILE *f, unsigned long long n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            fputc(',', f);
        fputc(digits[i], f);
    }
}

void ddb_print_number(FILE *f, double x, int decimals)
{
    if (x < 0) {
        fputc('-', f);
        x = -x;
    }
    double scale = pow(10.0, decimals);
    double r = round(x * scale);
    unsigned long long whole = (unsigned long long)(r / scale);
    ddb_print_count(f, whole);
    if (decimals > 0)
        fprintf(f, ".%0*llu", decimals, (unsigned long long)(r - (double)whole * scale));
}

void ddb_print_warnings(const char *warnings)
{
    for (const char *p = warnings; p && *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(stderr, "ddbsim: warning: %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

bool ddb_load_run_folder(ddb_rundir *r, const char *outdir)
{
    char err[1024];
    if (ddb_rundir_load(r, outdir, err, sizeof err) == 0)
        return true;
    fprintf(stderr, "%s\n", err);
    return false;
}
