/* keytab — per partition key: its hash, name and run totals (for keys.csv and the summary).
 *
 * Two ways to find a key's entry:
 *   - dense: when a key template has a finite domain (every part is an integer or categorical
 *     attribute, a shard or a literal), a key is a number 0..domain-1 and its entry is found
 *     through an index of 4 bytes per possible key; entries exist only for keys drawn, and the key
 *     string is rendered and hashed once, the first time the key is drawn;
 *   - hashed: otherwise (keys that follow the clock) entries are found by the key's 64-bit hash in
 *     an open-addressing table holding at most max_keys keys; keys beyond that are not tracked
 *     individually (counted in `untracked_requests`), so memory stays bounded however long the run.
 *     A slot holds the entry id + 1 in its low bits and, in the bits an id never needs, a tag: high
 *     bits of the key's hash. A probe passes slots of other keys by their tags alone, without
 *     reading their entries (each a cache miss on a large table).
 * Entry ids are stable for the whole run. Names live in one growing arena.
 */
#ifndef DDB_KEYTAB_H
#define DDB_KEYTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DDB_KEYTAB_NONE UINT32_MAX

/* One cache line per key (entries are 64-byte aligned): a request touches one line, not two. */
typedef struct ddb_keystat {
    uint64_t hash;
    uint64_t requests;           /* attempts, retries included */
    uint64_t throttles;          /* attempts refused */
    int64_t consumed_rcu_milli, consumed_wcu_milli;
    int64_t offered_rcu_milli, offered_wcu_milli; /* consumed + refused */
    uint32_t name_off;           /* in the names arena (at most 4 GiB of key names) */
    uint16_t name_len;           /* keys are at most 2,048 bytes */
    bool known;                  /* rendered and hashed */
} ddb_keystat;
_Static_assert(sizeof(ddb_keystat) == 64, "a key's entry is one cache line");

/* Beside each entry (the same id), what the application offered on the key: first attempts
 * only (a retry is the same logical request again), admitted or refused, in milli-units. Kept
 * apart so that an entry stays one cache line; only a first attempt touches it. */
typedef struct ddb_keyoffer {
    int64_t first_milli[2];      /* [DDB_READ] RCU, [DDB_WRITE] WCU */
} ddb_keyoffer;

/* Dense mode's index: the entry of a key number and, cached beside it so that admission need not
 * wait for the entry, its partition. */
typedef struct ddb_keyslot {
    uint32_t id_plus1;           /* entry id + 1; 0 = not drawn yet */
    uint32_t partition;
} ddb_keyslot;

typedef struct ddb_keytab {
    ddb_keystat *entries;
    ddb_keyoffer *offers;        /* one per entry, same id, zeroed with it */
    size_t n_entries, cap_entries;
    uint64_t dense_domain;       /* 0 = hashed mode */
    struct ddb_keyslot *dense;   /* dense mode: one slot per key number */
    uint32_t *slots;             /* hashed mode: tag | entry id + 1 per slot, 0 = empty */
    size_t n_slots;
    uint32_t id_mask;            /* hashed mode: the bits of a slot holding entry id + 1 */
    size_t max_keys;
    char *names;
    size_t names_len, names_cap;
    uint64_t untracked_requests;
} ddb_keytab;

/* dense_domain > 0: dense mode with that many keys; 0: hashed mode holding up to max_keys. */
void ddb_keytab_init(ddb_keytab *k, uint64_t dense_domain, size_t max_keys);
void ddb_keytab_destroy(ddb_keytab *k);
/* Dense mode: the entry of key number index, created on first use (then known == false until
 * ddb_keytab_name_set). The pointer is valid until the next call that may create an entry. */
ddb_keystat *ddb_keytab_dense_new(ddb_keytab *k, uint64_t index, uint32_t *id);
static inline ddb_keystat *ddb_keytab_dense(ddb_keytab *k, uint64_t index, uint32_t *id)
{
    uint32_t slot = k->dense[index].id_plus1;
    if (slot == 0)
        return ddb_keytab_dense_new(k, index, id);
    *id = slot - 1;
    return &k->entries[slot - 1];
}
/* Record the key's name and hash in a dense entry and mark it known. */
void ddb_keytab_name_set(ddb_keytab *k, ddb_keystat *e, const char *name, size_t len,
                         uint64_t hash);
/* Hashed mode: the entry for this key, created if new; NULL (and *id = DDB_KEYTAB_NONE) when the
 * table is full and the key is new. */
ddb_keystat *ddb_keytab_find(ddb_keytab *k, uint64_t hash, const char *name, size_t len,
                             uint32_t *id);
/* Hashed mode: the entry of the key whose hash is hash, whatever its name (the first such when two
 * keys' hashes collide); NULL (and *id = DDB_KEYTAB_NONE) when there is none. Never creates. */
ddb_keystat *ddb_keytab_lookup(ddb_keytab *k, uint64_t hash, uint32_t *id);
static inline ddb_keystat *ddb_keytab_get(ddb_keytab *k, uint32_t id)
{
    return id == DDB_KEYTAB_NONE ? NULL : &k->entries[id];
}
/* The offer beside entry id (not DDB_KEYTAB_NONE). */
static inline ddb_keyoffer *ddb_keytab_offer(ddb_keytab *k, uint32_t id)
{
    return &k->offers[id];
}
static inline const char *ddb_keytab_name(const ddb_keytab *k, const ddb_keystat *e)
{
    return k->names + e->name_off;
}
/* Hashed mode: a slot's tag for the key whose hash is hash (the hash's high half, less the id's
 * bits: independent of the low bits that pick the slot). */
static inline uint32_t ddb_keytab_tag(const ddb_keytab *k, uint64_t hash)
{
    return (uint32_t)(hash >> 32) & ~k->id_mask;
}
/* Hashed mode: entry id + 1 of the first slot of hash's probe whose tag is hash's, 0 when an empty
 * slot comes first (no entry has that tag; a new key would go there). */
static inline uint32_t ddb_keytab_tagged(const ddb_keytab *k, uint64_t hash)
{
    size_t mask = k->n_slots - 1;
    uint32_t tag = ddb_keytab_tag(k, hash), s;
    for (size_t i = (size_t)hash & mask; (s = k->slots[i]) != 0; i = (i + 1) & mask)
        if ((s & ~k->id_mask) == tag)
            return s & k->id_mask;
    return 0;
}
/* Hashed mode, ahead of ddb_keytab_find(k, hash, ...): fetch the slot its probe starts at; once
 * that has arrived, the entry the probe's tag points to and its offer; once that has, the entry's
 * name. Hints only: they read what is there now and change nothing (a key not in the table yet
 * fetches nothing further). */
static inline void ddb_keytab_prefetch_slot(const ddb_keytab *k, uint64_t hash)
{
    __builtin_prefetch(&k->slots[(size_t)hash & (k->n_slots - 1)]);
}
static inline void ddb_keytab_prefetch_entry(const ddb_keytab *k, uint64_t hash)
{
    uint32_t s = ddb_keytab_tagged(k, hash);
    if (s) {
        __builtin_prefetch(&k->entries[s - 1]);
        __builtin_prefetch(&k->offers[s - 1]);
    }
}
static inline void ddb_keytab_prefetch_name(const ddb_keytab *k, uint64_t hash)
{
    uint32_t s = ddb_keytab_tagged(k, hash);
    if (s)
        __builtin_prefetch(k->names + k->entries[s - 1].name_off);
}
/* Ids of the known keys with at least one request, sorted by requests (by_throttles = false) or
 * by throttles, descending, ties by key name; at most n. Returns how many were written to ids. */
size_t ddb_keytab_top(const ddb_keytab *k, bool by_throttles, uint32_t *ids, size_t n);

#endif
