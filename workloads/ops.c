/* ops — the operations' names. See ops.h. */
#include "workloads/ops.h"

const char *const ddb_op_names[DDB_OP_COUNT] = {"get",  "put",  "update",      "delete",
                                                "query", "scan", "batch_write", "batch_get",
                                                "gsi_query", "transact_write", "transact_get"};
const char *const ddb_consistency_names[DDB_CONSISTENCY_COUNT] = {"eventual", "strong",
                                                                  "transactional"};

int ddb_op_is_write(enum ddb_op op)
{
    return op == DDB_OP_PUT || op == DDB_OP_UPDATE || op == DDB_OP_DELETE ||
           op == DDB_OP_BATCH_WRITE || op == DDB_OP_TRANSACT_WRITE;
}
