/* gsikey — an index key per base write. See gsikey.h. */
#include "sim/gsikey.h"

#include <stdlib.h>
#include "sim/alloc.h"
#include "sim/check.h"
#include "sim/rng.h"
#include "workloads/dist.h"
#include "workloads/template.h"

static double present_of(const ddb_dist_spec *spec)
{
    return spec->has_present ? spec->present : 1.0;
}

/* Attributes of t that some items lack, added to k's list once each. */
static void add_sparse(ddb_gsikey *k, const ddb_template *t)
{
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *part = &t->parts[i];
        if (part->kind != DDB_TPL_ATTR || present_of(&k->specs[part->attr]) >= 1.0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < k->n_sparse; j++)
            seen |= k->sparse_attr[j] == part->attr;
        if (!seen)
            k->sparse_attr[k->n_sparse++] = part->attr;
    }
}

/* The dense key number's mixed radix: an attribute weighs its domain the first time it appears
 * in the template and nothing after (it repeats the same value). */
static void init_part(ddb_gsikey *k, const ddb_scenario *s, size_t index, size_t i, bool *counted)
{
    const ddb_tpl_part *part = &k->pk->parts[i];
    k->radix[i] = 1;
    if (part->kind == DDB_TPL_SHARD) {
        k->shard_rng[i] = ddb_rng_stream_new(s->seed, DDB_RNG_GSI_SHARD, index << 16 | i);
        k->radix[i] = part->shard_n;
    } else if (part->kind == DDB_TPL_ATTR && !counted[part->attr]) {
        const ddb_dist_spec *spec = &k->specs[part->attr];
        counted[part->attr] = true;
        k->radix[i] = ddb_dist_domain(spec);
        if (spec->kind != DDB_DIST_CLOCK) {
            k->dists[part->attr] = ddb_dist_new(spec);
            k->attr_rng[part->attr] =
                ddb_rng_stream_new(s->seed, DDB_RNG_GSI_ATTR, index << 16 | part->attr);
        }
    }
}

void ddb_gsikey_init(ddb_gsikey *k, const ddb_scenario *s, size_t index)
{
    const ddb_gsi_spec *g = &s->gsi[index];
    size_t na = s->n_attrs ? s->n_attrs : 1;
    k->pk = &g->pk;
    k->n_attrs = s->n_attrs;
    k->n_parts = g->pk.n_parts;
    size_t np = k->n_parts ? k->n_parts : 1;
    k->specs = ddb_xcalloc(na, sizeof *k->specs);
    for (size_t a = 0; a < s->n_attrs; a++)
        k->specs[a] = s->attrs[a].spec;
    k->dists = ddb_xcalloc(na, sizeof *k->dists);
    k->attr_rng = ddb_xcalloc(na, sizeof *k->attr_rng);
    k->attr_values = ddb_xcalloc(na, sizeof *k->attr_values);
    k->shard_rng = ddb_xcalloc(np, sizeof *k->shard_rng);
    k->shard_values = ddb_xcalloc(np, sizeof *k->shard_values);
    k->radix = ddb_xcalloc(np, sizeof *k->radix);
    bool *counted = ddb_xcalloc(na, sizeof *counted);
    for (size_t i = 0; i < k->n_parts; i++)
        init_part(k, s, index, i, counted);
    free(counted);
    k->domain = ddb_template_domain(&g->pk, k->specs, DDB_GSIKEY_DENSE_MAX);
    if (k->domain)
        k->part_plus1 = ddb_xcalloc(k->domain, sizeof *k->part_plus1);
    /* An index whose capacity moves may split: its keys' hashes are kept to place them again. */
    bool may_split = s->billing == DDB_BILLING_ON_DEMAND || g->has_autoscaling;
    if (k->domain && may_split)
        k->hash = ddb_xcalloc(k->domain, sizeof *k->hash);
    k->sparse_attr = ddb_xcalloc(na, sizeof *k->sparse_attr);
    add_sparse(k, &g->pk);
    if (g->has_sk)
        add_sparse(k, &g->sk);
    k->rng_present = ddb_rng_stream_new(s->seed, DDB_RNG_GSI_PRESENT, index);
}

void ddb_gsikey_destroy(ddb_gsikey *k)
{
    for (size_t a = 0; a < k->n_attrs; a++) {
        if (k->dists[a])
            ddb_dist_free(k->dists[a]);
        if (k->attr_rng[a])
            gsl_rng_free(k->attr_rng[a]);
    }
    for (size_t i = 0; i < k->n_parts; i++)
        if (k->shard_rng[i])
            gsl_rng_free(k->shard_rng[i]);
    gsl_rng_free(k->rng_present);
    free(k->specs);
    free(k->dists);
    free(k->attr_rng);
    free(k->attr_values);
    free(k->shard_rng);
    free(k->shard_values);
    free(k->radix);
    free(k->part_plus1);
    free(k->hash);
    free(k->sparse_attr);
}

/* Whether this item has every sparse attribute of the index's key. */
static bool draw_present(ddb_gsikey *k)
{
    bool present = true;
    for (size_t j = 0; j < k->n_sparse; j++) /* one draw per attribute, always: streams stay aligned */
        present &= ddb_rng_uniform(k->rng_present) < present_of(&k->specs[k->sparse_attr[j]]);
    return present;
}

/* Draw the key's attribute values and shards; return the dense key number. */
static uint64_t draw_values(ddb_gsikey *k)
{
    uint64_t number = 0;
    for (size_t a = 0; a < k->n_attrs; a++)
        if (k->dists[a])
            k->attr_values[a] = ddb_dist_draw(k->dists[a], k->attr_rng[a]);
    for (size_t i = 0; i < k->n_parts; i++) {
        const ddb_tpl_part *part = &k->pk->parts[i];
        uint64_t v = 0;
        if (part->kind == DDB_TPL_SHARD)
            v = k->shard_values[i] = gsl_rng_uniform_int(k->shard_rng[i], part->shard_n);
        else if (part->kind == DDB_TPL_ATTR && k->radix[i] > 1)
            v = k->attr_values[part->attr];
        number = number * k->radix[i] + v;
    }
    return number;
}

static uint64_t render_hash(ddb_gsikey *k, int64_t now_ns)
{
    ddb_tpl_values v = {k->specs, k->attr_values, k->shard_values, now_ns};
    size_t len = ddb_template_render(k->pk, &v, k->buf, sizeof k->buf);
    DDB_CHECK(len < sizeof k->buf, "index key of %zu bytes exceeds the validated maximum", len);
    return ddb_key_hash(k->buf, len);
}

bool ddb_gsikey_draw(ddb_gsikey *k, const ddb_keyspace *keys, int64_t now_ns, uint32_t *partition,
                     uint64_t *tag)
{
    if (!draw_present(k))
        return false;
    uint64_t number = draw_values(k);
    if (!k->domain) {
        uint64_t h = render_hash(k, now_ns);
        *partition = (uint32_t)ddb_keyspace_lookup(keys, h);
        *tag = h;
        return true;
    }
    if (!k->part_plus1[number]) {
        uint64_t h = render_hash(k, now_ns);
        k->part_plus1[number] = (uint32_t)ddb_keyspace_lookup(keys, h) + 1;
        if (k->hash)
            k->hash[number] = h;
    }
    *partition = k->part_plus1[number] - 1;
    *tag = number;
    return true;
}

void ddb_gsikey_refresh(ddb_gsikey *k, const ddb_keyspace *keys)
{
    DDB_CHECK(!k->domain || k->hash, "an index split without its keys' hashes");
    for (uint64_t n = 0; n < k->domain; n++)
        if (k->part_plus1[n])
            k->part_plus1[n] = (uint32_t)ddb_keyspace_lookup(keys, k->hash[n]) + 1;
}

uint32_t ddb_gsikey_partition_of(const ddb_gsikey *k, const ddb_keyspace *keys, uint64_t tag)
{
    if (!k->domain)
        return (uint32_t)ddb_keyspace_lookup(keys, tag);
    DDB_CHECK(k->hash && k->part_plus1[tag], "key number %llu never drawn", (unsigned long long)tag);
    return (uint32_t)ddb_keyspace_lookup(keys, k->hash[tag]);
}
