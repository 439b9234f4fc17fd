/* tmpfile — a temporary file holding given text, for the tests of readers (traces, YCSB
 * workload files, rate profiles). Include after cmocka.h, with _POSIX_C_SOURCE >= 200809L. */
#ifndef DDB_TEST_TMPFILE_H
#define DDB_TEST_TMPFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#endif
