/* stage — outputs staged in a private folder, published in one step. See stage.h. */
#define _GNU_SOURCE /* flock, mkdtemp */
#include "sim/output/stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim/output/out_file.h"
#include "sim/support/alloc.h"

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s%s%s", a, *a ? "/" : "", b);
    return p;
}

void ddb_stage_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = join(path, e->d_name);
            ddb_stage_remove_tree(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}

int ddb_stage_lock(const char *dir, char *err, size_t errlen)
{
    char *path = join(dir, DDB_STAGE_LOCK);
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot lock (%s)", path, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "%s: another ddbsim is writing this folder (its %s is held)",
                     dir, DDB_STAGE_LOCK);
        else
            snprintf(err, errlen, "%s: cannot lock (%s)", path, strerror(errno));
        close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

/* Whether some listed file lies under the folder rel. */
static bool covers(const ddb_manifest_files *old, const char *rel)
{
    size_t n = strlen(rel);
    for (size_t i = 0; i < old->n; i++)
        if (!strncmp(old->names[i], rel, n) && old->names[i][n] == '/')
            return true;
    return false;
}

/* Find an entry of DIR/rel that no manifest lists; stale staging folders are removed (the lock
 * is ours, so their writer is gone). Returns a malloc'd name, or NULL when there is none. */
static char *unlisted(const ddb_stage *st, const char *rel)
{
    char *path = *rel ? join(st->dir, rel) : ddb_xstrdup(st->dir);
    DIR *d = opendir(path);
    if (!d) {
        char *name = ddb_xstrdup(*rel ? rel : ".");
        free(path);
        return name;
    }
    char *found = NULL;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        if (!*rel && !strcmp(n, DDB_STAGE_LOCK))
            continue;
        char *name = join(rel, n);
        char *full = join(st->dir, name);
        struct stat sb;
        if (!*rel && !strncmp(n, DDB_STAGE_TMP_PREFIX, strlen(DDB_STAGE_TMP_PREFIX)))
            ddb_stage_remove_tree(full);
        else if (lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode) && covers(&st->old, name))
            found = unlisted(st, name);
        else if (lstat(full, &sb) != 0 || S_ISDIR(sb.st_mode) ||
                 (!ddb_manifest_lists(&st->old, name) && (*rel || strcmp(n, DDB_MANIFEST_FILE))))
            found = ddb_xstrdup(name);
        if (found != name)
            free(name);
        free(full);
    }
    closedir(d);
    free(path);
    return found;
}

static void release(ddb_stage *st)
{
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    st->lock_fd = -1;
    free(st->dir);
    free(st->tmp);
    st->dir = st->tmp = NULL;
    ddb_manifest_files_destroy(&st->old);
}

/* Undo what begin made: the folder (with its lock file) when it made it. */
static void unmake(ddb_stage *st)
{
    if (st->made_dir) {
        char *lock = join(st->dir, DDB_STAGE_LOCK);
        unlink(lock);
        free(lock);
        rmdir(st->dir);
    }
}

static int check_folder(ddb_stage *st, bool force, char *err, size_t errlen)
{
    int rc = ddb_manifest_read(st->dir, &st->old, err, errlen);
    if (rc < 0)
        return -1;
    char *name = unlisted(st, "");
    if (name && !force) {
        snprintf(err, errlen, "%s: holds %s, which no ddbsim manifest lists: refusing to write "
                 "there (choose another folder, or --force to write beside it)", st->dir, name);
        free(name);
        return -1;
    }
    free(name);
    return 0;
}

int ddb_stage_begin(ddb_stage *st, const char *dir, bool force, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    st->lock_fd = -1;
    st->dir = ddb_xstrdup(dir);
    for (size_t n = strlen(st->dir); n > 1 && st->dir[n - 1] == '/';) /* "out/x/": out/x */
        st->dir[--n] = '\0';
    st->made_dir = !ddb_outdir_exists(dir);
    if (ddb_outdir_make(dir, err, errlen) != 0) {
        release(st);
        return -1;
    }
    char *lock = join(st->dir, DDB_STAGE_LOCK);
    struct stat sb;
    bool had_lock = lstat(lock, &sb) == 0;
    st->lock_fd = ddb_stage_lock(dir, err, errlen);
    if (st->lock_fd < 0 || check_folder(st, force, err, errlen) != 0) {
        if (st->lock_fd >= 0 && !had_lock) /* a folder refused keeps nothing of ours */
            unlink(lock);
        if (st->lock_fd >= 0)
            unmake(st);
        release(st);
        free(lock);
        return -1;
    }
    free(lock);
    st->tmp = join(dir, DDB_STAGE_TMP_PREFIX "XXXXXX");
    if (!mkdtemp(st->tmp)) {
        snprintf(err, errlen, "%s: cannot make a staging folder in it (%s)", dir, strerror(errno));
        unmake(st);
        release(st);
        return -1;
    }
    return 0;
}

void ddb_stage_abort(ddb_stage *st)
{
    if (!st->dir)
        return;
    if (st->tmp)
        ddb_stage_remove_tree(st->tmp);
    unmake(st);
    release(st);
}

void ddb_stage_message(const ddb_stage *st, char *msg, size_t msglen)
{
    if (!st->tmp)
        return;
    size_t n = strlen(st->tmp);
    char *at = strstr(msg, st->tmp);
    if (!at)
        return;
    char *rest = ddb_xstrdup(at + n);
    *at = '\0';
    char *head = ddb_xstrdup(msg);
    snprintf(msg, msglen, "%s%s%s", head, st->dir, rest);
    free(head);
    free(rest);
}

/* ---- publishing ---- */

typedef struct move {
    char *rel;
    bool had_old;          /* an earlier file of that name, kept as TMP/.prev-I until the end */
} move;

typedef struct plan {
    ddb_manifest_files files;  /* the staged files, sorted; the manifest moved last */
    move *moves;
    size_t done;               /* moves made */
    char **made;               /* folders made in DIR, in order */
    size_t n_made;
} plan;

/* The staged files: every file under TMP (the manifest lists them all but itself). */
static int staged_files(const ddb_stage *st, plan *p, char *err, size_t errlen)
{
    if (ddb_manifest_read(st->tmp, &p->files, err, errlen) != 0)
        return -1;
    p->files.names = ddb_xrealloc(p->files.names, (p->files.n + 1) * sizeof *p->files.names);
    p->files.names[p->files.n++] = ddb_xstrdup(DDB_MANIFEST_FILE);
    p->moves = ddb_xcalloc(p->files.n, sizeof *p->moves);
    return 0;
}

static char *prev_path(const ddb_stage *st, size_t i)
{
    char name[48];
    snprintf(name, sizeof name, ".prev-%zu", i);
    return join(st->tmp, name);
}

/* Make the folders of rel inside DIR, remembering those made. */
static int make_parents(const ddb_stage *st, plan *p, const char *rel)
{
    char *path = join(st->dir, rel);
    size_t base = strlen(st->dir) + 1;
    for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(path, 0777) == 0) {
            p->made = ddb_xrealloc(p->made, (p->n_made + 1) * sizeof *p->made);
            p->made[p->n_made++] = ddb_xstrdup(path);
        } else if (errno != EEXIST) {
            free(path);
            return -1;
        }
        *s = '/';
    }
    free(path);
    return 0;
}

static void undo(const ddb_stage *st, plan *p)
{
    for (size_t i = p->done; i-- > 0;) {
        char *dst = join(st->dir, p->files.names[i]);
        unlink(dst);
        if (p->moves[i].had_old) {
            char *prev = prev_path(st, i);
            rename(prev, dst);
            free(prev);
        }
        free(dst);
    }
    for (size_t i = p->n_made; i-- > 0;)
        rmdir(p->made[i]);
}

/* Whether every folder on the way to DIR/rel is a real folder (or absent): a link planted there
 * would take a move or a removal outside DIR. */
static bool plain_path(const ddb_stage *st, const char *rel)
{
    char *path = join(st->dir, rel);
    bool ok = true;
    for (char *s = path + strlen(st->dir) + 1; ok && (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        struct stat sb;
        ok = lstat(path, &sb) != 0 || S_ISDIR(sb.st_mode);
        *s = '/';
    }
    free(path);
    return ok;
}

/* With force, a file this run writes may stand where no manifest put it: refuse to replace it. */
static int check_targets(const ddb_stage *st, const plan *p, char *err, size_t errlen)
{
    for (size_t i = 0; i < p->files.n; i++) {
        const char *rel = p->files.names[i];
        char *dst = join(st->dir, rel);
        struct stat sb;
        bool taken = !plain_path(st, rel) || (lstat(dst, &sb) == 0 &&
                     (S_ISDIR(sb.st_mode) ||
                      (!ddb_manifest_lists(&st->old, rel) && strcmp(rel, DDB_MANIFEST_FILE))));
        if (taken)
            snprintf(err, errlen, "%s: exists and no ddbsim manifest lists it: not replaced "
                     "(move it away, or choose another folder)", dst);
        free(dst);
        if (taken)
            return -1;
    }
    return 0;
}

static int move_one(const ddb_stage *st, plan *p, size_t i)
{
    const char *rel = p->files.names[i];
    if (make_parents(st, p, rel) != 0)
        return -1;
    char *src = join(st->tmp, rel), *dst = join(st->dir, rel), *prev = prev_path(st, i);
    int rc = 0;
    struct stat sb;
    if (lstat(dst, &sb) == 0) {
        rc = rename(dst, prev);
        p->moves[i].had_old = rc == 0;
    }
    if (rc == 0 && rename(src, dst) != 0) {
        int saved = errno;
        if (p->moves[i].had_old)
            rename(prev, dst);
        p->moves[i].had_old = false;
        errno = saved;
        rc = -1;
    }
    free(src);
    free(dst);
    free(prev);
    return rc;
}

/* The earlier run's files this one did not write, and the folders they leave empty. */
static void remove_stale(const ddb_stage *st, const plan *p)
{
    for (size_t i = 0; i < st->old.n; i++) {
        const char *rel = st->old.names[i];
        if (ddb_manifest_lists(&p->files, rel) || !plain_path(st, rel))
            continue;
        char *path = join(st->dir, rel);
        unlink(path);
        for (char *s; (s = strrchr(path + strlen(st->dir), '/')) != NULL && s > path + strlen(st->dir);) {
            *s = '\0';
            if (rmdir(path) != 0)
                break;
        }
        free(path);
    }
}

static void plan_free(plan *p)
{
    ddb_manifest_files_destroy(&p->files);
    free(p->moves);
    for (size_t i = 0; i < p->n_made; i++)
        free(p->made[i]);
    free(p->made);
}

int ddb_stage_publish(ddb_stage *st, char *err, size_t errlen)
{
    plan p = {0};
    int rc = staged_files(st, &p, err, errlen);
    if (rc == 0 && (rc = check_targets(st, &p, err, errlen)) == 0) {
        for (; p.done < p.files.n; p.done++) {
            if (move_one(st, &p, p.done) != 0) {
                snprintf(err, errlen, "%s/%s: cannot write (%s)", st->dir, p.files.names[p.done],
                         strerror(errno));
                undo(st, &p);
                rc = -1;
                break;
            }
        }
    }
    if (rc == 0)
        remove_stale(st, &p);
    else
        ddb_stage_message(st, err, errlen);
    plan_free(&p);
    ddb_stage_remove_tree(st->tmp); /* the earlier files (.prev-I), or all that was staged */
    if (rc != 0)
        unmake(st);
    release(st);
    return rc;
}

char *ddb_stage_default_dir(const char *name)
{
    enum { MAX_NAME = 100 };
    char safe[MAX_NAME + 1];
    size_t n = 0;
    bool leading = true;
    for (const char *c = name; *c && n < MAX_NAME; c++) {
        unsigned char u = (unsigned char)*c;
        bool bad = u < 0x20 || u == 0x7f || u == '/' || u == '\\' || (leading && u == '.');
        leading = leading && u == '.';
        safe[n++] = bad ? '_' : (char)u;
    }
    safe[n] = '\0';
    size_t len = n + sizeof "out/" + sizeof "run";
    char *dir = ddb_xmalloc(len);
    snprintf(dir, len, "out/%s", n ? safe : "run");
    return dir;
}
