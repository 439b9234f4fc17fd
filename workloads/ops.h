/* ops — the operations a workload issues and their read consistency: the vocabulary the
 * workload generators, the trace reader, the model and the outputs share.
 */
#ifndef DDB_OPS_H
#define DDB_OPS_H

enum ddb_op {
    DDB_OP_GET, DDB_OP_PUT, DDB_OP_UPDATE, DDB_OP_DELETE, DDB_OP_QUERY, DDB_OP_SCAN,
    DDB_OP_BATCH_WRITE, DDB_OP_BATCH_GET,
    DDB_OP_GSI_QUERY, /* a Query on a global secondary index (eventually consistent only) */
    DDB_OP_TRANSACT_WRITE, DDB_OP_TRANSACT_GET, /* TransactWriteItems / TransactGetItems */
    DDB_OP_COUNT
};
/* Scenario names of the operations ("get", "put", ..., "batch_get", "gsi_query", "transact_write",
 * "transact_get"), indexed by enum ddb_op. */
extern const char *const ddb_op_names[DDB_OP_COUNT];
/* 1 for operations that consume write capacity. */
int ddb_op_is_write(enum ddb_op op);
/* 1 for TransactWriteItems and TransactGetItems. */
static inline int ddb_op_is_transact(enum ddb_op op)
{
    return op == DDB_OP_TRANSACT_WRITE || op == DDB_OP_TRANSACT_GET;
}

enum ddb_consistency { DDB_EVENTUAL, DDB_STRONG, DDB_TRANSACTIONAL, DDB_CONSISTENCY_COUNT };
extern const char *const ddb_consistency_names[DDB_CONSISTENCY_COUNT];

#endif
