/* libFuzzer target for the file readers of workloads: traces (both formats, error and skip),
 * YCSB workload files and Contributor Insights reports; and --table-from's readers (describe-table,
 * CloudFormation, NoSQL Workbench, Terraform), with and without a FILE#NAME pick. The input is written to a temporary file and read back; every read must
 * end (at the end of the file or with one line of message), and a request must be well formed. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/scenario/tablefrom.h"
#include "sim/support/check.h"
#include "workloads/contributors.h"
#include "workloads/trace.h"
#include "workloads/ycsb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_trace(const char *path, enum ddb_trace_format format, enum ddb_trace_bad_line bad)
{
    char err[1024] = "";
    static const char *indexes[] = {"byStatus", "byDay"}; /* a GSI and an LSI */
    ddb_trace_spec spec = {.path = (char *)path, .format = format, .speedup = 3.0,
                           .on_bad_line = bad, .index_names = indexes, .n_index_names = 2,
                           .n_gsi_names = 1};
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    if (!t) {
        DDB_CHECK(err[0] && !strchr(err, '\n'), "bad message '%s'", err);
        return;
    }
    ddb_trace_req r;
    int rc;
    int64_t last = 0;
    while ((rc = ddb_trace_next(t, &r, err, sizeof err)) == 1) {
        DDB_CHECK(r.item_bytes >= 1 && r.t_ns >= last && r.key_len <= 2048, "bad request");
        DDB_CHECK(r.op != DDB_OP_BATCH_WRITE && r.op != DDB_OP_BATCH_GET, "a batch");
        last = r.t_ns;
    }
    DDB_CHECK(rc == 0 || (err[0] && !strchr(err, '\n')), "bad message '%s'", err);
    ddb_trace_close(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/ddbsim-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    fwrite(data, 1, size, f);
    fclose(f);
    for (int format = 0; format < DDB_TRACE_FORMAT_COUNT; format++)
        for (int bad = 0; bad < DDB_TRACE_BAD_COUNT; bad++)
            read_trace(path, (enum ddb_trace_format)format, (enum ddb_trace_bad_line)bad);
    ddb_ycsb y;
    char err[1024] = "";
    if (ddb_ycsb_load(&y, path, err, sizeof err) == 0)
        ddb_ycsb_destroy(&y);
    else
        DDB_CHECK(err[0] && !strchr(err, '\n'), "bad message '%s'", err);
    ddb_dist_spec spec = {.kind = DDB_DIST_CONTRIBUTORS};
    err[0] = '\0';
    if (ddb_contributors_load(&spec, path, err, sizeof err) == 0)
        DDB_CHECK(spec.n_labels >= 1 && spec.n >= spec.n_labels, "bad report");
    else
        DDB_CHECK(err[0] && !strchr(err, '\n'), "bad message '%s'", err);
    ddb_dist_spec_destroy(&spec);
    static const char *const picks[] = {NULL, "orders"};
    for (int i = 0; i < 2; i++) {
        ddb_tablefrom t;
        err[0] = '\0';
        if (ddb_tablefrom_parse_pick(&t, (const char *)data, size, "f.json", picks[i], err,
                                     sizeof err) == 0) {
            DDB_CHECK(t.table != NULL, "no table");
            ddb_tablefrom_destroy(&t);
        } else {
            DDB_CHECK(err[0] && !strchr(err, '\n'), "bad message '%s'", err);
        }
    }
    unlink(path);
    return 0;
}
