/* configs — the scenario resolved into the configuration each model module takes: the scenario
 * is parsed, checked and completed once (sim/scenario/scenario.h); the engine's set-up, the only
 * code that sees the whole scenario, hands each table its own part through these.
 */
#ifndef DDB_CONFIGS_H
#define DDB_CONFIGS_H

#include <stddef.h>
#include "sim/model/client.h"
#include "sim/model/dynamics.h"
#include "sim/model/gsi.h"
#include "sim/model/keydraw.h"
#include "sim/model/lsi.h"
#include "sim/model/tablerun.h"
#include "sim/scenario/scenario.h"

/* The base table: its partitions, buckets and billing, and what moves its capacity. Pointers
 * in *c borrow from s. */
void ddb_config_table(const ddb_scenario *s, ddb_tablerun_config *c);
/* GSI number `index`: a table of its own with the index's capacity (on-demand with an on-demand
 * table, its warm throughput and maximums), the table's burst and adaptive capacity, the per-table
 * quota (AWS applies it to a table and to each of its GSIs), its own auto scaling, the table's split for heat
 * (weighing the index's own keys) and split for size (with an index sort key); no scheduled
 * changes. */
void ddb_config_gsi_table(const ddb_scenario *s, size_t index, ddb_tablerun_config *c);
/* Every SDK client instance's retry policy, service times and seed. */
void ddb_config_client(const ddb_scenario *s, ddb_client_config *c);
/* The attributes keys draw from and the seed (the base table's key and every index key). */
void ddb_config_keys(const ddb_scenario *s, ddb_keydraw_source *k);
/* The LSIs and the item collection limit. */
void ddb_config_lsis(const ddb_scenario *s, ddb_lsis_config *c);
/* The GSIs; tables: their table configurations (ddb_config_gsi_table), borrowed. */
void ddb_config_gsis(const ddb_scenario *s, const ddb_tablerun_config *tables, ddb_gsis_config *c);
/* The account's provisioned quota and what the table and its GSIs have at the start. */
void ddb_config_account(const ddb_scenario *s, ddb_account *a);

#endif
