/* libFuzzer target for the scenario loader.
 *
 * The input is a scenario file; when it starts with '@', its first line (without the '@') is a
 * --set PATH=VALUE applied to the rest, so the fuzzer explores --set paths too. A parse must
 * either succeed (and then print and free cleanly) or fail with one line of message (no control
 * character in it). Built with -DDDB_FUZZ_REPLAY (tests/fuzz_replay.c) it replays files in CTest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/check.h"
#include "sim/scenario/scenario.h"
#include "tests/fuzz_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int ddb_fuzz_one(const uint8_t *data, size_t size, char *err, size_t errlen)
{
    const char *text = (const char *)data;
    char *set = NULL;
    if (size > 0 && text[0] == '@') {
        const char *nl = memchr(text, '\n', size);
        size_t n = nl ? (size_t)(nl - text) - 1 : size - 1;
        set = malloc(n + 1);
        memcpy(set, text + 1, n);
        set[n] = '\0';
        size -= nl ? n + 2 : n + 1;
        text += nl ? n + 2 : n + 1;
    }
    const char *sets[] = {set};
    ddb_scenario s;
    int rc = 0;
    if (ddb_scenario_parse(&s, text, size, "fuzz.json", sets, set ? 1 : 0, err, errlen) == 0) {
        /* The resolved scenario parses again to itself: plan and the on-demand verdict run it. */
        char *resolved = ddb_scenario_resolved_text(&s);
        ddb_scenario again;
        DDB_CHECK(ddb_scenario_parse(&again, resolved, strlen(resolved), "fuzz.json", NULL, 0, err,
                                     errlen) == 0,
                  "the resolved scenario does not parse: %s", err);
        char *twice = ddb_scenario_resolved_text(&again);
        DDB_CHECK(strcmp(resolved, twice) == 0, "the resolved scenario resolves differently");
        free(twice);
        ddb_scenario_destroy(&again);
        free(resolved);
        /* What it asks for is estimated without overflow (the CLI's --yes check). */
        ddb_estimate e;
        ddb_scenario_estimate(&s, &e);
        DDB_CHECK(e.requests >= 0 && e.csv_bytes > 0, "a bad estimate");
        ddb_scenario_destroy(&s);
    } else {
        DDB_CHECK(err[0] != '\0', "an error without a message");
        for (const char *p = err; *p; p++)
            DDB_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f, "a control character in '%s'", err);
        rc = -1;
    }
    free(set);
    return rc;
}

#ifndef DDB_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[DDB_ERR_MAX];
    ddb_fuzz_one(data, size, err, sizeof err);
    return 0;
}
#endif
