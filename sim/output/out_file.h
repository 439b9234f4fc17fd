/* out_file — an output file that appears under its final name only when complete.
 *
 * Written as DIR/.NAME.XXXXXXXXXXXX (a random suffix, opened O_CREAT|O_EXCL|O_NOFOLLOW so that a
 * link planted at that name is never followed), renamed to DIR/NAME by ddb_outfile_commit;
 * ddb_outfile_abort removes it. So a write that fails leaves nothing under a final name. A run's
 * files are written so into a private staging folder (sim/output/stage.h), published together.
 */
#ifndef DDB_OUT_FILE_H
#define DDB_OUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct ddb_outfile {
    FILE *f;
    char *partial_path;
    char *final_path;
} ddb_outfile;

/* Create DIR (and its parents) if needed. Returns 0, or -1 with "DIR: cannot create (reason)". */
int ddb_outdir_make(const char *dir, char *err, size_t errlen);
/* Whether DIR exists: a run that fails removes the folder only when it made it. */
bool ddb_outdir_exists(const char *dir);
/* Remove DIR if it is empty (a failed run's, its files aborted); anything else stays. */
void ddb_outdir_remove_if_empty(const char *dir);
/* Returns 0, or -1 with a message naming the final path and the reason. */
int ddb_outfile_open(ddb_outfile *o, const char *dir, const char *name, char *err, size_t errlen);
/* Flush, close and rename into place. Returns 0, or -1 (write error, disk full) with a message;
 * on error the partial file is removed. */
int ddb_outfile_commit(ddb_outfile *o, char *err, size_t errlen);
/* Close and remove the partial file (no-op on a closed outfile). */
void ddb_outfile_abort(ddb_outfile *o);

#endif
