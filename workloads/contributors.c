/* contributors — see contributors.h. */
#include "workloads/contributors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"
#include "sim/support/readfile.h"

#define MAX_REPORT_BYTES ((size_t)16 << 20)
#define MAX_KEYS ((double)(UINT64_C(1) << 40)) /* the scenario's bound on an attribute's values */

/* A number >= 0 at obj.name: 0, or -1 with the error set ("where" names obj). */
static int amount(const cJSON *obj, const char *name, const char *file, const char *where,
                  double *out, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && isfinite(v->valuedouble)) {
        *out = v->valuedouble;
        return 0;
    }
    char *got = v ? cJSON_PrintUnformatted(v) : NULL;
    ddb_errorf(err, errlen, "%s: %s%s: %s (got %.40s, expected a number >= 0)", file, where,
               name, v ? "not an amount" : "missing", got ? got : "nothing");
    free(got);
    return -1;
}

/* The index of label among the first n, or n. */
static size_t find(char *const *labels, size_t n, const char *label)
{
    size_t i = 0;
    while (i < n && strcmp(labels[i], label) != 0)
        i++;
    return i;
}

/* Each contributor into spec's labels and weights (its share of total), merged by first key. */
static int read_contributors(const cJSON *list, double total, const char *file,
                             ddb_dist_spec *spec, char *err, size_t errlen)
{
    size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
    spec->labels = ddb_xcalloc(n, sizeof *spec->labels);
    spec->weights = ddb_xcalloc(n, sizeof *spec->weights);
    const cJSON *c;
    cJSON_ArrayForEach(c, list) {
        char where[64];
        snprintf(where, sizeof where, "Contributors[%zu].", i++);
        const cJSON *key = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "Keys"), 0);
        double value;
        if (!cJSON_IsString(key))
            return ddb_errorf(err, errlen, "%s: %sKeys: missing or empty (expected the "
                              "contributor's key values, strings)", file, where);
        if (amount(c, "ApproximateAggregateValue", file, where, &value, err, errlen) < 0)
            return -1;
        size_t at = find(spec->labels, spec->n_labels, key->valuestring);
        if (at == spec->n_labels)
            spec->labels[spec->n_labels++] = ddb_xstrdup(key->valuestring);
        spec->weights[at] += value / total;
    }
    return 0;
}

static int convert(const cJSON *doc, const char *file, ddb_dist_spec *spec, char *err,
                   size_t errlen)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "Contributors");
    if (!cJSON_IsArray(list))
        return ddb_errorf(err, errlen, "%s: Contributors: missing (expected the output of aws "
                          "cloudwatch get-insight-rule-report)", file);
    if (cJSON_GetArraySize(list) == 0)
        return ddb_errorf(err, errlen, "%s: Contributors: empty (expected at least one "
                          "contributor: a report of a rule over a period with traffic)", file);
    double total, unique, top = 0;
    if (amount(doc, "AggregateValue", file, "", &total, err, errlen) < 0 ||
        amount(doc, "ApproximateUniqueCount", file, "", &unique, err, errlen) < 0)
        return -1;
    const cJSON *c;
    cJSON_ArrayForEach(c, list) /* approximate values may add up past the aggregate */
        top += cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, "ApproximateAggregateValue"))
                   ? cJSON_GetObjectItemCaseSensitive(c, "ApproximateAggregateValue")->valuedouble
                   : 0;
    if (top > total)
        total = top;
    if (!(total > 0))
        return ddb_errorf(err, errlen, "%s: AggregateValue: 0 (expected a report of a period "
                          "with traffic)", file);
    if (unique > MAX_KEYS)
        return ddb_errorf(err, errlen, "%s: ApproximateUniqueCount: too many keys (got %.0f, "
                          "expected at most 2^40)", file, unique);
    if (read_contributors(list, total, file, spec, err, errlen) < 0)
        return -1;
    spec->n = (uint64_t)llround(unique) > spec->n_labels ? (uint64_t)llround(unique)
                                                          : spec->n_labels;
    return 0;
}

int ddb_contributors_load(ddb_dist_spec *spec, const char *file, char *err, size_t errlen)
{
    size_t len;
    char *text = ddb_read_file(file, MAX_REPORT_BYTES, &len, err, errlen);
    if (!text)
        return -1;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        return ddb_errorf(err, errlen, "%s: not JSON (expected the output of aws cloudwatch "
                          "get-insight-rule-report)", file);
    }
    int rc = convert(doc, file, spec, err, errlen);
    cJSON_Delete(doc);
    return rc;
}
