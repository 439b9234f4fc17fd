/* derived — defaults that depend on other fields (retry numbers by mode, a GSI's size) and the
 * values derived from several (an index entry's size, the GSIs' capacity together). */
#include "sim/scenario/scenario_int.h"

#include <string.h>
#include "sim/support/check.h"

/* The retry numbers a mode implies when the scenario leaves them out (F_PER_MODE fields); the
 * numbers and their sources live in sim/model/retry.c (docs/model.md §8). */
void ddb_scn_retry_defaults(enum ddb_retry_mode mode, double d[RD_COUNT])
{
    ddb_retry_config cfg;
    ddb_retry_defaults(mode, &cfg);
    d[RD_ATTEMPTS] = cfg.max_attempts;
    d[RD_BASE_MS] = (double)cfg.throttle_base_ns / 1e6; /* base_ms: after a throttle */
    d[RD_MAX_BACKOFF_MS] = (double)cfg.max_backoff_ns / 1e6;
    d[RD_QUOTA] = cfg.quota;
}

/* The retry numbers left out take the mode's defaults (in their place in the resolved tree). */
void ddb_scn_fill_retry_defaults(ddb_scenario *s, cJSON *res)
{
    double d[RD_COUNT];
    ddb_scn_retry_defaults(s->retry_mode, d);
    const table *t = &ddb_scn_scenario_table;
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        if (!(f->flags & F_PER_MODE) || ddb_scn_given(res, f->path))
            continue;
        char parent[PATH_CAP];
        size_t n = (size_t)(ddb_scn_key_of(f) - f->path);
        DDB_CHECK(n > 0 && n < sizeof parent, "F_PER_MODE at the top: %s", f->path);
        memcpy(parent, f->path, n - 1);
        parent[n - 1] = '\0';
        double x = d[(size_t)f->dflt];
        ddb_scn_store(f, s, x, NULL);
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(
                      ddb_scn_resolved_at(res, parent), ddb_scn_key_of(f),
                      ddb_scn_need(ddb_scn_resolved_value(f, x, NULL))),
                  "replace %s", f->path);
    }
}

void ddb_gsi_capacity(const ddb_scenario *s, int64_t out[2])
{
    out[0] = out[1] = 0;
    for (size_t i = 0; i < s->n_gsi; i++)
        out[0] += s->gsi[i].rcu, out[1] += s->gsi[i].wcu;
}

double ddb_gsi_default_size_gb(const ddb_scenario *s, size_t i)
{
    uint32_t entry = ddb_gsi_entry_bytes(&s->gsi[i]);
    const ddb_size_spec *put = s->has_item_bytes_by_op[DDB_OP_PUT] ? &s->item_bytes_by_op[DDB_OP_PUT]
                                                                   : &s->item_bytes;
    double mean = ddb_size_mean(put);
    if (entry == 0 || mean <= 0 || (double)entry >= mean)
        return s->size_gb; /* an entry holds no more than its item */
    return s->size_gb * (double)entry / mean;
}
