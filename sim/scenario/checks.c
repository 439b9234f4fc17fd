/* checks — the checks across fields: capacity against quotas, billing modes, retries, the loop,
 * a trace against the fields it replaces, indexes and keys. */
#include "sim/scenario/scenario_int.h"

#include <stdio.h>
#include <string.h>
#include "sim/model/batch.h"
#include "sim/support/check.h"

int ddb_scn_check_size(ctx *c, const char *path, void *base, cJSON *res)
{
    const ddb_size_spec *z = base;
    char p[PATH_CAP];
    (void)res;
    if (z->kind != DDB_SIZE_UNIFORM || z->min_bytes <= z->max_bytes)
        return 0;
    ddb_scn_join(p, path, "max");
    return ddb_scn_fail(c, p, "less than min (got %u, expected an integer from %u to %u)",
                        z->max_bytes, z->min_bytes, DDB_ITEM_MAX_BYTES);
}

static const cJSON *member(const cJSON *obj, const char *a, const char *b, const char *d)
{
    obj = cJSON_GetObjectItemCaseSensitive(obj, a);
    obj = cJSON_GetObjectItemCaseSensitive(obj, b);
    return d ? cJSON_GetObjectItemCaseSensitive(obj, d) : obj;
}

static int check_interval(ctx *c, const ddb_scenario *s, cJSON *res)
{
    char dur[32], want[64];
    if (s->interval_ns <= s->duration_ns)
        return 0;
    ddb_scn_num_text(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(res, "duration_s")),
                     dur);
    snprintf(want, sizeof want, "at most duration_s (%s)", dur);
    return ddb_scn_bad(c, "output.interval_s", "longer than the run",
                       member(res, "output", "interval_s", NULL), want);
}

/* Mode none makes one attempt; the backoff cap is at least its base. */
static int check_retry(ctx *c, ddb_scenario *s, cJSON *res)
{
    bool attempts = ddb_scn_given(res, "client.retry.max_attempts");
    bool base = ddb_scn_given(res, "client.retry.base_ms");
    bool cap = ddb_scn_given(res, "client.retry.max_backoff_ms");
    char lo[32], hi[32], want[160];
    if (s->retry_mode == DDB_RETRY_NONE && attempts && s->max_attempts > 1)
        return ddb_scn_bad(c, "client.retry.max_attempts",
                           "more than one attempt with mode \"none\"",
                           ddb_scn_resolved_at(res, "client.retry.max_attempts"),
                           "1, or mode \"standard\"");
    ddb_scn_fill_retry_defaults(s, res);
    if (s->retry_max_backoff_ms >= s->retry_base_ms)
        return 0;
    ddb_scn_num_text(s->retry_base_ms, lo);
    ddb_scn_num_text(s->retry_max_backoff_ms, hi);
    if (cap) {
        ddb_scn_num_text(BACKOFF_MAX_MS, hi);
        snprintf(want, sizeof want, "a number from base_ms (%s) to %s", lo, hi);
        return ddb_scn_bad(c, "client.retry.max_backoff_ms", "less than base_ms",
                           ddb_scn_resolved_at(res, "client.retry.max_backoff_ms"), want);
    }
    DDB_CHECK(base, "a mode's default base_ms above its max_backoff_ms");
    snprintf(want, sizeof want, "at most mode \"%s\"'s max_backoff_ms (%s), or set "
             "client.retry.max_backoff_ms", ddb_retry_mode_names[s->retry_mode], hi);
    return ddb_scn_bad(c, "client.retry.base_ms", "more than the longest backoff",
                       ddb_scn_resolved_at(res, "client.retry.base_ms"), want);
}

/* Open loop (client.concurrency 0) needs workload.rate; closed loop has none, and only closed-
 * loop callers think. */
static int check_loop(ctx *c, const ddb_scenario *s, cJSON *res)
{
    char want[256];
    if (s->concurrency > 0 && s->has_rate)
        return ddb_scn_fail(c, "workload.rate",
                            "closed-loop callers (client.concurrency) issue requests "
                            "as responses come back; remove workload.rate");
    if (s->concurrency > 0)
        return 0;
    if (!s->has_rate && !s->has_trace) {
        ddb_scn_expect_text(ddb_scn_field_at("workload.rate"), want, sizeof want);
        return ddb_scn_fail(c, "workload.rate",
                            "missing (expected %s) (or set client.concurrency for "
                            "closed-loop callers)",
                            want);
    }
    if (s->think_ms > 0)
        return ddb_scn_bad(c, "client.think_ms", "only closed-loop callers think",
                           ddb_scn_resolved_at(res, "client.think_ms"),
                           "0, or set client.concurrency");
    return 0;
}

/* A trace gives the keys, operations, sizes and arrivals: the fields that would generate them
 * are refused rather than silently ignored. Without one, the key and the mix are required. */
static bool template_given(const ctx *c, const char *path)
{
    for (size_t i = 0; i < c->n_tpl; i++)
        if (strcmp(c->tpl[i].f->path, path) == 0)
            return true;
    return false;
}

static int check_workload(ctx *c, ddb_scenario *s, cJSON *res)
{
    char want[256];
    /* templates are stored (and has_pk set) last, once the attributes are known */
    s->has_pk = template_given(c, "table.key.pk");
    if (!s->has_trace) {
        if (!s->has_pk)
            return ddb_scn_missing(c, ddb_scn_field_at("table.key.pk"), "table.key.pk");
        if (!s->has_mix) {
            ddb_scn_expect_text(ddb_scn_field_at("workload.mix"), want, sizeof want);
            return ddb_scn_fail(c, "workload.mix", "missing (expected %s)", want);
        }
        return 0;
    }
    static const struct {
        size_t present;
        const char *path, *what;
    } refused[] = {
        {OFF(has_pk), "table.key.pk", "the partition keys come from the trace"},
        {OFF(has_rate), "workload.rate", "the arrivals come from the trace"},
        {OFF(has_mix), "workload.mix", "the operations come from the trace"},
        {OFF(has_item_bytes), "workload.item_bytes", "the item sizes come from the trace"},
    };
    for (int op = 0; op < DDB_OP_COUNT; op++)
        if (s->has_item_bytes_by_op[op])
            return ddb_scn_fail(c, "workload.item_bytes_by_op",
                                "the item sizes come from the trace "
                                "(workload.trace); remove workload.item_bytes_by_op");
    for (size_t i = 0; i < NELEM(refused); i++)
        if (*(bool *)((char *)s + refused[i].present))
            return ddb_scn_fail(c, refused[i].path, "%s (workload.trace); remove %s",
                                refused[i].what, refused[i].path);
    if (s->concurrency > 0)
        return ddb_scn_fail(c, "client.concurrency",
                            "a trace is replayed open loop, as recorded; remove "
                            "client.concurrency or workload.trace");
    /* item_bytes' default says nothing of a trace's sizes: not in the resolved scenario */
    cJSON_DeleteItemFromObjectCaseSensitive(ddb_scn_resolved_at(res, "workload"), "item_bytes");
    return 0;
}

/* Provisioned capacity at path (its resolved value v) within the table's quota for direction d:
 * AWS refuses more with LimitExceededException until the quota is raised. */
static int check_quota(ctx *c, const ddb_scenario *s, int d, const char *path, const cJSON *v,
                       int64_t units)
{
    int64_t quota = d == 0 ? s->quota_rcu : s->quota_wcu;
    if (units <= quota)
        return 0;
    char want[160];
    snprintf(want, sizeof want, "at most table.%s, %lld: AWS refuses more until the quota is raised",
             d == 0 ? "quota_rcu" : "quota_wcu", (long long)quota);
    return ddb_scn_bad(c, path, "above the table's quota", v, want);
}

/* Auto scaling (at path, resolved as r) scales something, within min <= max; the limits it
 * leaves out are filled in (the maximum: the table's quota). */
static int check_autoscaling(ctx *c, const ddb_scenario *s, ddb_autoscaling *a, const char *path,
                             cJSON *r)
{
    if (!a->min_rcu && !a->max_rcu && !a->min_wcu && !a->max_wcu)
        return ddb_scn_fail(c, path,
                            "scales nothing (expected min_rcu/max_rcu, min_wcu/max_wcu or both)");
    int64_t *lim[2][2] = {{&a->min_rcu, &a->max_rcu}, {&a->min_wcu, &a->max_wcu}};
    int64_t quota[2] = {s->quota_rcu, s->quota_wcu};
    static const char *const names[2][2] = {{"min_rcu", "max_rcu"}, {"min_wcu", "max_wcu"}};
    for (int d = 0; d < 2; d++) {
        if (!*lim[d][0] && !*lim[d][1])
            continue;
        bool max_given = *lim[d][1] != 0;
        if (max_given) {
            char p[PATH_CAP];
            ddb_scn_join(p, path, names[d][1]);
            if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(r, names[d][1]), *lim[d][1]) < 0)
                return -1;
        }
        if (!*lim[d][0])
            *lim[d][0] = 1;
        if (!*lim[d][1])
            *lim[d][1] = quota[d];
        if (*lim[d][0] > *lim[d][1]) {
            char p[PATH_CAP], want[96];
            if (max_given) {
                ddb_scn_join(p, path, names[d][1]);
                snprintf(want, sizeof want, "at least %s (%lld)", names[d][0], (long long)*lim[d][0]);
                return ddb_scn_bad(c, p, "less than the minimum",
                                   cJSON_GetObjectItemCaseSensitive(r, names[d][1]), want);
            }
            /* the maximum is the quota, filled in: the minimum is what is wrong */
            ddb_scn_join(p, path, names[d][0]);
            snprintf(want, sizeof want, "at most the table quota (%lld), or raise table.%s",
                     (long long)*lim[d][1], d == 0 ? "quota_rcu" : "quota_wcu");
            return ddb_scn_bad(c, p, "more than the maximum",
                               cJSON_GetObjectItemCaseSensitive(r, names[d][0]), want);
        }
        for (int k = 0; k < 2; k++)
            if (!cJSON_GetObjectItemCaseSensitive(r, names[d][k]))
                ddb_scn_add(r, names[d][k], cJSON_CreateNumber((double)*lim[d][k]));
    }
    return 0;
}

/* The first of names (members of obj, resolved at path) that is given, or NULL. */
static const char *given_member(const cJSON *obj, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cJSON_GetObjectItemCaseSensitive(obj, names[i]))
            return names[i];
    return NULL;
}

static const char *const on_demand_members[] = {"warm_throughput", "max_rcu", "max_wcu"};
static const char *const provisioned_members[] = {"rcu", "wcu", "autoscaling"};

/* A provisioned table's GSIs are provisioned: their own rcu and wcu, optionally auto scaled. */
static int check_provisioned_gsi(ctx *c, ddb_scenario *s, size_t i, cJSON *g)
{
    ddb_gsi_spec *x = &s->gsi[i];
    char path[PATH_CAP], p[PATH_CAP];
    snprintf(path, sizeof path, "table.gsi[%zu]", i);
    const char *wrong = given_member(g, on_demand_members, NELEM(on_demand_members));
    if (wrong) {
        ddb_scn_join(p, path, wrong);
        return ddb_scn_fail(c, p,
                            "applies to the indexes of on-demand tables only (expected "
                            "table.billing \"on_demand\", or remove it)");
    }
    if (!x->rcu || !x->wcu) {
        const field *f = &ddb_scn_gsi_fields[0];
        while (strcmp(f->path, x->rcu ? "wcu" : "rcu") != 0)
            f++;
        ddb_scn_join(p, path, f->path);
        return ddb_scn_missing(c, f, p);
    }
    int64_t units[2] = {x->rcu, x->wcu};
    for (int d = 0; d < 2; d++) {
        ddb_scn_join(p, path, d == 0 ? "rcu" : "wcu");
        if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(g, d == 0 ? "rcu" : "wcu"),
                        units[d]) < 0)
            return -1;
    }
    if (!x->has_autoscaling)
        return 0;
    ddb_scn_join(p, path, "autoscaling");
    return check_autoscaling(c, s, &x->autoscaling, p,
                             cJSON_GetObjectItemCaseSensitive(g, "autoscaling"));
}

/* An on-demand table's GSIs are on-demand with it: no capacity of their own, a warm throughput
 * that defaults to a new table's. */
static int check_on_demand_gsi(ctx *c, ddb_scenario *s, size_t i, cJSON *g)
{
    ddb_gsi_spec *x = &s->gsi[i];
    const char *wrong = given_member(g, provisioned_members, NELEM(provisioned_members));
    if (wrong) {
        char p[PATH_CAP];
        snprintf(p, sizeof p, "table.gsi[%zu].%s", i, wrong);
        return ddb_scn_fail(c, p,
                            "the index of an on-demand table is on-demand with it (expected no %s "
                            "with table.billing \"on_demand\"; warm_throughput says what it serves "
                            "at once)", wrong);
    }
    if (!x->has_warm) {
        x->warm.read_units_per_s = (int64_t)ddb_scn_warm_fields[0].dflt;
        x->warm.write_units_per_s = (int64_t)ddb_scn_warm_fields[1].dflt;
        cJSON *w = ddb_scn_add_object(g, "warm_throughput");
        ddb_scn_add(w, "read_units_per_s", cJSON_CreateNumber(ddb_scn_warm_fields[0].dflt));
        ddb_scn_add(w, "write_units_per_s", cJSON_CreateNumber(ddb_scn_warm_fields[1].dflt));
    }
    return 0;
}

static int check_gsi_capacity(ctx *c, ddb_scenario *s, cJSON *res)
{
    cJSON *arr = ddb_scn_resolved_at(res, "table.gsi");
    for (size_t i = 0; i < s->n_gsi; i++) {
        cJSON *g = cJSON_GetArrayItem(arr, (int)i);
        DDB_CHECK(g != NULL, "resolved tree without table.gsi[%zu]", i);
        int rc = s->billing == DDB_BILLING_ON_DEMAND ? check_on_demand_gsi(c, s, i, g)
                                                     : check_provisioned_gsi(c, s, i, g);
        if (rc < 0)
            return -1;
        if (!s->gsi[i].has_size_gb) { /* filled in, so that the resolved scenario states it */
            s->gsi[i].size_gb = ddb_gsi_default_size_gb(s, i);
            ddb_scn_add(g, "size_gb", cJSON_CreateNumber(s->gsi[i].size_gb));
        }
    }
    return 0;
}

static int check_provisioned(ctx *c, ddb_scenario *s, cJSON *res)
{
    cJSON *t = ddb_scn_resolved_at(res, "table");
    const char *wrong = given_member(t, on_demand_members, NELEM(on_demand_members));
    if (wrong) {
        char p[PATH_CAP];
        ddb_scn_join(p, "table", wrong);
        return ddb_scn_fail(c, p, "applies to on-demand tables only (expected table.billing "
                            "\"on_demand\", or remove it)");
    }
    if (!s->rcu)
        return ddb_scn_missing(c, ddb_scn_field_at("table.rcu"), "table.rcu");
    if (!s->wcu)
        return ddb_scn_missing(c, ddb_scn_field_at("table.wcu"), "table.wcu");
    if (check_quota(c, s, 0, "table.rcu", ddb_scn_resolved_at(res, "table.rcu"), s->rcu) < 0 ||
        check_quota(c, s, 1, "table.wcu", ddb_scn_resolved_at(res, "table.wcu"), s->wcu) < 0)
        return -1;
    const cJSON *changes = ddb_scn_resolved_at(res, "table.capacity_changes");
    for (size_t i = 0; i < s->n_capacity_changes; i++) {
        const ddb_capacity_change *ch = &s->capacity_changes[i];
        const cJSON *e = cJSON_GetArrayItem(changes, (int)i);
        int64_t units[2] = {ch->rcu, ch->wcu};
        for (int d = 0; d < 2; d++) {
            char p[PATH_CAP];
            snprintf(p, sizeof p, "table.capacity_changes[%zu].%s", i, d == 0 ? "rcu" : "wcu");
            if (check_quota(c, s, d, p, cJSON_GetObjectItemCaseSensitive(e, d == 0 ? "rcu" : "wcu"),
                            units[d]) < 0)
                return -1;
        }
    }
    if (s->has_autoscaling &&
        check_autoscaling(c, s, &s->autoscaling, "table.autoscaling",
                          ddb_scn_resolved_at(res, "table.autoscaling")) < 0)
        return -1;
    return 0;
}

/* On-demand tables have no provisioned rate; their warm throughput defaults to a new table's. */
static int check_on_demand(ctx *c, ddb_scenario *s, cJSON *res)
{
    const char *wrong = given_member(ddb_scn_resolved_at(res, "table"), provisioned_members,
                                     NELEM(provisioned_members));
    if (wrong) {
        char p[PATH_CAP];
        ddb_scn_join(p, "table", wrong);
        return ddb_scn_fail(c, p,
                            "an on-demand table has no provisioned capacity (expected no %s with "
                            "billing \"on_demand\"; warm_throughput says what it serves at once)",
                            p);
    }
    if (s->n_capacity_changes)
        return ddb_scn_fail(c, "table.capacity_changes",
                            "an on-demand table has no provisioned capacity "
                            "to change (expected billing \"provisioned\", or remove it)");
    /* A new table's, 12,000 reads/s and 4,000 writes/s, shown as understood (AWS:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html). */
    if (!s->has_warm) {
        s->warm.read_units_per_s = (int64_t)ddb_scn_warm_fields[0].dflt;
        s->warm.write_units_per_s = (int64_t)ddb_scn_warm_fields[1].dflt;
        cJSON *w = ddb_scn_add_object(ddb_scn_resolved_at(res, "table"), "warm_throughput");
        ddb_scn_add(w, "read_units_per_s", cJSON_CreateNumber(ddb_scn_warm_fields[0].dflt));
        ddb_scn_add(w, "write_units_per_s", cJSON_CreateNumber(ddb_scn_warm_fields[1].dflt));
    }
    return 0;
}

/* A provisioned table and its GSIs together within the account's quota, at creation and after
 * each scheduled change: AWS refuses more until the quota is raised. */
static int check_account_quota(ctx *c, const ddb_scenario *s)
{
    int64_t indexes[2], base[2] = {s->rcu, s->wcu};
    int64_t quota[2] = {s->account_quota_rcu, s->account_quota_wcu};
    static const char *const unit[2] = {"rcu", "wcu"};
    ddb_gsi_capacity(s, indexes);
    for (size_t k = 0; k <= s->n_capacity_changes; k++) {
        for (int d = 0; d < 2; d++) {
            const ddb_capacity_change *ch = k ? &s->capacity_changes[k - 1] : NULL;
            int64_t units = ch ? (d == 0 ? ch->rcu : ch->wcu) : base[d];
            if (ch && !units)
                continue; /* this change leaves the direction as it was */
            base[d] = units;
            if (units + indexes[d] <= quota[d])
                continue;
            char p[PATH_CAP];
            if (ch)
                snprintf(p, sizeof p, "table.capacity_changes[%zu].%s", k - 1, unit[d]);
            else
                snprintf(p, sizeof p, "table.%s", unit[d]);
            return ddb_scn_fail(c, p,
                                "the table and its GSIs above the account's quota (got %lld + %lld "
                                "for the GSIs = %lld, expected at most table.account_quota_%s, "
                                "%lld: AWS refuses more until the quota is raised)",
                                (long long)units, (long long)indexes[d],
                                (long long)(units + indexes[d]), unit[d], (long long)quota[d]);
        }
    }
    return 0;
}

static int check_capacity(ctx *c, ddb_scenario *s, cJSON *res)
{
    int rc = s->billing == DDB_BILLING_ON_DEMAND ? check_on_demand(c, s, res)
                                                 : check_provisioned(c, s, res);
    if (rc < 0 || check_gsi_capacity(c, s, res) < 0)
        return -1;
    return s->billing == DDB_BILLING_ON_DEMAND ? 0 : check_account_quota(c, s);
}

/* An LSI is an alternate sort key: the table needs one of its own. */
static int check_lsi(ctx *c, ddb_scenario *s)
{
    if (!s->has_item_collection_limit)
        s->item_collection_limit_gb = 10.0;
    if (s->n_lsi == 0 || s->has_sk)
        return 0;
    return ddb_scn_fail(c, "table.lsi",
                        "a local secondary index needs a table with a sort key (expected "
                        "table.key.sk)");
}

/* gsi_query reads an index the table has, eventually consistently. */
static int check_gsi_query(ctx *c, ddb_scenario *s, cJSON *res)
{
    char got[32];
    if (s->gsi_query_index) {
        size_t i = 0;
        while (i < s->n_gsi && strcmp(s->gsi[i].name, s->gsi_query_index) != 0)
            i++;
        if (i == s->n_gsi)
            return ddb_scn_bad(c, "workload.gsi_query_index", "no such index",
                               ddb_scn_resolved_at(res, "workload.gsi_query_index"),
                               "the name of one of table.gsi");
        s->gsi_query_gsi = i;
    }
    if (s->mix[DDB_OP_GSI_QUERY] <= 0.0)
        return 0;
    ddb_scn_num_text(s->mix[DDB_OP_GSI_QUERY], got);
    if (s->n_gsi == 0)
        return ddb_scn_fail(c, "workload.mix.gsi_query",
                            "the table has no global secondary index (got %s, "
                            "expected 0, or table.gsi)",
                            got);
    if (s->consistency != DDB_EVENTUAL)
        return ddb_scn_bad(c, "workload.consistency",
                           "reads on a global secondary index are eventually "
                           "consistent only",
                           ddb_scn_resolved_at(res, "workload.consistency"),
                           "\"eventual\" with gsi_query in the mix");
    return 0;
}

/* The table's key attributes are in every item: only index keys may be sparse. */
static int check_key_attrs(ctx *c, const ddb_scenario *s, const ddb_template *t)
{
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *part = &t->parts[i];
        if (part->kind != DDB_TPL_ATTR || !s->attrs[part->attr].spec.has_present ||
            s->attrs[part->attr].spec.present == 1.0)
            continue;
        char p[PATH_CAP], got[32];
        snprintf(p, sizeof p, "attributes.%s.present", s->attrs[part->attr].name);
        ddb_scn_num_text(s->attrs[part->attr].spec.present, got);
        return ddb_scn_fail(c, p,
                            "an attribute of the table's key is in every item (got %s, expected 1)",
                            got);
    }
    return 0;
}

/* A read of a random suffix's item queries every shard (sim/engine/draw.c): bounded, so that one
 * read stays a bounded number of requests. A calculated suffix needs a value to hash: the clock
 * has none of its own. */
static int check_shards(ctx *c, const ddb_scenario *s, const ddb_template *t, const char *path)
{
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *part = &t->parts[i];
        if (part->kind == DDB_TPL_SHARD && part->shard_attr >= 0 &&
            s->attrs[part->shard_attr].spec.kind == DDB_DIST_CLOCK)
            return ddb_scn_fail(c, path,
                                "{shard:%u:%s}: a calculated suffix hashes an attribute's value, "
                                "and a clock attribute has none (expected a drawn attribute)",
                                part->shard_n, s->attrs[part->shard_attr].name);
    }
    uint64_t fanout = ddb_template_read_fanout(t, DDB_FANOUT_MAX_ITEMS);
    if (t != &s->pk || fanout <= DDB_FANOUT_MAX_ITEMS ||
        (s->mix[DDB_OP_GET] <= 0.0 && s->mix[DDB_OP_QUERY] <= 0.0))
        return 0;
    return ddb_scn_fail(c, path,
                        "a get or query of a random suffix's item reads every shard: more than %u "
                        "shards per read (expected at most %u, or a calculated suffix "
                        "{shard:N:attr})",
                        DDB_FANOUT_MAX_ITEMS, DDB_FANOUT_MAX_ITEMS);
}

/* Transactions: transact_items' default, and their service times, which are not fields of their
 * own: a transaction prepares then commits every item, two round trips where a put or get makes
 * one, so twice put's (writes) and get's (reads). */
static void check_transactions(ddb_scenario *s)
{
    if (!s->has_transact_items)
        s->transact_items = 2;
    s->service[DDB_OP_TRANSACT_WRITE] = s->service[DDB_OP_PUT];
    s->service[DDB_OP_TRANSACT_WRITE].median_ms *= 2;
    s->service[DDB_OP_TRANSACT_GET] = s->service[DDB_OP_GET];
    s->service[DDB_OP_TRANSACT_GET].median_ms *= 2;
}

int ddb_scn_check_scenario(ctx *c, const char *path, void *base, cJSON *res)
{
    ddb_scenario *s = base;
    (void)path;
    if (check_workload(c, s, res) < 0 || ddb_scn_trace_duration(c, s, res) < 0 ||
        ddb_scn_cloudwatch_rate(c, s, res) < 0)
        return -1;
    check_transactions(s);
    if (check_interval(c, s, res) < 0 || check_retry(c, s, res) < 0 || check_loop(c, s, res) < 0)
        return -1;
    if (check_capacity(c, s, res) < 0)
        return -1;
    if (ddb_scn_check_prices(c, s) < 0)
        return -1;
    if (check_gsi_query(c, s, res) < 0 || ddb_scn_parse_templates(c, s) < 0 || check_lsi(c, s) < 0)
        return -1;
    if (s->has_pk && check_shards(c, s, &s->pk, "table.key.pk") < 0)
        return -1;
    return check_key_attrs(c, s, &s->pk) < 0 || (s->has_sk && check_key_attrs(c, s, &s->sk) < 0)
               ? -1 : 0;
}
