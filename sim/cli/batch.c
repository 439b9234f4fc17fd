/* batch — what sweep and compare share. See batch.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/cli/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sim/cli/cli.h"

enum { MAX_JOBS = 1024 };

unsigned ddb_batch_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > MAX_JOBS ? (unsigned)MAX_JOBS : (unsigned)n;
}

int ddb_batch_parse_jobs(const char *cmd, const char *value, unsigned *jobs)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || n < 1 || n > MAX_JOBS) {
        fprintf(stderr, "ddbsim %s: -j: expected a number of jobs from 1 to %d (got '%s')\n", cmd,
                MAX_JOBS, value);
        return -1;
    }
    *jobs = (unsigned)n;
    return 0;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool ddb_batch_progress_start(ddb_batch_progress *p, bool quiet)
{
    p->started_s = wall_s();
    p->last_s = 0.0;
    p->shown = false;
    return !quiet && isatty(STDERR_FILENO);
}

double ddb_batch_elapsed_s(const ddb_batch_progress *p) { return wall_s() - p->started_s; }

static void print_duration(double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        fprintf(stderr, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        fprintf(stderr, "%ld:%02ld", t / 60, t % 60);
}

void ddb_batch_progress_show(void *ctx, size_t done, size_t total)
{
    ddb_batch_progress *p = ctx;
    double now = wall_s();
    if (now - p->last_s < 0.1 && done < total)
        return;
    p->last_s = now;
    p->shown = true;
    double elapsed = now - p->started_s;
    fprintf(stderr, "\r  %zu/%zu runs  ", done, total);
    print_duration(elapsed);
    fputs(" elapsed  ", stderr);
    if (done < total) {
        fputs("about ", stderr);
        print_duration(elapsed / (double)done * (double)(total - done));
        fputs(" left   ", stderr);
    } else {
        fputs("done        ", stderr);
    }
}

void ddb_batch_progress_end(ddb_batch_progress *p)
{
    if (p->shown)
        fputc('\n', stderr);
}

bool ddb_batch_is_opt(const char *arg, const char *opt)
{
    size_t n = strlen(opt);
    return !strncmp(arg, opt, n) && (arg[n] == '\0' || (arg[n] == '=' && opt[1] == '-'));
}

const char *ddb_batch_value(const char *cmd, const char *opt, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    size_t n = strlen(opt);
    if (!strncmp(arg, opt, n) && arg[n] == '=' && opt[1] == '-')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        fprintf(stderr, "ddbsim %s: %s needs a value (see ddbsim %s --help)\n", cmd, opt, cmd);
        return NULL;
    }
    return argv[++*i];
}

int ddb_batch_take_common(const char *cmd, int argc, char **argv, int *i, unsigned *jobs,
                          const char **outdir, bool *force)
{
    const char *arg = argv[*i], *v;
    if (!strcmp(arg, "--force")) {
        *force = true;
        return 1;
    }
    if (ddb_batch_is_opt(arg, "-j") || ddb_batch_is_opt(arg, "--jobs"))
        return (v = ddb_batch_value(cmd, arg[1] == 'j' ? "-j" : "--jobs", argc, argv, i)) &&
                       ddb_batch_parse_jobs(cmd, v, jobs) == 0 ? 1 : -1;
    if (!strncmp(arg, "-j", 2) && arg[2] != '\0') /* -j4 */
        return ddb_batch_parse_jobs(cmd, arg + 2, jobs) == 0 ? 1 : -1;
    if (ddb_batch_is_opt(arg, "-o") || ddb_batch_is_opt(arg, "--output"))
        return (*outdir = ddb_batch_value(cmd, arg[1] == 'o' ? "-o" : "--output", argc, argv, i))
                   ? 1
                   : -1;
    return 0;
}

int ddb_batch_parse_seeds(const char *cmd, const char *value, long max, uint32_t *seeds)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || n < 1 || n > max) {
        fprintf(stderr, "ddbsim %s: --seeds: expected a number from 1 to %ld (got '%s')\n", cmd, max,
                value);
        return -1;
    }
    *seeds = (uint32_t)n;
    return 0;
}

bool ddb_batch_confirm(const ddb_sweep *w, const char *noun, bool files, bool yes, bool may_ask,
                       const char *cmd)
{
    ddb_estimate p;
    ddb_sweep_estimate(w, &p);
    if (!files)
        p.csv_bytes = 0;
    char what[96];
    snprintf(what, sizeof what, "a huge %s of %zu run%s", noun, w->n_runs, w->n_runs == 1 ? "" : "s");
    return ddb_confirm_estimate(&p, what, yes, may_ask, cmd);
}
