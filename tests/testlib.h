/* testlib — helpers the cmocka tests share: paths into the source tree, temporary files and
 * folders, reading a file back, capturing what a writer prints, running an inline scenario and
 * reading its partitions.csv back.
 *
 * Include after cmocka.h (the helpers fail the test with cmocka's assertions), in a file that
 * defines _POSIX_C_SOURCE >= 200809L before its first include (mkstemp, mkdtemp, strdup, fork,
 * open_memstream). Every helper is static inline: a test uses the ones it needs. */
#ifndef DDB_TEST_TESTLIB_H
#define DDB_TEST_TESTLIB_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/scenario/scenario.h"

/* What a writer prints, captured in memory: start, write to the returned FILE (c->f), end. */
typedef struct ddb_test_capture {
    FILE *f;
    char *buf;
    size_t len;
} ddb_test_capture;

static inline FILE *ddb_test_capture_start(ddb_test_capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
    return c->f;
}

/* The text written since ddb_test_capture_start; the caller frees it. */
static inline char *ddb_test_capture_end(ddb_test_capture *c)
{
    assert_int_equal(fclose(c->f), 0);
    return c->buf;
}

/* rel inside the source tree ($DDBSIM_SOURCE_DIR, set by ctest; else the working directory).
 * The path is in a static buffer, valid until the next call. */
static inline const char *ddb_test_source_path(const char *rel)
{
    const char *root = getenv("DDBSIM_SOURCE_DIR");
    static char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", root ? root : ".", rel);
    assert_true(n > 0 && (size_t)n < sizeof path);
    return path;
}

/* Write text to a new file /tmp/ddbsim-test-XXXXXX, its name in path; returns path. The caller
 * unlinks it. */
static inline const char *ddb_test_file(char path[64], const char *text)
{
    strcpy(path, "/tmp/ddbsim-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Write text to dir/name; returns the path (a static buffer, valid until the next call). */
static inline const char *ddb_test_write(const char *dir, const char *name, const char *text)
{
    static char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* The whole of dir/name (dir may be NULL: name is the path), NUL-terminated, its length in *len
 * (len may be NULL). The caller frees it. */
static inline char *ddb_test_read(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    int w = snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    assert_true(w > 0 && (size_t)w < sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    assert_true(n >= 0);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = (size_t)n;
    return buf;
}

/* A new folder /tmp/ddbsim-test-XXXXXX; the caller removes it (ddb_test_rmdir) and frees the name. */
static inline char *ddb_test_tmpdir(void)
{
    char *dir = strdup("/tmp/ddbsim-test-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* Remove a temporary folder and all it holds: 0, or -1 (for cmocka's teardown). */
static inline int ddb_test_rmdir(const char *dir)
{
    char cmd[4200];
    int n = snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (n < 0 || (size_t)n >= sizeof cmd)
        return -1;
    return system(cmd) == 0 ? 0 : -1;
}

/* A death test: body, run in a child process with stderr silenced, must abort (a DDB_CHECK that
 * fails), not return. */
static inline void ddb_test_expect_abort(void (*body)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        body();
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* Parse and run an inline scenario; its files go to outdir (NULL: none). Fails the test on an
 * error. The caller destroys *r. */
static inline void ddb_test_run_json(const char *json, const char *outdir, ddb_report *r)
{
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, json, strlen(json), "inline.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {outdir, NULL, NULL, NULL};
    if (ddb_run(&s, &opt, r, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);
}

/* partitions.csv of the run in dir: index `index`'s consumed WCU per partition below n_parts,
 * summed over the intervals from t_s `from` to before `to`, into wcu[] and the rows summed into
 * rows[]. */
static inline void ddb_test_partitions_wcu(const char *dir, const char *index, double from,
                                           double to, unsigned n_parts, double *wcu, int *rows)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/partitions.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    for (unsigned p = 0; p < n_parts; p++)
        wcu[p] = 0, rows[p] = 0;
    while (fgets(line, sizeof line, f)) { /* t_s,index,partition,consumed_rcu,consumed_wcu,... */
        double t_s, rcu, w;
        unsigned part;
        char name[64];
        if (sscanf(line, "%lf,%63[^,],%u,%lf,%lf", &t_s, name, &part, &rcu, &w) == 5 &&
            strcmp(name, index) == 0 && t_s >= from && t_s < to && part < n_parts) {
            wcu[part] += w;
            rows[part]++;
        }
    }
    fclose(f);
}

#endif
