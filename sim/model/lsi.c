/* lsi — LSI write costs and item collections. See lsi.h. */
#include "sim/model/lsi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/model/keytab.h"
#include "sim/support/rng.h"

#define KB_PER_GB (1024.0 * 1024.0)

void ddb_lsis_init(ddb_lsis *l, const ddb_lsis_config *s)
{
    memset(l, 0, sizeof *l);
    if (!s->n_lsi)
        return;
    l->n = s->n_lsi;
    l->cfg = *s;
    l->rng_present = ddb_rng_stream_new(s->seed, DDB_RNG_LSI_PRESENT, 0);
    l->limit_kb = llround(s->item_collection_limit_gb * KB_PER_GB);
}

void ddb_lsis_destroy(ddb_lsis *l)
{
    if (l->rng_present)
        gsl_rng_free(l->rng_present);
    free(l->collection_kb);
    memset(l, 0, sizeof *l);
}

static double present_of(const ddb_dist_spec *spec)
{
    return spec->has_present ? spec->present : 1.0;
}

/* Whether this write's item has the LSI's sort key attributes (one draw per sparse attribute). */
static bool draw_present(ddb_lsis *l, const ddb_template *sk)
{
    bool present = true;
    for (size_t i = 0; i < sk->n_parts; i++) {
        const ddb_tpl_part *part = &sk->parts[i];
        if (part->kind != DDB_TPL_ATTR)
            continue;
        double p = present_of(&l->cfg.attrs[part->attr].spec);
        if (p < 1.0)
            present &= ddb_rng_uniform(l->rng_present) < p;
    }
    return present;
}

/* An update draws the sort key anew unless it is all literal text. */
static bool sk_varies(const ddb_template *sk)
{
    for (size_t i = 0; i < sk->n_parts; i++)
        if (sk->parts[i].kind != DDB_TPL_LITERAL)
            return true;
    return false;
}

static int64_t entry_kb(const ddb_lsi_spec *spec, int64_t base_kb)
{
    if (spec->has_projected_bytes)
        return ((int64_t)spec->projected_bytes + 1023) / 1024;
    if (spec->projection == DDB_PROJECTION_KEYS_ONLY)
        return 1;
    return base_kb > 0 ? base_kb : 1;
}

int64_t ddb_lsis_write_milli(ddb_lsis *l, enum ddb_op op, int64_t base_kb)
{
    int64_t kb = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ddb_lsi_spec *spec = &l->cfg.lsi[i];
        if (!draw_present(l, &spec->sk))
            continue;
        int writes = op == DDB_OP_UPDATE && sk_varies(&spec->sk) ? 2 : 1;
        kb += writes * entry_kb(spec, base_kb);
    }
    return kb * DDB_MILLI;
}

static uint64_t *collection_of(ddb_lsis *l, uint32_t item)
{
    if (item == DDB_KEYTAB_NONE)
        return NULL;
    if (item >= l->cap) {
        size_t cap = l->cap ? l->cap : 1024;
        while (cap <= item)
            cap *= 2;
        l->collection_kb = ddb_xrealloc(l->collection_kb, cap * sizeof *l->collection_kb);
        memset(l->collection_kb + l->cap, 0, (cap - l->cap) * sizeof *l->collection_kb);
        l->cap = cap;
    }
    return &l->collection_kb[item];
}

static bool grows(enum ddb_op op) { return op == DDB_OP_PUT || op == DDB_OP_BATCH_WRITE; }

bool ddb_lsis_collection_allows(ddb_lsis *l, uint32_t item, enum ddb_op op, int64_t cost_milli)
{
    uint64_t *c = collection_of(l, item);
    if (!c || !grows(op) || (int64_t)*c + cost_milli / DDB_MILLI <= l->limit_kb)
        return true;
    l->limit_errors_total++;
    return false;
}

void ddb_lsis_collection_apply(ddb_lsis *l, uint32_t item, enum ddb_op op, int64_t cost_milli)
{
    uint64_t *c = collection_of(l, item);
    uint64_t kb = (uint64_t)(cost_milli / DDB_MILLI);
    if (!c)
        return;
    if (grows(op)) {
        *c += kb;
        if (*c > l->largest_kb)
            l->largest_kb = *c;
    } else if (op == DDB_OP_DELETE) {
        *c = *c > kb ? *c - kb : 0;
    }
}
