/* scenario — see scenario.h: the entry points (read the file, parse its JSON, build the scenario
 * from it, free it); the files beside it do the parts (scenario_int.h lists them). */
#include "sim/scenario/scenario.h"

#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/support/readfile.h"
#include "sim/scenario/scenario_int.h"

#define MAX_FILE_BYTES (16u << 20)

/* ---- JSON text --------------------------------------------------------------------------- */

static size_t skip_space(const char *text, size_t len, size_t pos)
{
    while (pos < len && (unsigned char)text[pos] <= 32)
        pos++; /* what cJSON counts as white space */
    return pos;
}

static int json_error(ctx *c, const char *text, size_t len, size_t pos, const char *what)
{
    size_t line = 1, col = 1;
    char near[32], snippet[24];
    for (size_t i = 0; i < pos && i < len; i++, col++)
        if (text[i] == '\n')
            line++, col = 0;
    size_t n = 0;
    while (pos + n < len && n < 20 && text[pos + n] != '\n' && text[pos + n] != '\r')
        n++;
    memcpy(snippet, text + pos, n);
    snippet[n] = '\0';
    ddb_scn_clip(near, sizeof near, snippet, 20);
    if (skip_space(text, len, 0) == len)
        return ddb_scn_fail(c, "", "line 1, column 1: malformed JSON (empty input)");
    if (pos >= len)
        return ddb_scn_fail(c, "", "line %zu, column %zu: malformed JSON (unexpected end of input)",
                            line, col);
    return ddb_scn_fail(c, "", "line %zu, column %zu: malformed JSON (%s '%s')", line, col, what,
                        near);
}

static cJSON *parse_json(ctx *c, const char *json_text, size_t len)
{
    char *text = ddb_xmalloc(len + 1);
    if (len)
        memcpy(text, json_text, len);
    text[len] = '\0';
    const char *end = NULL;
    /* The terminator is handed to cJSON too: an error at the end of the input is then reported
     * there, not at the last byte. */
    cJSON *root = skip_space(text, len, 0) < len ? cJSON_ParseWithLengthOpts(text, len + 1, &end, 0)
                                                 : NULL;
    size_t pos = end ? (size_t)(end - text) : 0;
    if (!root)
        json_error(c, text, len, skip_space(text, len, pos), "near");
    else if ((pos = skip_space(text, len, pos)) < len) {
        json_error(c, text, len, pos, "text after the end, near");
        cJSON_Delete(root);
        root = NULL;
    }
    free(text);
    return root;
}

/* ---- the public functions ---------------------------------------------------------------- */

/* The file's base name without ".json": "scenarios/hot.json" -> "hot". */
static char *base_name(const char *source)
{
    const char *b = strrchr(source, '/');
    b = b ? b + 1 : source;
    size_t n = strlen(b);
    if (n >= 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    if (n == 0)
        return ddb_xstrdup("scenario");
    char *name = ddb_xmalloc(n + 1);
    memcpy(name, b, n);
    name[n] = '\0';
    return name;
}

/* Everything; the key templates are set only once they all parsed. */
static void release(ddb_scenario *s)
{
    for (size_t i = 0; i < s->n_attrs; i++) {
        free(s->attrs[i].name);
        ddb_dist_spec_destroy(&s->attrs[i].spec);
    }
    free(s->attrs);
    for (size_t i = 0; i < s->n_gsi; i++) {
        free(s->gsi[i].name);
        if (s->gsi[i].has_pk)
            ddb_template_destroy(&s->gsi[i].pk);
        if (s->gsi[i].has_sk)
            ddb_template_destroy(&s->gsi[i].sk);
    }
    free(s->gsi);
    for (size_t i = 0; i < s->n_lsi; i++) {
        free(s->lsi[i].name);
        if (s->lsi[i].has_sk)
            ddb_template_destroy(&s->lsi[i].sk);
    }
    free(s->lsi);
    ddb_template_destroy(&s->pk); /* zeroed until the templates parse */
    if (s->has_sk)
        ddb_template_destroy(&s->sk);
    ddb_rate_spec_destroy(&s->rate);
    free(s->trace.path);
    free(s->trace.index_names);
    free(s->capacity_changes);
    free(s->ycsb);
    free(s->warnings);
    cJSON_Delete(s->resolved);
    free(s->source);
    free(s->name);
    free(s->prices);
    free(s->gsi_query_index);
}

static int build(ctx *c, cJSON *root, const char *const *sets, size_t n_sets, ddb_scenario *s)
{
    for (size_t i = 0; i < n_sets; i++) {
        DDB_CHECK(sets[i] != NULL, "--set %zu is NULL", i);
        if (ddb_scn_apply_set(c, root, sets[i]) < 0)
            return -1;
    }
    s->source = ddb_xstrdup(c->source);
    s->resolved = ddb_scn_need(cJSON_CreateObject());
    if (ddb_scn_expand_ycsb(c, root) < 0 ||
        ddb_scn_parse_object(c, &ddb_scn_scenario_table, "", root, "", s->resolved, s) < 0)
        return -1;
    ddb_scn_order_members(&ddb_scn_scenario_table, "", s->resolved);
    return 0;
}

int ddb_scenario_parse(ddb_scenario *out, const char *json_text, size_t len, const char *source,
                       const char *const *sets, size_t n_sets, char *err, size_t errlen)
{
    ctx c = {.source = source ? source : "scenario", .err = err, .errlen = errlen};
    ddb_scenario s;
    memset(&s, 0, sizeof s);
    if (err && errlen)
        err[0] = '\0';
    cJSON *root = parse_json(&c, json_text, len);
    if (!root)
        return -1;
    int rc = -1;
    if (!cJSON_IsObject(root))
        ddb_scn_bad(&c, "", "wrong type", root, "a JSON object with the scenario's fields");
    else {
        c.default_name = base_name(c.source);
        rc = build(&c, root, sets, n_sets, &s);
    }
    free(c.default_name);
    cJSON_Delete(root);
    if (rc < 0) {
        free(c.warnings);
        release(&s);
        return -1;
    }
    s.warnings = c.warnings;
    *out = s;
    return 0;
}

int ddb_scenario_load(ddb_scenario *out, const char *path, const char *const *sets,
                      size_t n_sets, char *err, size_t errlen)
{
    size_t len = 0;
    char *text = ddb_read_file(path, MAX_FILE_BYTES, &len, err, errlen);
    if (!text)
        return -1;
    int rc = ddb_scenario_parse(out, text, len, path, sets, n_sets, err, errlen);
    free(text);
    return rc;
}

void ddb_scenario_destroy(ddb_scenario *s)
{
    if (!s)
        return;
    release(s);
    memset(s, 0, sizeof *s);
}

long ddb_scenario_attr_index(const ddb_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_attrs; i++)
        if (strcmp(s->attrs[i].name, name) == 0)
            return (long)i;
    return -1;
}
