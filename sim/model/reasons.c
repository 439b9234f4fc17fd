/* reasons — the throttle reasons' names and meanings, generated from DDB_THROTTLE_REASON_MAP.
 * See reasons.h. */
#include "sim/model/reasons.h"

#include <stddef.h>
#include <string.h>

#define COLUMN(id, column, ...) [DDB_THROTTLE_##id] = #column,
const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(COLUMN)};
#undef COLUMN

#define WRITES_ONLY(id, column, limit, scope, ...) [DDB_THROTTLE_##id] = SCOPE_WRITES_ONLY_##scope,
#define SCOPE_WRITES_ONLY_OWN false
#define SCOPE_WRITES_ONLY_INDEX_WRITE true
const bool ddb_throttle_writes_only[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = false, DDB_THROTTLE_REASON_MAP(WRITES_ONLY)};
#undef WRITES_ONLY

#define LIMIT(id, column, limit, ...) [DDB_THROTTLE_##id] = DDB_AWS_LIMIT_##limit,
const enum ddb_aws_limit ddb_throttle_limit[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = DDB_AWS_LIMIT_PROVISIONED, DDB_THROTTLE_REASON_MAP(LIMIT)};
#undef LIMIT

#define NAME_OF(prefix) DDB_AWS_LIMIT_MAP(NAME_##prefix)
#define NAME_TR(id, suffix, cw) "TableRead" suffix,
#define NAME_TW(id, suffix, cw) "TableWrite" suffix,
#define NAME_IR(id, suffix, cw) "IndexRead" suffix,
#define NAME_IW(id, suffix, cw) "IndexWrite" suffix,
const char *const ddb_aws_reason_name[DDB_AWS_REASON_COUNT] = {NAME_OF(TR) NAME_OF(TW) NAME_OF(IR)
                                                                   NAME_OF(IW)};

#define CW_READ(id, suffix, cw) "Read" cw "ThrottleEvents",
#define CW_WRITE(id, suffix, cw) "Write" cw "ThrottleEvents",
static const char *const cloudwatch_metrics[2][DDB_AWS_LIMIT_COUNT] = {
    {DDB_AWS_LIMIT_MAP(CW_READ)}, {DDB_AWS_LIMIT_MAP(CW_WRITE)}};

size_t ddb_throttle_aws(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d)
{
    if (ddb_throttle_writes_only[r])
        return ddb_aws_reason(true, DDB_WRITE, ddb_throttle_limit[r]);
    return ddb_aws_reason(is_index, d, ddb_throttle_limit[r]);
}

const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d)
{
    if (r == DDB_ADMITTED || !ddb_throttle_applies(r, d))
        return "";
    return ddb_aws_reason_name[ddb_throttle_aws(r, is_index, d)];
}

const char *ddb_throttle_cloudwatch_metric(enum ddb_throttle_reason r, enum ddb_dir d)
{
    return r == DDB_ADMITTED ? NULL : cloudwatch_metrics[d][ddb_throttle_limit[r]];
}

#define MEANING(id, column, limit, scope, meaning) [DDB_THROTTLE_##id] = meaning,
static const char *const meanings[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(MEANING)};

const char *ddb_throttle_meaning(enum ddb_throttle_reason r) { return meanings[r]; }

enum ddb_throttle_reason ddb_throttle_by_column(const char *name)
{
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        if (!strcmp(ddb_throttle_column[r], name))
            return (enum ddb_throttle_reason)r;
    return DDB_ADMITTED;
}

enum ddb_throttle_reason ddb_throttle_backpressure(enum ddb_throttle_reason index_cause)
{
    if (index_cause == DDB_ADMITTED || ddb_throttle_writes_only[index_cause])
        return DDB_THROTTLE_GSI_BACKPRESSURE;
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        if (ddb_throttle_writes_only[r] && ddb_throttle_limit[r] == ddb_throttle_limit[index_cause])
            return (enum ddb_throttle_reason)r;
    return DDB_THROTTLE_GSI_BACKPRESSURE;
}
