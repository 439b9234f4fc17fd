/* manifest — manifest.json written, read and updated. See manifest.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/output/manifest.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sim/output/out_file.h"
#include "sim/support/alloc.h"

#ifndef DDBSIM_VERSION
#define DDBSIM_VERSION "unknown"
#endif

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s%s%s", a, *a ? "/" : "", b);
    return p;
}

static void push(ddb_manifest_files *f, char *name)
{
    f->names = ddb_xrealloc(f->names, (f->n + 1) * sizeof *f->names);
    f->names[f->n++] = name;
}

/* Every file under root/rel, as paths relative to root; hidden names are temporary files. */
static int walk(const char *root, const char *rel, ddb_manifest_files *out)
{
    char *path = *rel ? join(root, rel) : ddb_xstrdup(root);
    DIR *d = opendir(path);
    free(path);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *name = join(rel, e->d_name);
        char *full = join(root, name);
        struct stat st;
        if (lstat(full, &st) != 0)
            rc = -1;
        else if (S_ISDIR(st.st_mode))
            rc = walk(root, name, out);
        else if (strcmp(name, DDB_MANIFEST_FILE) != 0) {
            push(out, name);
            name = NULL;
        }
        free(name);
        free(full);
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_json(const char *dir, cJSON *root, char *err, size_t errlen)
{
    char *text = cJSON_Print(root);
    ddb_outfile o;
    int rc = ddb_outfile_open(&o, dir, DDB_MANIFEST_FILE, err, errlen);
    if (rc == 0) {
        fputs(text, o.f);
        fputc('\n', o.f);
        rc = ddb_outfile_commit(&o, err, errlen);
    }
    free(text);
    return rc;
}

static cJSON *names_array(const ddb_manifest_files *f)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < f->n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(f->names[i]));
    return a;
}

int ddb_manifest_write(const char *dir, const ddb_manifest_info *info, char *err, size_t errlen)
{
    ddb_manifest_files files = {0};
    if (walk(dir, "", &files) != 0) {
        snprintf(err, errlen, "%s: cannot list (%s)", dir, strerror(errno));
        ddb_manifest_files_destroy(&files);
        return -1;
    }
    if (files.n)
        qsort(files.names, files.n, sizeof *files.names, by_name);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "ddbsim_version", DDBSIM_VERSION);
    cJSON_AddStringToObject(root, "command", info->command);
    if (info->scenario_name || info->scenario_source) {
        cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
        if (info->scenario_name)
            cJSON_AddStringToObject(sc, "name", info->scenario_name);
        if (info->scenario_source)
            cJSON_AddStringToObject(sc, "source", info->scenario_source);
    }
    if (info->has_seed)
        cJSON_AddNumberToObject(root, "seed", (double)info->seed);
    cJSON_AddItemToObject(root, "files", names_array(&files));
    int rc = write_json(dir, root, err, errlen);
    cJSON_Delete(root);
    ddb_manifest_files_destroy(&files);
    return rc;
}

bool ddb_manifest_name_ok(const char *name)
{
    if (!*name || *name == '/')
        return false;
    for (const char *s = name; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    for (const char *c = name;;) {
        const char *end = strchr(c, '/');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (!end)
            return true;
        c = end + 1;
    }
}

/* DIR/manifest.json parsed, or NULL with err (rc 1: there is none, -1: unreadable or not JSON). */
static cJSON *load(const char *dir, int *rc, char *err, size_t errlen)
{
    char *path = join(dir, DDB_MANIFEST_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        *rc = errno == ENOENT ? 1 : -1;
        if (*rc == 1)
            snprintf(err, errlen, "%s: not a run folder (no %s: ddbsim did not write it, or an "
                     "older ddbsim did; run it again)", dir, DDB_MANIFEST_FILE);
        else
            snprintf(err, errlen, "%s: cannot read (%s)", path, strerror(errno));
        free(path);
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *text = ddb_xmalloc(cap);
    size_t got;
    const size_t limit = (size_t)64 << 20; /* a manifest is a list of names: a few KB */
    while ((got = fread(text + len, 1, cap - len - 1, f)) > 0 && len + got < limit) {
        len += got;
        if (cap - len < 2)
            text = ddb_xrealloc(text, cap *= 2);
    }
    bool too_big = len + got >= limit;
    fclose(f);
    text[len] = '\0';
    cJSON *root = too_big ? NULL : cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: %s", path, too_big ? "too large (over 64 MB)" : "not a JSON object");
        cJSON_Delete(root);
        root = NULL;
        *rc = -1;
    }
    free(path);
    return root;
}

static int files_of(const char *dir, const cJSON *root, ddb_manifest_files *out, char *err,
                    size_t errlen)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (!cJSON_IsArray(a)) {
        snprintf(err, errlen, "%s/%s: files: expected an array of file names", dir, DDB_MANIFEST_FILE);
        return -1;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, a) {
        if (!cJSON_IsString(it) || !ddb_manifest_name_ok(it->valuestring)) {
            snprintf(err, errlen, "%s/%s: files: expected relative paths without \".\" or \"..\" "
                     "(got %s)", dir, DDB_MANIFEST_FILE,
                     cJSON_IsString(it) ? "a name outside the folder" : "a non-string");
            ddb_manifest_files_destroy(out);
            return -1;
        }
        push(out, ddb_xstrdup(it->valuestring));
    }
    return 0;
}

int ddb_manifest_read(const char *dir, ddb_manifest_files *files, char *err, size_t errlen)
{
    files->names = NULL;
    files->n = 0;
    int rc = 0;
    cJSON *root = load(dir, &rc, err, errlen);
    if (!root)
        return rc;
    rc = files_of(dir, root, files, err, errlen);
    cJSON_Delete(root);
    return rc;
}

void ddb_manifest_files_destroy(ddb_manifest_files *files)
{
    for (size_t i = 0; i < files->n; i++)
        free(files->names[i]);
    free(files->names);
    files->names = NULL;
    files->n = 0;
}

bool ddb_manifest_lists(const ddb_manifest_files *files, const char *name)
{
    for (size_t i = 0; i < files->n; i++)
        if (!strcmp(files->names[i], name))
            return true;
    return false;
}

static bool among(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return true;
    return false;
}

int ddb_manifest_update(const char *dir, const char *const *drop, size_t n_drop,
                        const char *const *add, size_t n_add, char *err, size_t errlen)
{
    int rc = 0;
    cJSON *root = load(dir, &rc, err, errlen);
    if (!root)
        return -1;
    ddb_manifest_files files = {0};
    if (files_of(dir, root, &files, err, errlen) != 0) {
        cJSON_Delete(root);
        return -1;
    }
    ddb_manifest_files kept = {0};
    for (size_t i = 0; i < files.n; i++)
        if (!among(drop, n_drop, files.names[i]) && !among(add, n_add, files.names[i]))
            push(&kept, ddb_xstrdup(files.names[i]));
    for (size_t i = 0; i < n_add; i++)
        push(&kept, ddb_xstrdup(add[i]));
    if (kept.n)
        qsort(kept.names, kept.n, sizeof *kept.names, by_name);
    cJSON_ReplaceItemInObjectCaseSensitive(root, "files", names_array(&kept));
    rc = write_json(dir, root, err, errlen);
    cJSON_Delete(root);
    ddb_manifest_files_destroy(&files);
    ddb_manifest_files_destroy(&kept);
    return rc;
}
