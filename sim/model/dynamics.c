/* dynamics — capacity that moves. See dynamics.h for the rules. */
#include "sim/model/dynamics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/model/event_kinds.h"
#include "sim/support/strbuf.h"

#define NS_PER_S 1000000000LL
#define MINUTE_NS (60 * NS_PER_S)
#define GB_BYTES 1073741824.0
/* events.csv's name of an event kind (event_kinds.h) */
#define KIND(id) ddb_event_kind_name[DDB_EVENT_##id]

static const char *const dir_name[2] = {"reads", "writes"};
static const char *const unit_name[2] = {"rcu", "wcu"};
static const int64_t cap_milli[2] = {DDB_PARTITION_MAX_RCU * 1000LL, DDB_PARTITION_MAX_WCU * 1000LL};

static void add_event(ddb_dynamics *y, int64_t t_ns, const char *kind, uint32_t partition,
                      const char *fmt, ...) DDB_PRINTF(5, 6);
static void add_event(ddb_dynamics *y, int64_t t_ns, const char *kind, uint32_t partition,
                      const char *fmt, ...)
{
    if (y->n_events == y->cap_events) {
        y->cap_events = y->cap_events ? y->cap_events * 2 : 16;
        y->events = ddb_xrealloc(y->events, y->cap_events * sizeof *y->events);
    }
    ddb_dyn_event *e = &y->events[y->n_events++];
    e->t_ns = t_ns;
    e->kind = kind;
    e->partition = partition;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
}

/* What the metrics have counted so far (closed intervals plus the current one). */
static int64_t table_consumed(const ddb_metrics *m, int d)
{
    return m->total.consumed_milli[d] + m->cur.consumed_milli[d];
}

static int64_t part_consumed(const ddb_metrics *m, size_t p, int d)
{
    if (p >= m->n_partitions)
        return 0;
    return m->part_total[p].consumed_milli[d] + m->part_cur[p].consumed_milli[d];
}

static void track_partitions(ddb_dynamics *y, size_t n, const ddb_metrics *m, int64_t now_ns)
{
    if (n <= y->n_parts)
        return;
    y->window_consumed = ddb_xrealloc(y->window_consumed, n * 2 * sizeof *y->window_consumed);
    y->last_split_ns = ddb_xrealloc(y->last_split_ns, n * sizeof *y->last_split_ns);
    y->pending = ddb_xrealloc(y->pending, n * sizeof *y->pending);
    y->no_split_told = ddb_xrealloc(y->no_split_told, n * sizeof *y->no_split_told);
    for (size_t p = y->n_parts; p < n; p++) {
        for (int d = 0; d < 2; d++)
            y->window_consumed[p * 2 + (size_t)d] = part_consumed(m, p, d);
        y->last_split_ns[p] = y->n_parts ? now_ns : INT64_MIN;
        y->pending[p] = false;
        y->no_split_told[p] = false;
    }
    y->n_parts = n;
}

void ddb_dynamics_init(ddb_dynamics *y, const ddb_dynamics_config *c, const ddb_table *t)
{
    memset(y, 0, sizeof *y);
    y->cfg = *c;
    const ddb_autoscaling *a = c->autoscaling;
    int64_t lim[2][2] = {{a ? a->min_rcu : 0, a ? a->max_rcu : 0},
                         {a ? a->min_wcu : 0, a ? a->max_wcu : 0}};
    for (int d = 0; d < 2; d++) {
        y->scaled[d] = a && lim[d][1] > 0;
        y->min_units[d] = lim[d][0];
        y->max_units[d] = lim[d][1];
        y->update_at_ns[d] = INT64_MAX;
    }
    y->ticking = c->on_demand || c->split_for_heat || c->grows || a;
    y->last_decrease_ns = INT64_MIN;
    y->warm_milli[DDB_READ] = t->rate_milli[DDB_READ];
    y->warm_milli[DDB_WRITE] = t->rate_milli[DDB_WRITE];
    ddb_metrics dummy = {0};
    track_partitions(y, t->n_partitions, &dummy, 0);
    y->next_ns = INT64_MAX;
    if (c->n_changes)
        y->next_ns = c->changes[0].at_ns;
    if (y->ticking && NS_PER_S < y->next_ns)
        y->next_ns = NS_PER_S;
}

void ddb_dynamics_set_account(ddb_dynamics *y, ddb_account *a)
{
    y->account = y->cfg.on_demand ? NULL : a;
}

void ddb_dynamics_destroy(ddb_dynamics *y)
{
    free(y->window_consumed);
    free(y->last_split_ns);
    free(y->pending);
    free(y->no_split_told);
    free(y->splits);
    free(y->events);
    free(y->key_traffic);
    memset(y, 0, sizeof *y);
}

/* ---- splits ---- */

static uint32_t split(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, uint32_t p,
                      uint64_t at, int64_t now_ns, const char *why)
{
    uint32_t child = ddb_table_split(t, p, at, now_ns);
    track_partitions(y, t->n_partitions, m, now_ns);
    y->last_split_ns[p] = now_ns;
    add_event(y, now_ns, KIND(SPLIT), p, "for %s: %u -> %u, %u", why, p, p, child);
    return child;
}

/* Doubling: every partition splits at its middle until each can serve its share. */
static void follow_capacity(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, int64_t now_ns)
{
    while (ddb_table_short_of_partitions(t)) {
        size_t n = t->n_partitions, done = 0;
        for (uint32_t p = 0; p < n; p++) {
            if (!ddb_table_can_split(t, p))
                continue;
            uint64_t mid = ddb_keyspace_mid(&t->keys, ddb_keyspace_range_of(&t->keys, p));
            split(y, t, m, p, mid, now_ns, "capacity");
            done++;
        }
        if (!done)
            return;
    }
}

static void set_rate(ddb_dynamics *y, ddb_table *t, int d, int64_t units, int64_t now_ns,
                     const char *kind)
{
    int64_t old = t->rate_milli[d] / 1000;
    if (units == old && t->rate_milli[d] % 1000 == 0)
        return;
    if (strcmp(kind, KIND(ON_DEMAND_CAPACITY)) != 0)
        add_event(y, now_ns, KIND(CAPACITY_CHANGE), DDB_PARTITION_NONE, "%s %lld -> %lld%s",
                  unit_name[d], (long long)old, (long long)units,
                  strcmp(kind, KIND(AUTOSCALING)) == 0 ? " (auto scaling)" : "");
    else
        add_event(y, now_ns, kind, DDB_PARTITION_NONE, "%s %lld/s -> %lld/s", dir_name[d],
                  (long long)old, (long long)units);
    ddb_table_set_rate(t, (enum ddb_dir)d, units, now_ns);
    if (y->account)
        y->account->provisioned[d] += units - old;
}

/* A provisioned change to units on direction d within the account's quota; else refused (false)
 * and said as kind, e.g. "autoscaling_refused". */
static bool account_allows(ddb_dynamics *y, const ddb_table *t, int d, int64_t units, int64_t now_ns,
                           const char *kind)
{
    int64_t old = t->rate_milli[d] / 1000;
    if (!y->account || units <= old)
        return true;
    int64_t total = y->account->provisioned[d] - old + units;
    if (total <= y->account->quota[d])
        return true;
    add_event(y, now_ns, kind, DDB_PARTITION_NONE, "%s %lld -> %lld: table and GSIs %lld > account_quota_%s %lld",
              unit_name[d], (long long)old, (long long)units, (long long)total, unit_name[d],
              (long long)y->account->quota[d]);
    return false;
}

static void apply_changes(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, int64_t now_ns)
{
    while (y->next_change < y->cfg.n_changes && y->cfg.changes[y->next_change].at_ns <= now_ns) {
        const ddb_capacity_change *c = &y->cfg.changes[y->next_change++];
        if (c->rcu && account_allows(y, t, DDB_READ, c->rcu, now_ns, KIND(CAPACITY_CHANGE_REFUSED)))
            set_rate(y, t, DDB_READ, c->rcu, now_ns, KIND(CAPACITY_CHANGE));
        if (c->wcu && account_allows(y, t, DDB_WRITE, c->wcu, now_ns, KIND(CAPACITY_CHANGE_REFUSED)))
            set_rate(y, t, DDB_WRITE, c->wcu, now_ns, KIND(CAPACITY_CHANGE));
        follow_capacity(y, t, m, now_ns);
    }
}

/* ---- on-demand ---- */

/* At each whole minute: the minute's average joins the last 30; the allowance follows. */
static void on_demand_minute(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m,
                             const int64_t avg_milli[2], int64_t now_ns)
{
    size_t slot = (y->minutes - 1) % DDB_ON_DEMAND_PEAK_MINUTES;
    size_t kept = y->minutes < DDB_ON_DEMAND_PEAK_MINUTES ? y->minutes : DDB_ON_DEMAND_PEAK_MINUTES;
    for (int d = 0; d < 2; d++) {
        int64_t avg = avg_milli[d];
        y->peak_milli[slot][d] = avg;
        if (avg > y->warm_milli[d])
            y->warm_milli[d] = avg;
        int64_t peak = 0;
        for (size_t i = 0; i < kept; i++)
            if (y->peak_milli[i][d] > peak)
                peak = y->peak_milli[i][d];
        int64_t allowance = 2 * peak > y->warm_milli[d] ? 2 * peak : y->warm_milli[d];
        set_rate(y, t, d, (allowance + 999) / 1000, now_ns, KIND(ON_DEMAND_CAPACITY));
    }
    follow_capacity(y, t, m, now_ns);
}

/* ---- auto scaling ---- */

/* AWS's daily limit on decreases: any 4 in a UTC day, then one more whenever the last was an
 * hour ago or more, at most 27. */
static bool may_decrease(ddb_dynamics *y, int64_t now_ns)
{
    int64_t day = now_ns / (86400 * NS_PER_S);
    if (day != y->day) {
        y->day = day;
        y->decreases_today = 0;
    }
    if (y->decreases_today < DDB_AUTOSCALING_DECREASES_ANY)
        return true;
    return y->decreases_today < DDB_AUTOSCALING_DECREASES_MAX &&
           now_ns - y->last_decrease_ns >= 3600 * NS_PER_S;
}

static void decide(ddb_dynamics *y, int d, int64_t units, int64_t now_ns, const char *why)
{
    const ddb_autoscaling *a = y->cfg.autoscaling;
    /* CloudWatch's alarm fires alarm_lag after the datapoint, then UpdateTable takes its time. */
    y->update_at_ns[d] = now_ns + a->alarm_lag_ns + a->update_ns;
    y->update_units[d] = units;
    y->above[d] = y->below[d] = 0;
    add_event(y, now_ns, KIND(AUTOSCALING), DDB_PARTITION_NONE,
              "%s: %s %.0f%%: %lld in %.0f s (alarm %.0f s, update %.0f s)", unit_name[d], why,
              a->target_utilization * 100.0, (long long)units,
              (double)(a->alarm_lag_ns + a->update_ns) / 1e9, (double)a->alarm_lag_ns / 1e9,
              (double)a->update_ns / 1e9);
}

/* One minute's datapoint per scaled direction: the alarms count, and decide. */
static void autoscaling_minute(ddb_dynamics *y, const ddb_table *t, const int64_t avg_milli[2],
                               int64_t now_ns)
{
    double target = y->cfg.autoscaling->target_utilization;
    for (int d = 0; d < 2; d++) {
        if (!y->scaled[d] || y->update_at_ns[d] != INT64_MAX)
            continue;
        double provisioned = (double)t->rate_milli[d], used = (double)avg_milli[d];
        double util = provisioned > 0 ? used / provisioned : 1.0;
        y->above[d] = util > target ? y->above[d] + 1 : 0;
        y->below[d] = util < target - DDB_AUTOSCALING_IN_MARGIN ? y->below[d] + 1 : 0;
        int64_t want = (int64_t)ceil(used / 1000.0 / target);
        want = want < y->min_units[d] ? y->min_units[d] : want > y->max_units[d] ? y->max_units[d] : want;
        int64_t now_units = t->rate_milli[d] / 1000;
        if (y->above[d] >= DDB_AUTOSCALING_OUT_MINUTES && want > now_units) {
            decide(y, d, want, now_ns, "2 minutes above");
        } else if (y->below[d] >= DDB_AUTOSCALING_IN_MINUTES && want < now_units &&
                   may_decrease(y, now_ns)) {
            y->decreases_today++;
            y->last_decrease_ns = now_ns;
            decide(y, d, want, now_ns, "15 minutes below");
        }
    }
}

static void apply_updates(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, int64_t now_ns)
{
    for (int d = 0; d < 2; d++) {
        if (y->update_at_ns[d] > now_ns)
            continue;
        y->update_at_ns[d] = INT64_MAX;
        if (!account_allows(y, t, d, y->update_units[d], now_ns, KIND(AUTOSCALING_REFUSED)))
            continue;
        set_rate(y, t, d, y->update_units[d], now_ns, KIND(AUTOSCALING));
        follow_capacity(y, t, m, now_ns);
    }
}

/* The whole minute: its average consumption per second feeds on-demand and auto scaling. */
static void minute(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, int64_t now_ns)
{
    int64_t avg[2];
    y->minutes++;
    for (int d = 0; d < 2; d++) {
        int64_t now_total = table_consumed(m, d);
        avg[d] = (now_total - y->minute_consumed[d]) / 60;
        y->minute_consumed[d] = now_total;
    }
    if (y->cfg.on_demand)
        on_demand_minute(y, t, m, avg, now_ns);
    if (y->cfg.autoscaling)
        autoscaling_minute(y, t, avg, now_ns);
}

/* ---- split for heat ---- */

typedef struct weighted_key {
    uint64_t hash;
    int64_t weight;
} weighted_key;

static int by_hash(const void *a, const void *b)
{
    uint64_t x = ((const weighted_key *)a)->hash, z = ((const weighted_key *)b)->hash;
    return x < z ? -1 : x > z;
}

/* A key's traffic so far: what it offered (consumed + refused), reads + 3 x writes, as
 * Contributor Insights weighs them. */
static int64_t key_traffic(const ddb_keystat *e)
{
    return e->offered_rcu_milli + 3 * e->offered_wcu_milli;
}

/* Remember every key's traffic at the start of a heat window, so that a split weighs what came
 * in the window (the partition's recent traffic), not the whole run's. */
static void snapshot_keys(ddb_dynamics *y, const ddb_keytab *k)
{
    if (k->n_entries > y->n_key_traffic) {
        y->key_traffic = ddb_xrealloc(y->key_traffic, k->n_entries * sizeof *y->key_traffic);
        y->n_key_traffic = k->n_entries;
    }
    for (size_t id = 0; id < k->n_entries; id++)
        y->key_traffic[id] = key_traffic(&k->entries[id]);
}

/* The cut before key `cut` of the hash-sorted keys that leaves the lower part closest to half of
 * total. */
static size_t halving_cut(const weighted_key *keys, size_t n, int64_t total)
{
    int64_t left = 0, best = INT64_MAX;
    size_t cut = 1;
    for (size_t i = 1; i < n; i++) {
        left += keys[i - 1].weight;
        int64_t off = llabs(2 * left - total);
        if (off < best) {
            best = off;
            cut = i;
        }
    }
    return cut;
}

/* The cut beside the hottest key (at hot) that frees the more of its neighbours' traffic: just
 * below it or just above it. The next windows cut the other side, until it sits alone. */
static size_t isolating_cut(const weighted_key *keys, size_t n, size_t hot)
{
    if (hot == 0)
        return 1;
    if (hot == n - 1)
        return hot;
    int64_t below = 0, above = 0;
    for (size_t i = 0; i < n; i++)
        *(i < hot ? &below : &above) += i == hot ? 0 : keys[i].weight;
    return below >= above ? hot : hot + 1;
}

/* Where a hot partition splits, from its keys' traffic in the window ([first, last] is its
 * range): at the hash that halves the traffic, or, when one key carries half of it or more,
 * beside that key so that it ends up alone (AWS isolates frequently accessed items, down to a
 * partition of their own). 0 when the partition's traffic is one key's: no split separates
 * anything (*top_share says how much the hottest key carries). */
static uint64_t heat_split_point(const ddb_dynamics *y, const ddb_keytab *k, uint64_t first,
                                 uint64_t last, double *top_share)
{
    size_t n = 0, cap = 64;
    weighted_key *keys = ddb_xmalloc(cap * sizeof *keys);
    int64_t total = 0, top = 0;
    for (size_t id = 0; id < k->n_entries; id++) {
        const ddb_keystat *e = &k->entries[id];
        if (!e->known || e->hash < first || e->hash > last)
            continue;
        int64_t w = key_traffic(e) - (id < y->n_key_traffic ? y->key_traffic[id] : 0);
        if (w <= 0)
            continue;
        if (n == cap)
            keys = ddb_xrealloc(keys, (cap *= 2) * sizeof *keys);
        keys[n++] = (weighted_key){e->hash, w};
        total += w;
        top = w > top ? w : top;
    }
    *top_share = total ? (double)top / (double)total : 1.0;
    uint64_t at = 0;
    if (n >= 2) {
        qsort(keys, n, sizeof *keys, by_hash);
        size_t hot = 0;
        for (size_t i = 1; i < n; i++)
            hot = keys[i].weight > keys[hot].weight ? i : hot;
        size_t cut = 2 * top < total ? halving_cut(keys, n, total) : isolating_cut(keys, n, hot);
        at = keys[cut].hash > keys[cut - 1].hash ? keys[cut].hash : 0;
    }
    free(keys);
    return at;
}

static void schedule_split(ddb_dynamics *y, uint32_t p, uint64_t at, int64_t now_ns, bool heat)
{
    if (y->n_splits == y->cap_splits) {
        y->cap_splits = y->cap_splits ? y->cap_splits * 2 : 8;
        y->splits = ddb_xrealloc(y->splits, y->cap_splits * sizeof *y->splits);
    }
    y->splits[y->n_splits++] = (ddb_pending_split){now_ns + y->cfg.split_delay_ns, p, at, heat};
    y->pending[p] = true;
}

static bool hot(const ddb_dynamics *y, const ddb_metrics *m, size_t p, int64_t window_ns)
{
    double window_s = (double)window_ns / 1e9;
    for (int d = 0; d < 2; d++) {
        double used = (double)(part_consumed(m, p, d) - y->window_consumed[p * 2 + (size_t)d]);
        if (used / window_s >= y->cfg.split_heat_threshold * (double)cap_milli[d])
            return true;
    }
    return false;
}

static void heat_window(ddb_dynamics *y, const ddb_table *t, const ddb_metrics *m,
                        const ddb_keytab *k, int64_t now_ns)
{
    int64_t window = now_ns - y->window_start_ns;
    for (uint32_t p = 0; p < t->n_partitions; p++) {
        /* A partition split during the window is judged on the next one. */
        if (y->pending[p] || y->last_split_ns[p] > y->window_start_ns || !hot(y, m, p, window))
            continue;
        size_t r = ddb_keyspace_range_of(&t->keys, p);
        double top = 0;
        uint64_t at = heat_split_point(y, k, ddb_keyspace_first(&t->keys, r),
                                       ddb_keyspace_last(&t->keys, r), &top);
        if (at && ddb_table_can_split(t, p)) {
            schedule_split(y, p, at, now_ns, true);
        } else if (!y->no_split_told[p]) {
            y->no_split_told[p] = true;
            add_event(y, now_ns, KIND(NO_SPLIT), p, "hot, but one key carries %.0f%% of its traffic",
                      top * 100.0); /* 100%: it sits alone */
        }
    }
    for (size_t p = 0; p < t->n_partitions; p++)
        for (int d = 0; d < 2; d++)
            y->window_consumed[p * 2 + (size_t)d] = part_consumed(m, p, d);
    snapshot_keys(y, k);
    y->window_start_ns = now_ns;
}

/* ---- split for size ---- */

static void size_check(ddb_dynamics *y, const ddb_table *t, int64_t now_ns)
{
    for (uint32_t p = 0; p < t->n_partitions; p++)
        if (!y->pending[p] && (double)t->parts[p].size_bytes > DDB_PARTITION_MAX_GB * GB_BYTES &&
            ddb_table_can_split(t, p))
            schedule_split(y, p, 0, now_ns, false);
}

static void run_pending(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, int64_t now_ns)
{
    size_t kept = 0;
    for (size_t i = 0; i < y->n_splits; i++) {
        ddb_pending_split sp = y->splits[i];
        if (sp.at_ns > now_ns) {
            y->splits[kept++] = sp;
            continue;
        }
        y->pending[sp.partition] = false;
        if (!ddb_table_can_split(t, sp.partition))
            continue;
        size_t r = ddb_keyspace_range_of(&t->keys, sp.partition);
        uint64_t first = ddb_keyspace_first(&t->keys, r), last = ddb_keyspace_last(&t->keys, r);
        uint64_t at = sp.for_heat ? sp.hash : ddb_keyspace_mid(&t->keys, r);
        if (at <= first || at > last) /* the range moved (doubling) since: its middle */
            at = ddb_keyspace_mid(&t->keys, r);
        split(y, t, m, sp.partition, at, now_ns, sp.for_heat ? "heat" : "size");
    }
    y->n_splits = kept;
}

/* ---- the schedule ---- */

static bool heat_window_due(const ddb_dynamics *y, int64_t now_ns)
{
    return y->cfg.split_for_heat && now_ns - y->window_start_ns >= y->cfg.split_heat_window_ns;
}

bool ddb_dynamics_near_split_heat(const ddb_dynamics_config *c, enum ddb_dir d, double milli_per_s)
{
    const double margin = 0.9; /* of the split threshold */
    double cap = (d == DDB_READ ? DDB_PARTITION_MAX_RCU : DDB_PARTITION_MAX_WCU) * 1000.0;
    return c->split_for_heat && milli_per_s >= margin * c->split_heat_threshold * cap;
}

bool ddb_dynamics_reads_keys(const ddb_dynamics *y, int64_t now_ns)
{
    return y->ticking && now_ns % NS_PER_S == 0 && heat_window_due(y, now_ns);
}

bool ddb_dynamics_run(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, const ddb_keytab *k,
                      int64_t now_ns)
{
    size_t before = t->n_partitions;
    apply_changes(y, t, m, now_ns);
    bool whole_second = now_ns % NS_PER_S == 0;
    if (y->ticking && whole_second) {
        apply_updates(y, t, m, now_ns);
        if (now_ns % MINUTE_NS == 0)
            minute(y, t, m, now_ns);
        run_pending(y, t, m, now_ns);
        if (heat_window_due(y, now_ns))
            heat_window(y, t, m, k, now_ns);
        if (y->cfg.grows)
            size_check(y, t, now_ns);
    }
    y->next_ns = INT64_MAX;
    if (y->next_change < y->cfg.n_changes)
        y->next_ns = y->cfg.changes[y->next_change].at_ns;
    int64_t next_second = (now_ns / NS_PER_S + 1) * NS_PER_S;
    if (y->ticking && next_second < y->next_ns)
        y->next_ns = next_second;
    return t->n_partitions != before;
}
