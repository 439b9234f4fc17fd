/* out_file — write under a partial name, rename when complete. See out_file.h. */
#define _GNU_SOURCE /* getentropy */
#include "sim/output/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim/support/alloc.h"

static char *join(const char *dir, const char *prefix, const char *name)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, prefix, name);
    return p;
}

int ddb_outdir_make(const char *dir, char *err, size_t errlen)
{
    if (*dir == '\0') { /* the walk below starts after the first character */
        snprintf(err, errlen, "\"\": cannot create directory (empty path)");
        return -1;
    }
    char *path = ddb_xstrdup(dir);
    int rc = 0;
    for (char *s = path + 1;; s++) {
        char c = *s;
        if (c != '/' && c != '\0')
            continue;
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot create directory (%s)", path, strerror(errno));
            rc = -1;
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        snprintf(err, errlen, "%s: not a directory", dir);
        rc = -1;
    }
    free(path);
    return rc;
}

/* A name nobody can guess, opened only if nothing (not even a dangling link) has it: whoever else
 * can write the folder cannot make us write through a link they planted. */
static int open_fresh(const char *dir, const char *name, char **path)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char rnd[6];
        if (getentropy(rnd, sizeof rnd) != 0) /* glibc and emscripten alike */
            return -1;
        char suffix[16];
        snprintf(suffix, sizeof suffix, ".%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3],
                 rnd[4], rnd[5]);
        size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 3;
        *path = ddb_xmalloc(n);
        snprintf(*path, n, "%s/.%s%s", dir, name, suffix);
        int fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        free(*path);
        *path = NULL;
    }
    errno = EEXIST;
    return -1;
}

int ddb_outfile_open(ddb_outfile *o, const char *dir, const char *name, char *err, size_t errlen)
{
    o->final_path = join(dir, "", name);
    o->partial_path = NULL;
    int fd = open_fresh(dir, name, &o->partial_path);
    o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!o->f) {
        snprintf(err, errlen, "%s: cannot write (%s)", o->final_path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->partial_path);
        }
        free(o->partial_path);
        free(o->final_path);
        o->partial_path = o->final_path = NULL;
        return -1;
    }
    return 0;
}

static void release(ddb_outfile *o)
{
    free(o->partial_path);
    free(o->final_path);
    o->partial_path = o->final_path = NULL;
    o->f = NULL;
}

int ddb_outfile_commit(ddb_outfile *o, char *err, size_t errlen)
{
    int failed = ferror(o->f);
    int saved = errno;
    if (fclose(o->f) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    o->f = NULL;
    if (!failed && rename(o->partial_path, o->final_path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        snprintf(err, errlen, "%s: cannot write (%s)", o->final_path, strerror(saved));
        unlink(o->partial_path);
    }
    release(o);
    return failed ? -1 : 0;
}

void ddb_outfile_abort(ddb_outfile *o)
{
    if (!o->partial_path)
        return;
    if (o->f)
        fclose(o->f);
    unlink(o->partial_path);
    release(o);
}

bool ddb_outdir_exists(const char *dir)
{
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

void ddb_outdir_remove_if_empty(const char *dir)
{
    (void)rmdir(dir); /* fails, as it should, when anything is in it */
}
