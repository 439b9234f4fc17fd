/* reasons — the throttle reasons' names and meanings, generated from DDB_THROTTLE_REASON_MAP.
 * See reasons.h. */
#include "sim/model/reasons.h"

#include <stddef.h>
#include <string.h>

#define COLUMN(id, column, ...) [DDB_THROTTLE_##id] = #column,
const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(COLUMN)};
#undef COLUMN

#define WRITES_ONLY(id, column, suffix, scope, ...) [DDB_THROTTLE_##id] = SCOPE_WRITES_ONLY_##scope,
#define SCOPE_WRITES_ONLY_OWN false
#define SCOPE_WRITES_ONLY_INDEX_WRITE true
const bool ddb_throttle_writes_only[DDB_THROTTLE_REASON_COUNT] = {
    [DDB_ADMITTED] = false, DDB_THROTTLE_REASON_MAP(WRITES_ONLY)};
#undef WRITES_ONLY

/* AWS's names, [is_index][direction][reason]: the prefix is the request's own, or "IndexWrite"
 * for a reason reported with the index's reason. */
#define PREFIX_OWN(own) own
#define PREFIX_INDEX_WRITE(own) "IndexWrite"
#define NAME_TABLE_READ(id, column, suffix, scope, ...) [DDB_THROTTLE_##id] = PREFIX_##scope("TableRead") suffix,
#define NAME_TABLE_WRITE(id, column, suffix, scope, ...) [DDB_THROTTLE_##id] = PREFIX_##scope("TableWrite") suffix,
#define NAME_INDEX_READ(id, column, suffix, scope, ...) [DDB_THROTTLE_##id] = PREFIX_##scope("IndexRead") suffix,
#define NAME_INDEX_WRITE(id, column, suffix, scope, ...) [DDB_THROTTLE_##id] = PREFIX_##scope("IndexWrite") suffix,
static const char *const aws_names[2][2][DDB_THROTTLE_REASON_COUNT] = {
    {{[DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(NAME_TABLE_READ)},
     {[DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(NAME_TABLE_WRITE)}},
    {{[DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(NAME_INDEX_READ)},
     {[DDB_ADMITTED] = "", DDB_THROTTLE_REASON_MAP(NAME_INDEX_WRITE)}},
};

const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d)
{
    return ddb_throttle_applies(r, d) ? aws_names[is_index ? 1 : 0][d][r] : "";
}

#define CLOUDWATCH(id, column, suffix, scope, cw_read, cw_write, meaning) \
    [DDB_THROTTLE_##id] = {cw_read, cw_write},
static const char *const cloudwatch_metrics[DDB_THROTTLE_REASON_COUNT][2] = {
    [DDB_ADMITTED] = {NULL, NULL}, DDB_THROTTLE_REASON_MAP(CLOUDWATCH)};

const char *ddb_throttle_cloudwatch_metric(enum ddb_throttle_reason r, enum ddb_dir d)
{
    return cloudwatch_metrics[r][d];
}

#define MEANING(id, column, suffix, scope, cw_read, cw_write, meaning) [DDB_THROTTLE_##id] = meaning,
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
