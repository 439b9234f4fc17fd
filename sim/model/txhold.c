/* txhold — a small hash of the items transactions hold. See txhold.h. */
#include "sim/model/txhold.h"

#include <stdlib.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

#define FIRST_CAP 64

static size_t home(const ddb_txhold *h, uint32_t key_id)
{
    return (size_t)((uint32_t)(key_id * 2654435761u) & (uint32_t)(h->cap - 1));
}

void ddb_txhold_init(ddb_txhold *h)
{
    h->cap = FIRST_CAP;
    h->used = 0;
    h->slots = ddb_xcalloc(h->cap, sizeof *h->slots);
}

void ddb_txhold_destroy(ddb_txhold *h)
{
    free(h->slots);
    h->slots = NULL;
    h->cap = h->used = 0;
}

enum ddb_txhold_kind ddb_txhold_get(const ddb_txhold *h, uint32_t key_id, int64_t now_ns)
{
    for (size_t i = home(h, key_id);; i = (i + 1) & (h->cap - 1)) {
        const ddb_txhold_slot *s = &h->slots[i];
        if (s->key_plus1 == 0)
            return DDB_TXHOLD_NONE;
        if (s->key_plus1 == key_id + 1)
            return s->until_ns <= now_ns ? DDB_TXHOLD_NONE
                                         : s->write ? DDB_TXHOLD_TRANSACT : DDB_TXHOLD_PLAIN;
    }
}

/* The live holds into a fresh table: twice as large when they fill a quarter of it. */
static void rebuild(ddb_txhold *h, int64_t now_ns)
{
    size_t live = 0;
    for (size_t i = 0; i < h->cap; i++)
        live += h->slots[i].key_plus1 && h->slots[i].until_ns > now_ns;
    ddb_txhold old = *h;
    h->cap = live * 4 > old.cap ? old.cap * 2 : old.cap;
    h->used = 0;
    h->slots = ddb_xcalloc(h->cap, sizeof *h->slots);
    for (size_t i = 0; i < old.cap; i++) {
        const ddb_txhold_slot *s = &old.slots[i];
        if (s->key_plus1 && s->until_ns > now_ns)
            ddb_txhold_put(h, s->key_plus1 - 1, s->write, s->until_ns, now_ns);
    }
    free(old.slots);
}

void ddb_txhold_put(ddb_txhold *h, uint32_t key_id, bool write, int64_t until_ns, int64_t now_ns)
{
    DDB_CHECK(key_id != UINT32_MAX && until_ns > now_ns, "hold of key %u until %lld", key_id,
              (long long)until_ns);
    if (2 * (h->used + 1) > h->cap)
        rebuild(h, now_ns);
    ddb_txhold_slot *reuse = NULL;
    size_t i = home(h, key_id);
    for (;; i = (i + 1) & (h->cap - 1)) {
        ddb_txhold_slot *s = &h->slots[i];
        if (s->key_plus1 == key_id + 1) {
            bool live = s->until_ns > now_ns;
            s->write = (uint32_t)(write || (live && s->write));
            s->until_ns = live && s->until_ns > until_ns ? s->until_ns : until_ns;
            return;
        }
        if (s->key_plus1 == 0)
            break;
        if (!reuse && s->until_ns <= now_ns)
            reuse = s; /* expired: free for another key, once this one is known to be absent */
    }
    if (!reuse) {
        reuse = &h->slots[i];
        h->used++;
    }
    *reuse = (ddb_txhold_slot){key_id + 1, (uint32_t)write, until_ns};
}
