/* Tests of a run folder as a unit (sim/output/stage.h, sim/output/manifest.h): the default folder's
 * name, the manifest's names, publishing over an earlier run and undoing a failed publish. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim/output/manifest.h"
#include "sim/output/stage.h"
#include "tests/testlib.h"

static void expect_dir(const char *name, const char *want)
{
    char *got = ddb_stage_default_dir(name);
    assert_string_equal(got, want);
    free(got);
}

static void test_default_dir(void **state)
{
    (void)state;
    expect_dir("hot-key", "out/hot-key");
    expect_dir("../../../../srv/victim", "out/___.._.._.._srv_victim");
    expect_dir("..", "out/__");
    expect_dir(".hidden", "out/_hidden");
    expect_dir("a/b\\c", "out/a_b_c");
    expect_dir("tab\there\x1b[31m", "out/tab_here_[31m");
    expect_dir("", "out/run");
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    char *d = ddb_stage_default_dir(longname);
    assert_int_equal(strlen(d), 4 + 100);
    free(d);
}

static void test_manifest_names(void **state)
{
    (void)state;
    assert_true(ddb_manifest_name_ok("summary.json"));
    assert_true(ddb_manifest_name_ok("runs/01/keys.csv"));
    assert_true(ddb_manifest_name_ok("..x"));
    assert_false(ddb_manifest_name_ok(""));
    assert_false(ddb_manifest_name_ok("/etc/passwd"));
    assert_false(ddb_manifest_name_ok("../victim"));
    assert_false(ddb_manifest_name_ok("runs/../../victim"));
    assert_false(ddb_manifest_name_ok("runs/./x"));
    assert_false(ddb_manifest_name_ok("runs//x"));
    assert_false(ddb_manifest_name_ok("runs/"));
    assert_false(ddb_manifest_name_ok("a\nb"));
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int exists(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* Stage files into dir/out and publish them. */
static int publish(const char *out, const char *const *names, size_t n, bool force, char *err,
                   size_t errlen)
{
    ddb_stage st;
    if (ddb_stage_begin(&st, out, force, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        put(st.tmp, names[i], "new");
    ddb_manifest_info info = {"run", "t", NULL, true, 1};
    if (ddb_manifest_write(st.tmp, &info, err, errlen) != 0) {
        ddb_stage_abort(&st);
        return -1;
    }
    return ddb_stage_publish(&st, err, errlen);
}

static void test_publish_replaces_the_earlier_run(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    char out[300], err[1024] = "";
    snprintf(out, sizeof out, "%s/out", dir);
    const char *first[] = {"a.csv", "gsi.csv", "summary.json"};
    assert_int_equal(publish(out, first, 3, false, err, sizeof err), 0);
    assert_true(exists(out, "gsi.csv") && exists(out, "manifest.json"));
    const char *second[] = {"a.csv", "summary.json"};
    assert_int_equal(publish(out, second, 2, false, err, sizeof err), 0);
    assert_false(exists(out, "gsi.csv")); /* the earlier run's, not written again */
    assert_true(exists(out, "a.csv"));
    ddb_manifest_files files;
    assert_int_equal(ddb_manifest_read(out, &files, err, sizeof err), 0);
    assert_int_equal(files.n, 2);
    assert_string_equal(files.names[0], "a.csv");
    ddb_manifest_files_destroy(&files);

    /* A user's file: refused; forced, written beside it; a name the run writes is not replaced. */
    put(out, "notes.txt", "mine");
    assert_int_equal(publish(out, second, 2, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "holds notes.txt, which no ddbsim manifest lists"));
    assert_int_equal(publish(out, second, 2, true, err, sizeof err), 0);
    assert_true(exists(out, "notes.txt"));
    const char *clash[] = {"a.csv", "notes.txt"};
    assert_int_equal(publish(out, clash, 2, true, err, sizeof err), -1);
    assert_non_null(strstr(err, "notes.txt: exists and no ddbsim manifest lists it"));
    char *text = ddb_test_read(out, "notes.txt", NULL);
    assert_string_equal(text, "mine");
    free(text);
    assert_true(exists(out, "summary.json")); /* the failed publish changed nothing */
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

/* A publish that fails half-way (a file's place is taken by a folder it cannot replace) puts back
 * the files it had moved: the earlier run is whole. */
static void test_failed_publish_is_undone(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    char out[300], err[1024] = "";
    snprintf(out, sizeof out, "%s/out", dir);
    const char *first[] = {"a.csv", "b.csv"};
    assert_int_equal(publish(out, first, 2, false, err, sizeof err), 0);
    put(out, "a.csv", "old");
    ddb_stage st;
    assert_int_equal(ddb_stage_begin(&st, out, false, err, sizeof err), 0);
    put(st.tmp, "a.csv", "new");
    put(st.tmp, "b.csv", "new");
    ddb_manifest_info info = {"run", "t", NULL, false, 0};
    assert_int_equal(ddb_manifest_write(st.tmp, &info, err, sizeof err), 0);
    char b[400];
    snprintf(b, sizeof b, "%s/b.csv", out);
    assert_int_equal(unlink(b), 0); /* b.csv's place: a folder, which a file cannot replace */
    assert_int_equal(mkdir(b, 0777), 0);
    char x[420];
    snprintf(x, sizeof x, "%s/x", b);
    put(b, "x", "in the way");
    assert_int_equal(ddb_stage_publish(&st, err, sizeof err), -1);
    char *text = ddb_test_read(out, "a.csv", NULL);
    assert_string_equal(text, "old");
    free(text);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

/* A second writer is refused while the first holds the folder. */
static void test_lock(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    char err[1024] = "";
    ddb_stage st;
    assert_int_equal(ddb_stage_begin(&st, dir, false, err, sizeof err), 0);
    int fd = ddb_stage_lock(dir, err, sizeof err);
    if (fd >= 0) /* flock is per open file: a second open in this process is refused too */
        fail_msg("the lock was taken twice");
    assert_non_null(strstr(err, "another ddbsim is writing this folder"));
    ddb_stage_abort(&st);
    fd = ddb_stage_lock(dir, err, sizeof err);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_dir),
        cmocka_unit_test(test_manifest_names),
        cmocka_unit_test(test_publish_replaces_the_earlier_run),
        cmocka_unit_test(test_failed_publish_is_undone),
        cmocka_unit_test(test_lock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
