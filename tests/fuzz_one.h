/* fuzz_one — what each fuzz target (tests/fuzz_*.c) defines: one input through its reader.
 * LLVMFuzzerTestOneInput calls it under libFuzzer; tests/fuzz_replay.c calls it from CTest on the
 * seed corpora and the regression inputs (tests/fuzz/regressions/). */
#ifndef DDB_FUZZ_ONE_H
#define DDB_FUZZ_ONE_H

#include <stddef.h>
#include <stdint.h>

/* Returns 0 when the input was accepted, -1 when it was refused with one line in err (checked:
 * not empty, no control character). A crash, a hang or a broken invariant is the bug. */
int ddb_fuzz_one(const uint8_t *data, size_t size, char *err, size_t errlen);

#endif
