/* keydraw — drawing one key of a key template: its attribute values and {shard:N} suffixes, the
 * dense key number they make, and the rendered key text.
 *
 * Used by the engine for the base table's partition key (every request: the hot path, hence the
 * drawing, decoding and rendering are static inline here) and by gsikey for an index's key.
 *
 * Contract:
 * - Each attribute the template uses (and the source of a derived one, and the attribute of a
 *   calculated suffix {shard:N:attr}) is drawn from its own stream (streams->attr, id =
 *   streams->id_base | attribute) on every draw, in attribute order; then each random {shard:N}
 *   part from its own stream (streams->shard, id = id_base | part index), in part order; a
 *   calculated one is ddb_template_shard_of its attribute's value. A derived attribute is computed from its source's value. Clock attributes are
 *   not drawn (the rendering reads the time).
 * - The dense key number is a mixed radix over the parts: a shard weighs N, an attribute its
 *   domain the first time the template uses it and nothing after (a repeat shows the same value),
 *   a literal nothing. kd->domain is the number of dense keys (ddb_template_domain, up to
 *   dense_max), or 0 when keys must be hashed (clock, date, hour, too many); the number is
 *   meaningful only when domain > 0.
 * - With streams->inserts, a put takes the next new value of an attribute whose spec has inserts
 *   (ddb_dist_insert) instead of a draw; such keys are never dense.
 */
#ifndef DDB_KEYDRAW_H
#define DDB_KEYDRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/support/check.h"
#include "sim/support/rng.h"
#include "workloads/dist.h"
#include "workloads/ops.h"
#include "workloads/template.h"

/* The items' attributes a key draws from, and the run's seed its streams derive from. */
typedef struct ddb_keydraw_source {
    const ddb_attr *attrs;
    size_t n_attrs;
    uint64_t seed;
} ddb_keydraw_source;

typedef struct ddb_keydraw_streams {
    uint32_t attr;     /* the rng stream purpose of attribute values (sim/support/rng.h) */
    uint32_t shard;    /* the rng stream purpose of {shard:N} suffixes */
    uint64_t id_base;  /* OR-ed into each stream's id (attribute or part index < 1 << 16) */
    bool inserts;      /* a put takes an inserting attribute's next new value */
} ddb_keydraw_streams;

typedef struct ddb_keydraw {
    const ddb_template *tpl;
    ddb_dist_spec *specs;     /* shallow copies of the attributes' specs, for rendering */
    ddb_dist **dists;         /* per attribute; NULL when the key does not draw it */
    gsl_rng **attr_rng;
    gsl_rng **shard_rng;      /* per template part; NULL unless a {shard:N} */
    uint64_t *attr_values;    /* per attribute: the value index drawn */
    uint64_t *shard_values;   /* per part: the shard drawn */
    uint64_t *radix;          /* per part: its weight in the dense key number (1: none) */
    enum ddb_tpl_part_kind *role; /* per part: SHARD, ATTR (first use) or LITERAL (no value) */
    uint64_t domain;          /* dense key numbers 0..domain-1; 0 = keys are hashed */
    bool *inserts;            /* per attribute: a put takes its next new value */
    bool any_inserts;
    size_t *derived;          /* the derived attributes the key uses (computed after the draws) */
    size_t n_derived;
    uint64_t *source_n;       /* per attribute: its source's number of values, for derived */
    size_t n_attrs, n_parts;
    ptrdiff_t single_attr;    /* >= 0: the key is this one attribute's value (the common case:
                                 one draw is the whole key number, no loops) */
    char buf[DDB_KEY_MAX_BYTES + 1];
} ddb_keydraw;

/* Set kd up for template tpl over s's attributes; streams are seeded from s->seed. */
void ddb_keydraw_init(ddb_keydraw *kd, const ddb_keydraw_source *s, const ddb_template *tpl,
                      const ddb_keydraw_streams *streams, uint64_t dense_max);
void ddb_keydraw_destroy(ddb_keydraw *kd);

/* Draw one key's attribute values and shards for operation op; return its dense key number. */
static inline uint64_t ddb_keydraw_draw(ddb_keydraw *kd, enum ddb_op op)
{
    if (kd->single_attr >= 0) {
        size_t a = (size_t)kd->single_attr;
        return kd->attr_values[a] = ddb_dist_draw(kd->dists[a], kd->attr_rng[a]);
    }
    for (size_t a = 0; a < kd->n_attrs; a++)
        if (kd->dists[a])
            kd->attr_values[a] = kd->any_inserts && kd->inserts[a] && op == DDB_OP_PUT
                                     ? ddb_dist_insert(kd->dists[a])
                                     : ddb_dist_draw(kd->dists[a], kd->attr_rng[a]);
    for (size_t i = 0; i < kd->n_derived; i++) { /* none unless the key uses one */
        size_t a = kd->derived[i];
        const ddb_dist_spec *spec = &kd->specs[a];
        kd->attr_values[a] = ddb_dist_derive(spec, kd->attr_values[spec->from_index], kd->source_n[a]);
    }
    const ddb_tpl_part *parts = kd->tpl->parts;
    uint64_t number = 0;
    for (size_t i = 0; i < kd->n_parts; i++) {
        uint64_t v = 0;
        if (kd->role[i] == DDB_TPL_SHARD) {
            v = parts[i].shard_attr < 0
                    ? ddb_rng_uniform_int(kd->shard_rng[i], parts[i].shard_n)
                    : ddb_template_shard_of(kd->attr_values[parts[i].shard_attr], parts[i].shard_n);
            kd->shard_values[i] = v;
        } else if (kd->role[i] == DDB_TPL_ATTR) {
            v = kd->attr_values[parts[i].attr];
        }
        number = number * kd->radix[i] + v;
    }
    return number;
}

/* The values of dense key number `number` (the inverse of ddb_keydraw_draw's mixed radix), so
 * that a key drawn ahead of time can be rendered later. */
static inline void ddb_keydraw_decode(ddb_keydraw *kd, uint64_t number)
{
    const ddb_tpl_part *parts = kd->tpl->parts;
    for (size_t i = kd->n_parts; i-- > 0;) {
        uint64_t v = number % kd->radix[i];
        number /= kd->radix[i];
        if (kd->role[i] == DDB_TPL_SHARD)
            kd->shard_values[i] = v;
        else if (kd->role[i] == DDB_TPL_ATTR)
            kd->attr_values[parts[i].attr] = v;
    }
}

/* The dense key number of the values last drawn or decoded, after the caller changed some
 * shard values (a read fanned out over a random suffix's shards). */
static inline uint64_t ddb_keydraw_encode(const ddb_keydraw *kd)
{
    const ddb_tpl_part *parts = kd->tpl->parts;
    uint64_t number = 0;
    for (size_t i = 0; i < kd->n_parts; i++) {
        uint64_t v = kd->role[i] == DDB_TPL_SHARD  ? kd->shard_values[i]
                     : kd->role[i] == DDB_TPL_ATTR ? kd->attr_values[parts[i].attr]
                                                   : 0;
        number = number * kd->radix[i] + v;
    }
    return number;
}

/* Render the key of the values last drawn or decoded, at now_ns, into kd->buf; its length. */
static inline size_t ddb_keydraw_render(ddb_keydraw *kd, int64_t now_ns)
{
    ddb_tpl_values v = {kd->specs, kd->attr_values, kd->shard_values, now_ns};
    size_t len = ddb_template_render(kd->tpl, &v, kd->buf, sizeof kd->buf);
    DDB_CHECK(len < sizeof kd->buf, "key of %zu bytes exceeds the validated maximum", len);
    return len;
}

#endif
