/* check — always-on assertions for broken invariants (bugs, not bad input).
 *
 * Unlike assert(), DDB_CHECK stays active under NDEBUG: a simulator that silently continues
 * past a broken invariant produces plausible but wrong numbers, which is worse than a crash.
 * On failure it prints the location, the condition and the caller's formatted values, then aborts.
 *
 *     DDB_CHECK(t >= now, "event at %lld ns before now %lld ns", (long long)t, (long long)now);
 */
#ifndef DDB_CHECK_H
#define DDB_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define DDB_CHECK(cond, ...)                                                                  \
    do {                                                                                      \
        if (__builtin_expect(!(cond), 0)) {                                                   \
            fprintf(stderr, "ddbsim: %s:%d: %s: check failed: %s: ", __FILE__, __LINE__,      \
                    __func__, #cond);                                                         \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

#endif
