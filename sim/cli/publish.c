/* publish — a command's output folder staged, then published or dropped (sim/output/stage.h),
 * with SIGINT, SIGTERM and SIGHUP turned into a clean stop (sim/support/interrupt.h). */
#include <stdio.h>
#include "sim/cli/cli.h"
#include "sim/support/interrupt.h"

int ddb_cli_stage_begin(ddb_stage *st, const char *dir, bool force, char *err, size_t errlen)
{
    ddb_interrupt_install();
    return ddb_stage_begin(st, dir, force, err, errlen);
}

int ddb_cli_stage_finish(ddb_stage *st, int rc, const ddb_manifest_info *info, char *err,
                         size_t errlen)
{
    if (rc == 0 && ddb_interrupt_signal()) { /* the work was done: dropped all the same */
        snprintf(err, errlen, "interrupted by %s", ddb_interrupt_name());
        rc = -1;
    }
    if (rc == 0 && info)
        rc = ddb_manifest_write(st->tmp, info, err, errlen);
    if (rc == 0)
        return ddb_stage_publish(st, err, errlen);
    ddb_stage_message(st, err, errlen);
    ddb_stage_abort(st);
    return -1;
}

int ddb_cli_failure(const char *cmd, const char *dir, const char *err)
{
    if (!ddb_interrupt_signal()) {
        fprintf(stderr, "%s\n", err);
        return DDB_EXIT_INPUT;
    }
    if (dir)
        fprintf(stderr, "ddbsim %s: interrupted by %s: nothing written, %s as it was\n", cmd,
                ddb_interrupt_name(), dir);
    else
        fprintf(stderr, "ddbsim %s: interrupted by %s\n", cmd, ddb_interrupt_name());
    return ddb_interrupt_exit_status();
}
