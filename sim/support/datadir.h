/* datadir — where the program's read-only data (plot scripts, price tables, shipped scenarios) is.
 *
 * One folder holds it, laid out like the source tree (plots/, scenarios/, workloads/):
 *   1. $DDBSIM_DATA_DIR when it is set and not empty;
 *   2. the source tree, for an executable that lies inside the build tree (a build-tree binary,
 *      a test program, a fuzzer), so that it always reads the files it was built with;
 *   3. else the folder the installed tree keeps beside the executable: its own folder (found
 *      through /proc/self/exe, else argv[0]) joined with DDBSIM_DATA_REL ("../share/ddbsim"),
 *      so an install moved to another prefix still finds its data.
 * The build defines DDBSIM_SOURCE_DIR, DDBSIM_BUILD_DIR and DDBSIM_DATA_REL (CMakeLists.txt).
 * Whether the folder exists is the caller's to check: each says what it missed and why. */
#ifndef DDB_DATADIR_H
#define DDB_DATADIR_H

/* Remember argv[0], the fallback where /proc/self/exe cannot be read. Call before the first
 * ddb_datadir(); optional. */
void ddb_datadir_set_argv0(const char *argv0);

/* The data folder, without a trailing slash; never NULL. Decided on the first call (thread-safe)
 * and kept for the life of the process. */
const char *ddb_datadir(void);

/* How ddb_datadir() was chosen: "DDBSIM_DATA_DIR", "the source tree" or "beside the executable". */
const char *ddb_datadir_origin(void);

/* ddb_datadir() + "/" + rel, allocated (free it). */
char *ddb_datadir_path(const char *rel);

#endif
