/* configs — each model module's part of the scenario. See configs.h. */
#include "sim/scenario/configs.h"

#include <string.h>

/* What every table of the scenario shares: burst, adaptive capacity, billing, the per-table
 * quota, the split rules' numbers, the interval. */
static void common(const ddb_scenario *s, ddb_tablerun_config *c)
{
    memset(c, 0, sizeof *c);
    bool on_demand = s->billing == DDB_BILLING_ON_DEMAND;
    c->table.burst_s = s->burst_s;
    c->table.adaptive_capacity = s->adaptive_capacity;
    c->table.on_demand = on_demand;
    c->table.quota_rcu = s->quota_rcu;
    c->table.quota_wcu = s->quota_wcu;
    c->dynamics.on_demand = on_demand;
    c->dynamics.split_heat_threshold = s->split_heat_threshold;
    c->dynamics.split_heat_window_ns = s->split_heat_window_ns;
    c->dynamics.split_delay_ns = s->split_delay_ns;
    c->interval_ns = s->interval_ns;
}

/* A table's capacity: provisioned, or on-demand from its warm throughput up to its maximums. */
static void capacity(ddb_table_config *t, int64_t rcu, int64_t wcu, const ddb_warm_throughput *warm,
                     double size_gb, int64_t max_rcu, int64_t max_wcu)
{
    t->rcu = t->on_demand ? warm->read_units_per_s : rcu;
    t->wcu = t->on_demand ? warm->write_units_per_s : wcu;
    t->size_gb = size_gb;
    t->max_rcu = max_rcu;
    t->max_wcu = max_wcu;
}

void ddb_config_table(const ddb_scenario *s, ddb_tablerun_config *c)
{
    common(s, c);
    capacity(&c->table, s->rcu, s->wcu, &s->warm, s->size_gb, s->max_rcu, s->max_wcu);
    c->dynamics.index = DDB_TABLE_INDEX;
    c->dynamics.autoscaling = s->has_autoscaling ? &s->autoscaling : NULL;
    c->dynamics.changes = s->capacity_changes;
    c->dynamics.n_changes = s->n_capacity_changes;
    c->dynamics.split_for_heat = s->split_for_heat;
    /* With a sort key every put is a new item in its key's collection: data grows. */
    c->dynamics.grows = s->has_sk && (s->mix[DDB_OP_PUT] > 0 || s->mix[DDB_OP_BATCH_WRITE] > 0);
}

void ddb_config_gsi_table(const ddb_scenario *s, size_t index, ddb_tablerun_config *c)
{
    const ddb_gsi_spec *g = &s->gsi[index];
    common(s, c);
    capacity(&c->table, g->rcu, g->wcu, &g->warm, g->size_gb, g->max_rcu, g->max_wcu);
    c->dynamics.index = g->name;
    c->dynamics.autoscaling = g->has_autoscaling ? &g->autoscaling : NULL;
    c->dynamics.split_for_heat = s->split_for_heat; /* AWS splits indexes for heat as tables */
    /* and for size: with an index sort key, every base put adds an entry */
    c->dynamics.grows = g->has_sk && (s->mix[DDB_OP_PUT] > 0 || s->mix[DDB_OP_BATCH_WRITE] > 0);
}

void ddb_config_account(const ddb_scenario *s, ddb_account *a)
{
    ddb_gsi_capacity(s, a->provisioned);
    a->quota[DDB_READ] = s->account_quota_rcu;
    a->quota[DDB_WRITE] = s->account_quota_wcu;
    a->provisioned[DDB_READ] += s->rcu;
    a->provisioned[DDB_WRITE] += s->wcu;
}

void ddb_config_client(const ddb_scenario *s, ddb_client_config *c)
{
    c->retry_mode = s->retry_mode;
    c->max_attempts = s->max_attempts;
    c->retry_base_ms = s->retry_base_ms;
    c->retry_max_backoff_ms = s->retry_max_backoff_ms;
    c->retry_quota = s->retry_quota;
    memcpy(c->service, s->service, sizeof c->service);
    c->seed = s->seed;
}

void ddb_config_keys(const ddb_scenario *s, ddb_keydraw_source *k)
{
    *k = (ddb_keydraw_source){s->attrs, s->n_attrs, s->seed};
}

void ddb_config_lsis(const ddb_scenario *s, ddb_lsis_config *c)
{
    *c = (ddb_lsis_config){s->lsi, s->n_lsi, s->attrs, s->seed, s->item_collection_limit_gb};
}

void ddb_config_gsis(const ddb_scenario *s, const ddb_tablerun_config *tables, ddb_gsis_config *c)
{
    c->gsi = s->gsi;
    c->n_gsi = s->n_gsi;
    ddb_config_keys(s, &c->keys);
    c->on_demand = s->billing == DDB_BILLING_ON_DEMAND;
    c->tables = tables;
}
