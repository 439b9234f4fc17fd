/* capacity — see capacity.h. Rounding follows the AWS developer guide's worked examples
 * (docs/model.md §1): round each item (or a Query's sum) up to whole 4 KB / 1 KB
 * units first, then apply the consistency factor, so an eventually consistent 8 KB read is 1 RCU
 * and a 4 KB one 0.5 RCU. */
#include "sim/model/capacity.h"

#include "sim/support/check.h"

#define READ_UNIT_BYTES 4096u
#define WRITE_UNIT_BYTES 1024u

/* Whole units, at least one: a read of a missing item, or an empty write, still costs a unit.
 * Written without bytes + unit - 1 so that it cannot overflow. */
static int64_t units(uint64_t bytes, uint64_t unit)
{
    /* Items are at most 400 KB and pages 1 MB; far beyond that the products below overflow. */
    DDB_CHECK(bytes <= (UINT64_C(1) << 50), "implausible size %llu bytes", (unsigned long long)bytes);
    uint64_t u = bytes / unit + (bytes % unit != 0);
    return u ? (int64_t)u : 1;
}

/* Milli-units per read unit: eventual 0.5, strong 1, transactional 2. */
static int64_t read_factor(enum ddb_consistency c)
{
    static const int64_t milli[DDB_CONSISTENCY_COUNT] = {DDB_MILLI / 2, DDB_MILLI, 2 * DDB_MILLI};
    DDB_CHECK((unsigned)c < DDB_CONSISTENCY_COUNT, "bad consistency %d", (int)c);
    return milli[c];
}

int64_t ddb_read_cost_milli(uint64_t item_bytes, enum ddb_consistency c)
{
    return units(item_bytes, READ_UNIT_BYTES) * read_factor(c);
}

int64_t ddb_write_cost_milli(uint64_t item_bytes, int transactional)
{
    return units(item_bytes, WRITE_UNIT_BYTES) * (transactional ? 2 * DDB_MILLI : DDB_MILLI);
}

int64_t ddb_query_cost_milli(uint64_t total_bytes, enum ddb_consistency c)
{
    return units(total_bytes, READ_UNIT_BYTES) * read_factor(c);
}

int64_t ddb_batch_get_cost_milli(const uint64_t *item_bytes, size_t n, enum ddb_consistency c)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ddb_read_cost_milli(item_bytes[i], c);
    return sum;
}

int64_t ddb_batch_write_cost_milli(const uint64_t *item_bytes, size_t n)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ddb_write_cost_milli(item_bytes[i], 0);
    return sum;
}
