/* cost — see cost.h. */
#include "sim/output/cost.h"

#include "sim/support/check.h"

const char ddb_cost_assumptions[] =
    "Monthly estimates in the table's currency: provisioned = provisioned RCU and WCU (the "
    "table's and its global secondary indexes') x 730 hours + storage; on-demand = the capacity "
    "consumed per second (table and indexes) over the simulated window, extrapolated to a 30-day "
    "month (2,592,000 s), at the request-unit prices + storage (table.size_gb and each global "
    "secondary index's size_gb). Ignores the free tier, reserved capacity, backups and data "
    "transfer. \"no price\": the price "
    "table lacks a price this needs.";

void ddb_cost_compute(const ddb_price_table *t, int64_t rcu, int64_t wcu, double size_gb,
                      double consumed_rcu, double consumed_wcu, double duration_s, ddb_cost *out)
{
    double per_month = duration_s > 0 ? DDB_SECONDS_PER_MONTH / duration_s : 0;
    for (int c = 0; c < DDB_TABLE_CLASS_COUNT; c++) {
        const double *p = t->price[c];
        /* NAN propagates: any missing price leaves its line "no price". */
        double storage = size_gb * p[DDB_PRICE_STORAGE_GB_MONTH];
        out->provisioned_usd[c] =
            ((double)rcu * p[DDB_PRICE_RCU_HOUR] + (double)wcu * p[DDB_PRICE_WCU_HOUR]) *
                DDB_HOURS_PER_MONTH + storage;
        out->on_demand_usd[c] = consumed_rcu * per_month / 1e6 * p[DDB_PRICE_OD_READ_MILLION] +
                                consumed_wcu * per_month / 1e6 * p[DDB_PRICE_OD_WRITE_MILLION] +
                                storage;
    }
}

/* Global secondary indexes are priced as the table is: their provisioned capacity, what they
 * consumed (index writes, gsi_query reads) and their storage (table.gsi[].size_gb). */
void ddb_cost_of_run(const ddb_price_table *t, const ddb_scenario *s, const ddb_report *r,
                     ddb_cost *out)
{
    int64_t rcu = s->rcu, wcu = s->wcu;
    int64_t consumed_rcu = r->total.consumed_milli[DDB_READ];
    int64_t consumed_wcu = r->total.consumed_milli[DDB_WRITE];
    double size_gb = s->size_gb;
    DDB_CHECK(r->n_gsi == s->n_gsi, "a report of %zu GSIs for %zu", r->n_gsi, s->n_gsi);
    for (size_t i = 0; i < r->n_gsi; i++) {
        size_gb += s->gsi[i].size_gb;
        rcu += r->gsi[i].rcu;
        wcu += r->gsi[i].wcu;
        consumed_rcu += r->gsi[i].total.consumed_milli[DDB_READ];
        consumed_wcu += r->gsi[i].total.consumed_milli[DDB_WRITE];
    }
    ddb_cost_compute(t, rcu, wcu, size_gb, (double)consumed_rcu / 1000.0,
                     (double)consumed_wcu / 1000.0, ddb_report_ran_s(r), out);
}
