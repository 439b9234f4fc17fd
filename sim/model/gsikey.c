/* gsikey — an index key per base write. See gsikey.h. */
#include "sim/model/gsikey.h"

#include <stdlib.h>
#include "sim/support/alloc.h"
#include "sim/support/rng.h"

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

void ddb_gsikey_init(ddb_gsikey *k, const ddb_keydraw_source *s, const ddb_gsi_spec *g,
                     size_t index, bool may_split)
{
    /* an index's values never take inserts: a put of the base table inserts the base key */
    const ddb_keydraw_streams streams = {DDB_RNG_GSI_ATTR, DDB_RNG_GSI_SHARD, (uint64_t)index << 16,
                                         false};
    ddb_keydraw_init(&k->kd, s, &g->pk, &streams, DDB_GSIKEY_DENSE_MAX);
    k->specs = k->kd.specs;
    k->part_plus1 = NULL;
    /* domain <= DDB_GSIKEY_DENSE_MAX (2^20): it fits a size_t of any width (wasm32's is 32 bits) */
    if (k->kd.domain)
        k->part_plus1 = ddb_xcalloc((size_t)k->kd.domain, sizeof *k->part_plus1);
    /* An index whose capacity moves may split: its keys' hashes are kept to place them again. */
    k->hash = NULL;
    if (k->kd.domain && may_split)
        k->hash = ddb_xcalloc((size_t)k->kd.domain, sizeof *k->hash);
    k->n_sparse = 0;
    k->sparse_attr = ddb_xcalloc(s->n_attrs ? s->n_attrs : 1, sizeof *k->sparse_attr);
    add_sparse(k, &g->pk);
    if (g->has_sk)
        add_sparse(k, &g->sk);
    k->rng_present = ddb_rng_stream_new(s->seed, DDB_RNG_GSI_PRESENT, index);
}

void ddb_gsikey_destroy(ddb_gsikey *k)
{
    ddb_keydraw_destroy(&k->kd);
    gsl_rng_free(k->rng_present);
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

static uint64_t render_hash(ddb_gsikey *k, int64_t now_ns)
{
    size_t len = ddb_keydraw_render(&k->kd, now_ns);
    return ddb_key_hash(k->kd.buf, len);
}

bool ddb_gsikey_draw(ddb_gsikey *k, const ddb_keyspace *keys, int64_t now_ns, uint64_t *tag)
{
    if (!draw_present(k))
        return false;
    uint64_t number = ddb_keydraw_draw(&k->kd, DDB_OP_PUT);
    if (!k->kd.domain) {
        *tag = render_hash(k, now_ns);
        return true;
    }
    if (!k->part_plus1[number]) {
        uint64_t h = render_hash(k, now_ns);
        k->part_plus1[number] = (uint32_t)ddb_keyspace_lookup(keys, h) + 1;
        if (k->hash)
            k->hash[number] = h;
    }
    *tag = number;
    return true;
}

void ddb_gsikey_place_all(ddb_gsikey *k, const ddb_keyspace *keys, const uint64_t *hash)
{
    for (uint64_t n = 0; n < k->kd.domain; n++) {
        k->part_plus1[n] = (uint32_t)ddb_keyspace_lookup(keys, hash[n]) + 1;
        if (k->hash)
            k->hash[n] = hash[n];
    }
}

void ddb_gsikey_refresh(ddb_gsikey *k, const ddb_keyspace *keys)
{
    DDB_CHECK(!k->kd.domain || k->hash, "an index split without its keys' hashes");
    for (uint64_t n = 0; n < k->kd.domain; n++)
        if (k->part_plus1[n])
            k->part_plus1[n] = (uint32_t)ddb_keyspace_lookup(keys, k->hash[n]) + 1;
}

uint32_t ddb_gsikey_partition_of(const ddb_gsikey *k, const ddb_keyspace *keys, uint64_t tag)
{
    if (!k->kd.domain)
        return (uint32_t)ddb_keyspace_lookup(keys, tag);
    /* the cached partition: drawn against keys, and kept current by ddb_gsikey_refresh */
    DDB_CHECK(tag < k->kd.domain && k->part_plus1[tag], "key number %llu never drawn",
              (unsigned long long)tag);
    return k->part_plus1[tag] - 1;
}
