/* keytab — key entries, dense or hashed. See keytab.h. */
#include "sim/model/keytab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

/* Entries start on a cache line, so that each takes exactly one. */
static ddb_keystat *alloc_entries(size_t n)
{
    DDB_CHECK(n < SIZE_MAX / sizeof(ddb_keystat), "%zu key entries", n);
    ddb_keystat *e = aligned_alloc(64, n * sizeof *e);
    if (!e) {
        fputs("ddbsim: out of memory\n", stderr);
        abort();
    }
    return e; /* entries are zeroed one by one as keys arrive (append_entry) */
}

void ddb_keytab_init(ddb_keytab *k, uint64_t dense_domain, size_t max_keys)
{
    memset(k, 0, sizeof *k);
    k->dense_domain = dense_domain;
    k->max_keys = max_keys;
    k->cap_entries = 1024;
    k->entries = alloc_entries(k->cap_entries);
    k->offers = ddb_xcalloc(k->cap_entries, sizeof *k->offers);
    if (dense_domain > 0) {
        DDB_CHECK(dense_domain < DDB_KEYTAB_NONE, "dense domain %llu too large",
                  (unsigned long long)dense_domain);
        k->dense = ddb_xcalloc((size_t)dense_domain, sizeof *k->dense);
    } else {
        k->n_slots = 2048;
        k->slots = ddb_xcalloc(k->n_slots, sizeof *k->slots);
        /* Ids + 1 go up to max_keys: the smallest mask holding that; the bits above are the tag's
         * (none when max_keys needs all 32). */
        k->id_mask = 1;
        while (k->id_mask < UINT32_MAX && k->id_mask < max_keys)
            k->id_mask = k->id_mask << 1 | 1;
    }
}

void ddb_keytab_destroy(ddb_keytab *k)
{
    free(k->entries);
    free(k->offers);
    free(k->dense);
    free(k->slots);
    free(k->names);
    memset(k, 0, sizeof *k);
}

static uint64_t store_name(ddb_keytab *k, const char *name, size_t len)
{
    if (k->names_len + len + 1 > k->names_cap) {
        size_t cap = k->names_cap ? k->names_cap : 4096;
        while (k->names_len + len + 1 > cap)
            cap *= 2;
        k->names = ddb_xrealloc(k->names, cap);
        k->names_cap = cap;
    }
    uint64_t off = k->names_len;
    memcpy(k->names + off, name, len);
    k->names[off + len] = '\0';
    k->names_len += len + 1;
    return off;
}

void ddb_keytab_name_set(ddb_keytab *k, ddb_keystat *e, const char *name, size_t len,
                         uint64_t hash)
{
    uint64_t off = store_name(k, name, len);
    DDB_CHECK(off <= UINT32_MAX && len <= UINT16_MAX, "key name at %llu, %zu bytes",
              (unsigned long long)off, len);
    e->name_off = (uint32_t)off;
    e->name_len = (uint16_t)len;
    e->hash = hash;
    e->known = true;
}

/* A new zeroed entry at the end; its id. */
static uint32_t append_entry(ddb_keytab *k)
{
    if (k->n_entries == k->cap_entries) {
        ddb_keystat *grown = alloc_entries(k->cap_entries * 2);
        memcpy(grown, k->entries, k->n_entries * sizeof *grown);
        free(k->entries);
        k->entries = grown;
        k->cap_entries *= 2;
        k->offers = ddb_xrealloc(k->offers, k->cap_entries * sizeof *k->offers);
    }
    memset(&k->entries[k->n_entries], 0, sizeof *k->entries);
    memset(&k->offers[k->n_entries], 0, sizeof *k->offers);
    return (uint32_t)k->n_entries++;
}

ddb_keystat *ddb_keytab_dense_new(ddb_keytab *k, uint64_t index, uint32_t *id)
{
    *id = append_entry(k);
    k->dense[index].id_plus1 = *id + 1;
    return &k->entries[*id];
}

/* Double the slot array and re-insert every entry (load factor stays <= 1/2). */
static void grow_slots(ddb_keytab *k)
{
    free(k->slots);
    k->n_slots *= 2;
    k->slots = ddb_xcalloc(k->n_slots, sizeof *k->slots);
    size_t mask = k->n_slots - 1;
    for (size_t id = 0; id < k->n_entries; id++) {
        uint64_t hash = k->entries[id].hash;
        size_t s = (size_t)hash & mask;
        while (k->slots[s])
            s = (s + 1) & mask;
        k->slots[s] = ddb_keytab_tag(k, hash) | ((uint32_t)id + 1);
    }
}

ddb_keystat *ddb_keytab_lookup(ddb_keytab *k, uint64_t hash, uint32_t *id)
{
    size_t mask = k->n_slots - 1;
    uint32_t tag = ddb_keytab_tag(k, hash);
    for (size_t s = (size_t)hash & mask; k->slots[s]; s = (s + 1) & mask) {
        uint32_t i = (k->slots[s] & k->id_mask) - 1;
        if ((k->slots[s] & ~k->id_mask) == tag && k->entries[i].hash == hash) {
            *id = i;
            return &k->entries[i];
        }
    }
    *id = DDB_KEYTAB_NONE;
    return NULL;
}

ddb_keystat *ddb_keytab_find(ddb_keytab *k, uint64_t hash, const char *name, size_t len,
                             uint32_t *id)
{
    size_t mask = k->n_slots - 1;
    size_t s = (size_t)hash & mask;
    uint32_t tag = ddb_keytab_tag(k, hash);
    for (; k->slots[s]; s = (s + 1) & mask) {
        if ((k->slots[s] & ~k->id_mask) != tag) /* another key's: its entry need not be read */
            continue;
        uint32_t i = (k->slots[s] & k->id_mask) - 1;
        ddb_keystat *e = &k->entries[i];
        /* The 64-bit hash is well mixed; the name comparison makes a collision harmless. */
        if (e->hash == hash && e->name_len == len && memcmp(k->names + e->name_off, name, len) == 0) {
            *id = i;
            return e;
        }
    }
    if (k->n_entries >= k->max_keys) {
        *id = DDB_KEYTAB_NONE;
        return NULL;
    }
    *id = append_entry(k);
    ddb_keystat *e = &k->entries[*id];
    ddb_keytab_name_set(k, e, name, len, hash);
    k->slots[s] = tag | (*id + 1);
    if (k->n_entries * 2 > k->n_slots)
        grow_slots(k);
    return e;
}

/* Candidates carry what the ranking needs (qsort has no context argument in C11, and a global
 * would not be thread-safe for parallel sweeps). */
typedef struct ranked {
    uint64_t value;
    const char *name;
    uint32_t id;
} ranked;

/* Ranking order: more first, ties by name. */
static int compare_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The kept candidates form a heap whose root is the worst of them, so that each key costs one
 * comparison with the root: O(keys log n), not a sort of every key. */
static void sift_down(ranked *h, size_t n, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && compare_ranked(&h[l], &h[worst]) > 0)
            worst = l;
        if (r < n && compare_ranked(&h[r], &h[worst]) > 0)
            worst = r;
        if (worst == i)
            return;
        ranked t = h[i];
        h[i] = h[worst];
        h[worst] = t;
        i = worst;
    }
}

static void sift_up(ranked *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (compare_ranked(&h[i], &h[parent]) <= 0)
            return;
        ranked t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

size_t ddb_keytab_top(const ddb_keytab *k, bool by_throttles, uint32_t *ids, size_t n)
{
    if (n == 0)
        return 0;
    ranked *heap = ddb_xmalloc(n * sizeof *heap);
    size_t m = 0;
    for (size_t id = 0; id < k->n_entries; id++) {
        const ddb_keystat *e = &k->entries[id];
        uint64_t v = by_throttles ? e->throttles : e->requests;
        if (!e->known || v == 0)
            continue;
        ranked c = {v, k->names + e->name_off, (uint32_t)id};
        if (m < n) {
            heap[m] = c;
            sift_up(heap, m++);
        } else if (compare_ranked(&c, &heap[0]) < 0) {
            heap[0] = c;
            sift_down(heap, m, 0);
        }
    }
    qsort(heap, m, sizeof *heap, compare_ranked);
    for (size_t i = 0; i < m; i++)
        ids[i] = heap[i].id;
    free(heap);
    return m;
}
