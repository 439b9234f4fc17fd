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
