/* datadir — see datadir.h. */
#define _XOPEN_SOURCE 700 /* realpath, readlink */
#include "sim/support/datadir.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/support/alloc.h"

#ifndef DDBSIM_SOURCE_DIR
#define DDBSIM_SOURCE_DIR ""
#endif
#ifndef DDBSIM_BUILD_DIR
#define DDBSIM_BUILD_DIR ""
#endif
#ifndef DDBSIM_DATA_REL
#define DDBSIM_DATA_REL "../share/ddbsim"
#endif

static const char *argv0;
static char dir[PATH_MAX + sizeof DDBSIM_DATA_REL + 1];
static const char *origin;
static pthread_once_t once = PTHREAD_ONCE_INIT;

void ddb_datadir_set_argv0(const char *a) { argv0 = a; }

/* The executable's folder, resolved (symbolic links followed), into out; false when unknown. */
static bool exe_dir(char *out)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
    } else if (!argv0 || !strchr(argv0, '/') || !realpath(argv0, exe)) {
        return false; /* a bare argv[0] was found on PATH: its folder is unknown */
    }
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    snprintf(out, PATH_MAX, "%s", exe[0] ? exe : "/");
    return true;
}

/* Whether path is dir or lies below it. */
static bool inside(const char *path, const char *d)
{
    size_t n = strlen(d);
    return strncmp(path, d, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static void decide(void)
{
    const char *env = getenv("DDBSIM_DATA_DIR");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        origin = "DDBSIM_DATA_DIR";
        return;
    }
    /* Arrays, not the literals: an empty build or source folder is a run-time test for the
     * compiler (clang warns of a constant operand of &&). */
    static const char build_dir[] = DDBSIM_BUILD_DIR, source_dir[] = DDBSIM_SOURCE_DIR;
    char exe[PATH_MAX], build[PATH_MAX];
    bool known = exe_dir(exe);
    if (known && build_dir[0] && source_dir[0] && realpath(build_dir, build) &&
        inside(exe, build)) {
        snprintf(dir, sizeof dir, "%s", DDBSIM_SOURCE_DIR);
        origin = "the source tree";
        return;
    }
    /* Unknown executable folder: the working directory stands in, so the error names a path. */
    if (!known)
        snprintf(exe, sizeof exe, ".");
    /* exe is resolved, so each leading "../" may drop its last component: the folder is named
     * plainly in messages even when it does not exist. */
    const char *rel = DDBSIM_DATA_REL;
    char *slash;
    while (strncmp(rel, "../", 3) == 0 && (slash = strrchr(exe, '/')) && slash != exe) {
        *slash = '\0';
        rel += 3;
    }
    snprintf(dir, sizeof dir, "%s/%s", exe, rel);
    origin = "beside the executable";
}

const char *ddb_datadir(void)
{
    pthread_once(&once, decide);
    return dir;
}

const char *ddb_datadir_origin(void)
{
    pthread_once(&once, decide);
    return origin;
}

char *ddb_datadir_path(const char *rel)
{
    const char *d = ddb_datadir();
    size_t n = strlen(d) + strlen(rel) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s/%s", d, rel);
    return p;
}
