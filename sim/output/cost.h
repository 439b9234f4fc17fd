/* cost — the monthly cost estimate of a finished run under a price table (sim/scenario/price.h),
 * for provisioned (what was provisioned) and on-demand (what was consumed) capacity, for the
 * Standard and Standard-IA table classes.
 *
 * The model (docs/planning.md, "Cost"):
 *   provisioned/month = (RCU x rcu-hour + WCU x wcu-hour) x 730 h + size_gb x GB-month
 *   on-demand/month   = consumed RCU (WCU) per second, averaged over the run, x 2,592,000 s
 *                       / 1e6 x price per million read (write) request units + storage
 * Consumed RCU/WCU map 1:1 to request units (an eventually consistent 4 KB read is 0.5 of both;
 * transactional requests already count double). The estimate extrapolates the simulated window
 * to a month and ignores the free tier, reserved capacity, backups and data transfer. A price
 * the table leaves out makes every cost that needs it NAN ("no price"), never a guess.
 */
#ifndef DDB_COST_H
#define DDB_COST_H

#include <stdint.h>
#include "sim/engine/engine.h"
#include "sim/scenario/price.h"
#include "sim/scenario/scenario.h"

#define DDB_HOURS_PER_MONTH 730.0
#define DDB_SECONDS_PER_MONTH 2592000.0 /* 30 days */

typedef struct ddb_cost {
    double provisioned_usd[DDB_TABLE_CLASS_COUNT]; /* per month; NAN: no price */
    double on_demand_usd[DDB_TABLE_CLASS_COUNT];
} ddb_cost;

/* The estimate from its inputs: provisioned capacity, size, what was consumed over duration_s. */
void ddb_cost_compute(const ddb_price_table *t, int64_t rcu, int64_t wcu, double size_gb,
                      double consumed_rcu, double consumed_wcu, double duration_s, ddb_cost *out);
/* The same for a scenario and its run's report. */
void ddb_cost_of_run(const ddb_price_table *t, const ddb_scenario *s, const ddb_report *r,
                     ddb_cost *out);

/* What the estimate leaves out, as summary.json says it. */
extern const char ddb_cost_assumptions[];

#endif
