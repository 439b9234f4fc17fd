/* manifest — manifest.json, what a folder's run (or sweep, comparison, plan) wrote: the command,
 * the scenario's name and file, the seed, ddbsim's version and every file it holds (paths relative
 * to the folder, sorted; runs/N/... for the runs of a sweep). Written last, so that a folder with a
 * manifest is complete; read by whatever reads a folder back, which reads only the files listed,
 * and by the next writer, which removes the listed files it does not write again (sim/output/stage.h).
 */
#ifndef DDB_MANIFEST_H
#define DDB_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DDB_MANIFEST_FILE "manifest.json"

typedef struct ddb_manifest_info {
    const char *command;          /* "run", "sweep", "compare", "plan" */
    const char *scenario_name;    /* may be NULL */
    const char *scenario_source;  /* the scenario's file as given; may be NULL */
    bool has_seed;
    uint64_t seed;
} ddb_manifest_info;

/* The files a manifest lists. */
typedef struct ddb_manifest_files {
    char **names;
    size_t n;
} ddb_manifest_files;

/* Write DIR/manifest.json listing every file under DIR (recursively; manifest.json itself and
 * hidden names excluded). Returns 0, or -1 with "DIR/manifest.json: cannot write (reason)". */
int ddb_manifest_write(const char *dir, const ddb_manifest_info *info, char *err, size_t errlen);

/* Read DIR/manifest.json's file list. Returns 0; 1 when DIR has no manifest (err says so: not a
 * folder ddbsim wrote, or one an older ddbsim wrote, which is not read: run it again); -1 with one line when it is unreadable or malformed, or lists a name that is not a plain
 * relative path (absolute, with "." or ".." components, empty components, or control characters). */
int ddb_manifest_read(const char *dir, ddb_manifest_files *files, char *err, size_t errlen);
void ddb_manifest_files_destroy(ddb_manifest_files *files);
bool ddb_manifest_lists(const ddb_manifest_files *files, const char *name);

/* DIR's manifest with the names in drop removed from its list and the files in add (which exist)
 * added: for the files `ddbsim plot` and `ddbsim cloudwatch` add to a run folder. Replaced by a
 * rename, so readers see the old list or the new. Returns 0, or -1 with one line. */
int ddb_manifest_update(const char *dir, const char *const *drop, size_t n_drop,
                        const char *const *add, size_t n_add, char *err, size_t errlen);

/* Whether name is a plain relative path (see ddb_manifest_read). */
bool ddb_manifest_name_ok(const char *name);

#endif
