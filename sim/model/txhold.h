/* txhold — the items ongoing writes hold: key id -> until when, and whether a transaction
 * (transact_write) or a plain write holds it.
 *
 * A write holds its items from its admission to its response (its service time). What meets a
 * hold follows AWS's "Transaction conflict handling": a put, update or delete, or another
 * transact_write, meeting a transact_write's hold, and a transact_get meeting any write's hold, is
 * refused (docs/model.md, "Transactions"). Plain writes are held only when transact_get is in the
 * mix, and nothing is held without transactions, so other runs pay nothing. An open-addressing hash with linear probing; expired holds are dropped when the
 * table is rebuilt, which happens when half its slots are taken, so memory follows the items
 * held at once, not the run.
 */
#ifndef DDB_TXHOLD_H
#define DDB_TXHOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ddb_txhold_kind { DDB_TXHOLD_NONE, DDB_TXHOLD_PLAIN, DDB_TXHOLD_TRANSACT };

typedef struct ddb_txhold_slot {
    uint32_t key_plus1;   /* 0: never used */
    uint32_t write;       /* held by a transact_write (else by a plain write) */
    int64_t until_ns;     /* held while now < until_ns */
} ddb_txhold_slot;

typedef struct ddb_txhold {
    ddb_txhold_slot *slots;
    size_t cap, used;     /* cap a power of two; used: slots ever taken since the last rebuild */
} ddb_txhold;

void ddb_txhold_init(ddb_txhold *h);
void ddb_txhold_destroy(ddb_txhold *h);
/* Who holds key_id at now_ns. */
enum ddb_txhold_kind ddb_txhold_get(const ddb_txhold *h, uint32_t key_id, int64_t now_ns);
/* key_id is held until until_ns (> now_ns) by a transact_write (transact) or a plain write; an
 * existing live hold keeps the later end and the stronger kind (a transaction's). */
void ddb_txhold_put(ddb_txhold *h, uint32_t key_id, bool transact, int64_t until_ns, int64_t now_ns);

#endif
