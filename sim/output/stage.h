/* stage — a folder's outputs built aside and published in one step, so that the folder holds one
 * complete run: this one's or the earlier one's, never a mix, never half a file.
 *
 *   ddb_stage_begin    makes DIR if needed; takes DIR/.ddbsim.lock (flock, non-blocking: a second
 *                      writer is refused); refuses a DIR holding anything its manifest
 *                      (sim/output/manifest.h) does not list, unless forced; makes the private
 *                      staging folder DIR/.ddbsim-tmp-XXXXXX (mkdtemp, mode 0700).
 *   (the command writes every output, its manifest last, under st->tmp)
 *   ddb_stage_publish  moves each staged file to its place in DIR (the manifest last), undoing the
 *                      moves already made when one fails; then removes the files the earlier
 *                      manifest listed that this run did not write, and nothing else.
 *   ddb_stage_abort    removes the staging folder (and DIR when begin made it): DIR is as before.
 *
 * The staging folder is inside DIR, not beside it: the same filesystem (every move is a rename),
 * covered by the lock, and nothing is created outside the folder the user named. A staging
 * folder left by a killed writer (SIGKILL, power loss) is removed by the next writer, which holds
 * the lock. With force, entries no manifest lists stay untouched, and a file of the same name as
 * one this run writes is refused rather than replaced.
 */
#ifndef DDB_STAGE_H
#define DDB_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "sim/output/manifest.h"

#define DDB_STAGE_LOCK ".ddbsim.lock"
#define DDB_STAGE_TMP_PREFIX ".ddbsim-tmp-"

typedef struct ddb_stage {
    char *dir;                 /* the folder named by the user */
    char *tmp;                 /* the staging folder: write every output here */
    int lock_fd;               /* -1 when not held */
    bool made_dir;             /* begin made DIR: abort removes it again */
    ddb_manifest_files old;    /* what DIR's manifest listed (the earlier run's files) */
} ddb_stage;

/* Returns 0, or -1 with one line ("out/x: another ddbsim is writing this folder (its .ddbsim.lock
 * is held)", "out/x: holds notes.txt, which no ddbsim manifest lists: ..."); then nothing
 * changed and *st holds nothing to release. */
int ddb_stage_begin(ddb_stage *st, const char *dir, bool force, char *err, size_t errlen);
/* Returns 0 (published; the lock released), or -1 with one line naming the final file; then the
 * staged files are dropped and DIR is as before. Either way *st is released. */
int ddb_stage_publish(ddb_stage *st, char *err, size_t errlen);
/* Drop everything staged and release (no-op on a released stage). */
void ddb_stage_abort(ddb_stage *st);
/* Rewrite a message naming staged paths (st->tmp/...) to name their final place (st->dir/...). */
void ddb_stage_message(const ddb_stage *st, char *msg, size_t msglen);

/* The default folder of a run named name: "out/" + the name made safe as one folder name (each
 * '/', '\\' and control character replaced by '_', leading dots by '_', at most 100 bytes; "run"
 * when nothing is left), so that no name can point outside out/. Free it. */
char *ddb_stage_default_dir(const char *name);

/* Take DIR's lock alone (a command adding files to a published folder). Returns the descriptor
 * to close, or -1 with one line. */
int ddb_stage_lock(const char *dir, char *err, size_t errlen);
/* Remove path and everything under it, never following a link. */
void ddb_stage_remove_tree(const char *path);

#endif
