/* set — `--set PATH=VALUE`: edits of the scenario's JSON tree before it is walked; relative file
 * paths set this way are made absolute. */
#include "sim/scenario/scenario_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

typedef struct step {
    char *name;    /* NUL-terminated inside a copy of the path; NULL for an index */
    long index;
    size_t before; /* length of the path text naming the container of this step */
} step;

static int set_fail(ctx *c, const char *set, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int set_fail(ctx *c, const char *set, const char *fmt, ...)
{
    char what[DDB_ERR_MAX], shown[104];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    ddb_scn_clip(shown, sizeof shown, set, 100);
    ddb_scn_file_error(c->err, c->errlen, "%s: --set %s: %s", c->source, shown, what);
    return -1;
}

/* "[12]" at p[*i]: the index, or -1. */
static long split_index(char *p, size_t len, size_t *i)
{
    size_t start = ++*i;
    long v = 0;
    while (*i < len && p[*i] >= '0' && p[*i] <= '9' && *i - start < 9)
        v = v * 10 + (p[(*i)++] - '0');
    if (*i == start || *i >= len || p[*i] != ']')
        return -1;
    p[(*i)++] = '\0';
    return v;
}

/* Split the path p (a writable copy, len bytes) into steps; returns their number, or -1 with
 * *why set. Grammar: name ("[" digits "]")* ("." name ("[" digits "]")*)*. */
static long split_path(char *p, size_t len, step *steps, const char **why)
{
    size_t n = 0, i = 0;
    for (;;) {
        size_t start = i;
        while (i < len && p[i] != '.' && p[i] != '[')
            i++;
        if (i == start)
            return *why = "empty field name in the path", -1;
        steps[n++] = (step){p + start, -1, start ? start - 1 : 0};
        while (i < len && p[i] == '[') {
            size_t before = i;
            p[i] = '\0';
            long idx = split_index(p, len, &i);
            if (idx < 0)
                return *why = "bad array index in the path (expected [0], [1], ...)", -1;
            steps[n++] = (step){NULL, idx, before};
        }
        if (i == len)
            return (long)n;
        if (p[i] != '.')
            return *why = "expected '.' or '[' after ']' in the path", -1;
        p[i++] = '\0';
    }
}

/* The member of cur that st names, or NULL when missing (or one past the end of an array);
 * -1 when cur cannot have it. */
static int locate(ctx *c, const char *set, cJSON *cur, const step *st, cJSON **child)
{
    char got[SHOW_MAX + 8];
    int size = cJSON_GetArraySize(cur);
    *child = NULL;
    ddb_scn_show(cur, got, sizeof got);
    if (st->name && !cJSON_IsObject(cur))
        return set_fail(c, set, "%.*s is not an object (got %s)", (int)st->before, set, got);
    if (!st->name && !cJSON_IsArray(cur))
        return set_fail(c, set, "%.*s is not an array (got %s)", (int)st->before, set, got);
    if (st->name) {
        *child = cJSON_GetObjectItemCaseSensitive(cur, st->name);
        return 0;
    }
    if (st->index > size)
        return set_fail(c, set, "index %ld out of range (%.*s has %d elements; use %d to append)",
                        st->index, (int)st->before, set, size, size);
    *child = st->index < size ? cJSON_GetArrayItem(cur, (int)st->index) : NULL;
    return 0;
}

static void attach(cJSON *cur, const step *st, cJSON *item)
{
    if (st->name)
        ddb_scn_add(cur, st->name, item);
    else
        DDB_CHECK(cJSON_AddItemToArray(cur, item), "out of memory");
}

/* VALUE as JSON when it is valid JSON, else as a string. */
static cJSON *set_value(const char *text)
{
    cJSON *v = cJSON_ParseWithOpts(text, NULL, 1);
    return v ? v : ddb_scn_need(cJSON_CreateString(text));
}

static int set_at(ctx *c, const char *set, cJSON *cur, const step *steps, size_t n,
                  const char *value)
{
    cJSON *child;
    for (size_t k = 0; k + 1 < n; k++, cur = child) {
        if (locate(c, set, cur, &steps[k], &child) < 0)
            return -1;
        if (!child) {
            child = ddb_scn_need(steps[k + 1].name ? cJSON_CreateObject() : cJSON_CreateArray());
            attach(cur, &steps[k], child);
        }
    }
    if (locate(c, set, cur, &steps[n - 1], &child) < 0)
        return -1;
    cJSON *v = set_value(value);
    if (!child)
        attach(cur, &steps[n - 1], v);
    else if (steps[n - 1].name)
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(cur, steps[n - 1].name, v), "replace");
    else
        DDB_CHECK(cJSON_ReplaceItemViaPointer(cur, child, v), "replace");
    return 0;
}

/* The file paths that the set of set[0..len) wrote (the field itself, or an object holding it):
 * relative ones become absolute, from the working directory (see ddb_scn_file_paths). */
static int absolute_set_paths(ctx *c, cJSON *root, const char *set, size_t len)
{
    for (size_t i = 0; i < NELEM(ddb_scn_file_paths); i++) {
        const char *fp = ddb_scn_file_paths[i];
        if (strncmp(fp, set, len) != 0 || (fp[len] != '\0' && fp[len] != '.'))
            continue;
        cJSON *parent = root, *v = NULL;
        char key[PATH_CAP];
        for (const char *k = fp; parent; k += strcspn(k, ".") + 1) {
            size_t n = strcspn(k, ".");
            snprintf(key, sizeof key, "%.*s", (int)n, k);
            v = cJSON_GetObjectItemCaseSensitive(parent, key);
            if (!k[n])
                break;
            parent = cJSON_IsObject(v) ? v : NULL;
        }
        if (!parent || !cJSON_IsString(v) || v->valuestring[0] == '\0' || v->valuestring[0] == '/')
            continue; /* absent, of the wrong type (the walker says so), or absolute already */
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd))
            return set_fail(c, set, "cannot resolve %s against the working directory: %s", fp,
                            strerror(errno));
        size_t need_len = strlen(cwd) + 1 + strlen(v->valuestring) + 1;
        char *abs = ddb_xmalloc(need_len);
        snprintf(abs, need_len, "%s/%s", cwd, v->valuestring);
        DDB_CHECK(cJSON_ReplaceItemInObjectCaseSensitive(parent, key,
                                                         ddb_scn_need(cJSON_CreateString(abs))),
                  "replace");
        free(abs);
    }
    return 0;
}

int ddb_scn_apply_set(ctx *c, cJSON *root, const char *set)
{
    const char *eq = strchr(set, '=');
    if (!eq)
        return set_fail(c, set, "expected PATH=VALUE");
    size_t len = (size_t)(eq - set);
    char *path = ddb_xmalloc(len + 1);
    step *steps = ddb_xcalloc(len + 1, sizeof *steps);
    const char *why = NULL;
    memcpy(path, set, len);
    path[len] = '\0';
    long n = split_path(path, len, steps, &why);
    int rc = n < 0 ? set_fail(c, set, "%s", why) : set_at(c, set, root, steps, (size_t)n, eq + 1);
    free(steps);
    if (rc == 0)
        rc = absolute_set_paths(c, root, set, len);
    free(path);
    return rc;
}
