/* fuzz_replay — runs a fuzz target's ddb_fuzz_one (tests/fuzz_one.h) on files, without libFuzzer,
 * so that CTest replays the seed corpora and the regression inputs in every build.
 *   fuzz_replay_T [--refuse] FILE|DIR ...
 * Each input must end without a crash or a broken check; with --refuse (the regression inputs,
 * each a defect once found) each must be refused with one line of message, which is printed. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sim/support/readfile.h"
#include "tests/fuzz_one.h"

static int failures, inputs;

static void replay(const char *path, bool refuse)
{
    char err[2048];
    size_t len;
    char *data = ddb_read_file(path, (size_t)1 << 24, &len, err, sizeof err);
    if (!data) {
        fprintf(stderr, "%s\n", err);
        failures++;
        return;
    }
    inputs++;
    int rc = ddb_fuzz_one((const uint8_t *)data, len, err, sizeof err);
    free(data);
    if (refuse && rc == 0) {
        fprintf(stderr, "%s: accepted (expected a one-line error)\n", path);
        failures++;
    } else if (refuse) {
        printf("%s: refused: %s\n", path, err);
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_dir(const char *dir, bool refuse)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot read\n", dir);
        failures++;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        size_t k = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(k);
        snprintf(names[n++], k, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        replay(names[i], refuse);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    bool refuse = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--refuse")) {
            refuse = true;
            continue;
        }
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            replay_dir(argv[i], refuse);
        else
            replay(argv[i], refuse);
    }
    printf("%d inputs replayed, %d failures\n", inputs, failures);
    return failures || inputs == 0 ? 1 : 0;
}
