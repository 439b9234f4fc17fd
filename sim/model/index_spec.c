/* index_spec — what an index entry weighs. See index_spec.h. */
#include "sim/model/index_spec.h"

uint32_t ddb_gsi_entry_bytes(const ddb_gsi_spec *g)
{
    if (g->has_projected_bytes)
        return g->projected_bytes;
    return g->projection == DDB_PROJECTION_KEYS_ONLY ? 100 : 0;
}
