/* resolved — the resolved scenario (every default filled in): its members by path, in the field
 * table's order, and as the text `ddbsim validate` prints. */
#include "sim/scenario/scenario_int.h"

#include <string.h>
#include "sim/support/check.h"

/* The member of the resolved tree at a table path ("client.retry.mode"), or NULL. */
cJSON *ddb_scn_resolved_at(cJSON *res, const char *path)
{
    char key[PATH_CAP];
    while (res && *path) {
        size_t n = strcspn(path, ".");
        DDB_CHECK(n < sizeof key, "path %s", path);
        memcpy(key, path, n);
        key[n] = '\0';
        res = cJSON_GetObjectItemCaseSensitive(res, key);
        path += path[n] ? n + 1 : n;
    }
    return res;
}

bool ddb_scn_given(cJSON *res, const char *path)
{
    cJSON *v = ddb_scn_resolved_at(res, path);
    DDB_CHECK(v != NULL, "resolved tree without %s", path);
    return !cJSON_IsNull(v);
}

/* The members of obj (the resolved object at prefix of table t) in the table's order, nested
 * objects and the elements of arrays and maps of objects too. Parsing adds members in that order;
 * the defaults the checks fill in afterwards (a GSI's size, an on-demand index's warm throughput,
 * auto scaling's limits) are appended: in order, the resolved scenario prints alike whether a
 * value was given or filled in, so that it parses again to itself. */
void ddb_scn_order_members(const table *t, const char *prefix, cJSON *obj)
{
    if (!cJSON_IsObject(obj))
        return;
    cJSON *ordered = ddb_scn_need(cJSON_CreateObject());
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        if (!ddb_scn_is_child(f->path, prefix))
            continue;
        cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(obj, ddb_scn_key_of(f));
        if (!m)
            continue; /* absent, or taken by an earlier variant's field of the same name */
        if (f->kind == K_OBJECT) {
            ddb_scn_order_members(f->sub ? f->sub : t, f->sub ? "" : f->path, m);
        } else if (f->kind == K_CUSTOM && f->sub && f->item && *f->item) {
            cJSON *e; /* "[i]": array elements; ".NAME", ".OP": map values */
            cJSON_ArrayForEach(e, m)
                ddb_scn_order_members(f->sub, "", e);
        }
        DDB_CHECK(cJSON_AddItemToArray(ordered, m), "out of memory"); /* keeps its name */
    }
    while (obj->child) /* members no field names (none expected): after the others, as they were */
        DDB_CHECK(cJSON_AddItemToArray(ordered, cJSON_DetachItemViaPointer(obj, obj->child)), "move");
    while (ordered->child)
        DDB_CHECK(cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(ordered, ordered->child)), "move");
    cJSON_Delete(ordered);
}

char *ddb_scenario_resolved_text(const ddb_scenario *s)
{
    return ddb_scn_need(cJSON_Print(s->resolved));
}
