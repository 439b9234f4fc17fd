/* libFuzzer target for the scenario loader.
 *
 * The input is a scenario file; when it starts with '@', its first line (without the '@') is a
 * --set PATH=VALUE applied to the rest, so the fuzzer explores --set paths too. A parse must
 * either succeed (and then print and free cleanly) or fail with one line of message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/check.h"
#include "sim/scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, text, size, "fuzz.json", sets, set ? 1 : 0, err, sizeof err) == 0) {
        /* The resolved scenario parses again to itself: plan and the on-demand verdict run it. */
        char *resolved = ddb_scenario_resolved_text(&s);
        ddb_scenario again;
        DDB_CHECK(ddb_scenario_parse(&again, resolved, strlen(resolved), "fuzz.json", NULL, 0, err,
                                     sizeof err) == 0,
                  "the resolved scenario does not parse: %s", err);
        char *twice = ddb_scenario_resolved_text(&again);
        DDB_CHECK(strcmp(resolved, twice) == 0, "the resolved scenario resolves differently");
        free(twice);
        ddb_scenario_destroy(&again);
        free(resolved);
        ddb_scenario_destroy(&s);
    } else {
        DDB_CHECK(err[0] != '\0' && !strchr(err, '\n'), "bad message '%s'", err);
    }
    free(set);
    return 0;
}
