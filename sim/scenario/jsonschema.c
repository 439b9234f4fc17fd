/* jsonschema — the scenario format as a JSON Schema (draft 2020-12; `ddbsim reference
 * --json-schema`, docs/scenario.schema.json), generated from the field table, so editors
 * complete and check scenarios with the same fields, types, choices and ranges as the parser.
 *
 * What a schema can say and the parser checks further: fields that apply only to some values of
 * a discriminator (attributes' dist, rate's profile) are all allowed, whatever it holds, and are
 * required only when required for every value; cross-field rules (the mix sums to 1, a key
 * template names known attributes, string lengths in bytes) are left to `ddbsim validate`. */
#include "sim/scenario/scenario_int.h"

#include <string.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"

static cJSON *table_schema(const table *t);

static cJSON *add_obj(cJSON *o, const char *name)
{
    return ddb_scn_need(cJSON_AddObjectToObject(o, name));
}

/* An object schema closed to unknown members (the parser refuses them too). */
static cJSON *object_schema(void)
{
    cJSON *o = ddb_scn_need(cJSON_CreateObject());
    cJSON_AddStringToObject(o, "type", "object");
    add_obj(o, "properties");
    cJSON_AddFalseToObject(o, "additionalProperties");
    return o;
}

static void bounds(cJSON *s, const field *f)
{
    cJSON_AddNumberToObject(s, f->flags & F_GT_MIN ? "exclusiveMinimum" : "minimum", f->min);
    cJSON_AddNumberToObject(s, f->flags & F_LT_MAX ? "exclusiveMaximum" : "maximum", f->max);
}

static void enum_values(cJSON *s, const field *f)
{
    cJSON *e = ddb_scn_need(cJSON_AddArrayToObject(s, "enum"));
    for (size_t i = 0; i < f->n_choices; i++)
        cJSON_AddItemToArray(e, ddb_scn_need(cJSON_CreateString(f->choices[i])));
}

/* The schema of one value of field f (without its description). */
static cJSON *value_schema(const field *f)
{
    cJSON *s;
    switch (f->kind) {
    case K_INT:
    case K_NUM:
        s = ddb_scn_need(cJSON_CreateObject());
        cJSON_AddStringToObject(s, "type", f->kind == K_INT ? "integer" : "number");
        bounds(s, f);
        return s;
    case K_BOOL:
        s = ddb_scn_need(cJSON_CreateObject());
        cJSON_AddStringToObject(s, "type", "boolean");
        return s;
    case K_ENUM:
        s = ddb_scn_need(cJSON_CreateObject());
        enum_values(s, f);
        return s;
    case K_STRING:
    case K_TEMPLATE:
        s = ddb_scn_need(cJSON_CreateObject());
        cJSON_AddStringToObject(s, "type", "string");
        if (f->kind == K_STRING && f->min >= 1)
            cJSON_AddNumberToObject(s, "minLength", 1); /* the parser counts bytes: no tighter */
        return s;
    case K_NOT_YET:
        s = ddb_scn_need(cJSON_CreateObject());
        cJSON_AddItemToObject(s, "not", ddb_scn_need(cJSON_CreateObject())); /* refused */
        return s;
    case K_CUSTOM:
        if (f->item && !strcmp(f->item, "[i]")) { /* an array of sub's objects */
            s = ddb_scn_need(cJSON_CreateObject());
            cJSON_AddStringToObject(s, "type", "array");
            cJSON_AddItemToObject(s, "items", table_schema(f->sub));
            return s;
        }
        /* a map: ".NAME" of sub's objects, "" of sub's one value */
        s = ddb_scn_need(cJSON_CreateObject());
        cJSON_AddStringToObject(s, "type", "object");
        cJSON_AddItemToObject(s, "additionalProperties",
                              f->item && *f->item ? table_schema(f->sub) : value_schema(&f->sub->f[0]));
        return s;
    case K_OBJECT:
    default:
        return f->sub ? table_schema(f->sub) : object_schema();
    }
}

/* The object schema at dotted path inside root (created on the way), and the last component. */
static cJSON *parent_of(cJSON *root, const char *path, const char **last)
{
    cJSON *o = root;
    const char *p = path, *dot;
    while ((dot = strchr(p, '.'))) {
        char name[PATH_CAP];
        snprintf(name, sizeof name, "%.*s", (int)(dot - p), p);
        cJSON *props = cJSON_GetObjectItemCaseSensitive(o, "properties");
        cJSON *next = cJSON_GetObjectItemCaseSensitive(props, name);
        if (!next) {
            next = object_schema();
            cJSON_AddItemToObject(props, name, next);
        }
        o = next;
        p = dot + 1;
    }
    *last = p;
    return o;
}

static void require(cJSON *o, const char *name)
{
    cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "required");
    if (!req)
        req = ddb_scn_need(cJSON_AddArrayToObject(o, "required"));
    cJSON_AddItemToArray(req, ddb_scn_need(cJSON_CreateString(name)));
}

static cJSON *table_schema(const table *t)
{
    cJSON *root = object_schema();
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        const char *name;
        cJSON *parent = parent_of(root, f->path, &name);
        cJSON *props = cJSON_GetObjectItemCaseSensitive(parent, "properties");
        cJSON *s = cJSON_GetObjectItemCaseSensitive(props, name); /* a group made by a member */
        if (!s) {
            s = value_schema(f);
            cJSON_AddItemToObject(props, name, s);
        }
        if (f->help)
            cJSON_AddStringToObject(s, "description", f->help);
        if ((f->flags & F_REQUIRED) && !f->variants)
            require(parent, name);
    }
    return root;
}

char *ddb_scenario_json_schema(void)
{
    cJSON *s = table_schema(&ddb_scn_scenario_table);
    cJSON *doc = ddb_scn_need(cJSON_CreateObject());
    cJSON_AddStringToObject(doc, "$schema", "https://json-schema.org/draft/2020-12/schema");
    cJSON_AddStringToObject(doc, "title", "ddbsim scenario");
    cJSON_AddStringToObject(doc, "description",
                            "A ddbsim scenario (docs/scenario.md). Generated from the field table "
                            "in sim/scenario/fields.c by `ddbsim reference --json-schema`; "
                            "`ddbsim validate` checks what a schema cannot say.");
    for (cJSON *c = s->child; c; c = c->next)
        cJSON_AddItemReferenceToObject(doc, c->string, c);
    char *text = ddb_scn_need(cJSON_Print(doc));
    cJSON_Delete(doc);
    cJSON_Delete(s);
    size_t n = strlen(text);
    char *out = ddb_xmalloc(n + 2);
    memcpy(out, text, n);
    memcpy(out + n, "\n", 2);
    cJSON_free(text);
    return out;
}
