/* keydraw — one key of a key template drawn and rendered. See keydraw.h. */
#include "sim/model/keydraw.h"

#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/rng.h"

/* Draw attribute a on every key (its own stream, whether or not the key shows it). */
static void use_attr(ddb_keydraw *kd, const ddb_keydraw_source *s, const ddb_keydraw_streams *streams,
                     size_t a)
{
    const ddb_dist_spec *spec = &s->attrs[a].spec;
    if (!kd->dists[a] && spec->kind != DDB_DIST_CLOCK) {
        kd->dists[a] = ddb_dist_new(spec);
        kd->attr_rng[a] = ddb_rng_stream_new(s->seed, streams->attr, streams->id_base | a);
        kd->inserts[a] = streams->inserts && spec->inserts;
        kd->any_inserts |= kd->inserts[a];
    }
}

/* Compute derived attribute a from its source, which is then drawn too (once). */
static void use_derived(ddb_keydraw *kd, const ddb_keydraw_source *s,
                        const ddb_keydraw_streams *streams, size_t a)
{
    size_t src = s->attrs[a].spec.from_index;
    use_attr(kd, s, streams, src);
    kd->source_n[a] = ddb_dist_domain(&s->attrs[src].spec);
    for (size_t i = 0; i < kd->n_derived; i++)
        if (kd->derived[i] == a)
            return;
    kd->derived[kd->n_derived++] = a;
}

/* Part i's role and weight: an attribute weighs its domain the first time the template uses it
 * and nothing after (a repeat renders the same value, so it adds no key). */
static void init_part(ddb_keydraw *kd, const ddb_keydraw_source *s, const ddb_keydraw_streams *streams,
                      size_t i, bool *counted)
{
    const ddb_tpl_part *part = &kd->tpl->parts[i];
    kd->radix[i] = 1;
    kd->role[i] = DDB_TPL_LITERAL;
    if (part->kind == DDB_TPL_SHARD) {
        if (part->shard_attr < 0) { /* random: its own stream */
            kd->shard_rng[i] = ddb_rng_stream_new(s->seed, streams->shard, streams->id_base | i);
        } else { /* calculated: from an attribute, drawn even when the key does not show it */
            size_t a = (size_t)part->shard_attr;
            if (s->attrs[a].spec.kind == DDB_DIST_DERIVED)
                use_derived(kd, s, streams, a);
            else
                use_attr(kd, s, streams, a);
        }
        kd->radix[i] = part->shard_n;
        kd->role[i] = DDB_TPL_SHARD;
    } else if (part->kind == DDB_TPL_ATTR && !counted[part->attr]) {
        const ddb_dist_spec *spec = &s->attrs[part->attr].spec;
        counted[part->attr] = true;
        if (spec->kind == DDB_DIST_DERIVED)
            use_derived(kd, s, streams, part->attr);
        else
            use_attr(kd, s, streams, part->attr);
        kd->radix[i] = ddb_dist_domain(spec);
        kd->role[i] = DDB_TPL_ATTR;
    }
}

/* The one attribute a key is made of, when it is the whole draw: drawn, no other attribute
 * drawn, no inserts, no derived value, no shard, and the only valued part of the template (so its
 * value is the dense key number). -1 otherwise. */
static ptrdiff_t single_attr(const ddb_keydraw *kd)
{
    ptrdiff_t only = -1;
    for (size_t a = 0; a < kd->n_attrs; a++) {
        if (!kd->dists[a])
            continue;
        if (only >= 0 || kd->inserts[a])
            return -1;
        only = (ptrdiff_t)a;
    }
    if (only < 0 || kd->n_derived)
        return -1;
    size_t valued = 0;
    for (size_t i = 0; i < kd->n_parts; i++) {
        if (kd->role[i] == DDB_TPL_SHARD)
            return -1;
        if (kd->role[i] == DDB_TPL_ATTR && (valued++ || kd->tpl->parts[i].attr != (size_t)only))
            return -1;
    }
    return valued == 1 ? only : -1;
}

void ddb_keydraw_init(ddb_keydraw *kd, const ddb_keydraw_source *s, const ddb_template *tpl,
                      const ddb_keydraw_streams *streams, uint64_t dense_max)
{
    memset(kd, 0, sizeof *kd);
    kd->tpl = tpl;
    kd->n_attrs = s->n_attrs;
    kd->n_parts = tpl->n_parts;
    size_t na = s->n_attrs ? s->n_attrs : 1, np = tpl->n_parts ? tpl->n_parts : 1;
    kd->specs = ddb_xcalloc(na, sizeof *kd->specs);
    for (size_t a = 0; a < s->n_attrs; a++)
        kd->specs[a] = s->attrs[a].spec;
    kd->dists = ddb_xcalloc(na, sizeof *kd->dists);
    kd->attr_rng = ddb_xcalloc(na, sizeof *kd->attr_rng);
    kd->attr_values = ddb_xcalloc(na, sizeof *kd->attr_values);
    kd->inserts = ddb_xcalloc(na, sizeof *kd->inserts);
    kd->derived = ddb_xcalloc(na, sizeof *kd->derived);
    kd->source_n = ddb_xcalloc(na, sizeof *kd->source_n);
    kd->shard_rng = ddb_xcalloc(np, sizeof *kd->shard_rng);
    kd->shard_values = ddb_xcalloc(np, sizeof *kd->shard_values);
    kd->radix = ddb_xcalloc(np, sizeof *kd->radix);
    kd->role = ddb_xcalloc(np, sizeof *kd->role);
    bool *counted = ddb_xcalloc(na, sizeof *counted);
    for (size_t i = 0; i < tpl->n_parts; i++)
        init_part(kd, s, streams, i, counted);
    free(counted);
    kd->domain = ddb_template_domain(tpl, kd->specs, dense_max);
    kd->single_attr = single_attr(kd);
}

void ddb_keydraw_destroy(ddb_keydraw *kd)
{
    for (size_t a = 0; a < kd->n_attrs; a++) {
        if (kd->dists[a])
            ddb_dist_free(kd->dists[a]);
        if (kd->attr_rng[a])
            gsl_rng_free(kd->attr_rng[a]);
    }
    for (size_t i = 0; i < kd->n_parts; i++)
        if (kd->shard_rng[i])
            gsl_rng_free(kd->shard_rng[i]);
    free(kd->specs);
    free(kd->dists);
    free(kd->attr_rng);
    free(kd->attr_values);
    free(kd->inserts);
    free(kd->derived);
    free(kd->source_n);
    free(kd->shard_rng);
    free(kd->shard_values);
    free(kd->radix);
    free(kd->role);
}
