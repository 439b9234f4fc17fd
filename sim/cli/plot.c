/* plot — draw a run's plots with gnuplot, then write its report.html.
 *
 * gnuplot is a run-time dependency only: each plots/NAME.gp reads the run's CSV files by column
 * name and writes OUTDIR/NAME.png and NAME.svg. gnuplot is started with posix_spawnp and an argv
 * array (never a shell string: OUTDIR may hold any character), all scripts at once, then waited
 * for in order.
 */
#define _XOPEN_SOURCE 700 /* posix_spawnp */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sim/support/alloc.h"
#include "sim/support/datadir.h"
#include "sim/scenario/scenario.h"
#include "sim/support/errmsg.h"
#include "sim/cli/cli.h"
#include "sim/analysis/describe.h"
#include "sim/analysis/out_html.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"
#include "sim/output/schema.h"
#include "sim/output/stage.h"
#include "sim/support/interrupt.h"

extern char **environ;

static const char plot_usage[] =
    "usage: ddbsim plot OUTDIR [--gif] [--quiet]\n"
    "\n"
    "Draws the plots of a run's output folder with gnuplot -- OUTDIR/NAME.png and NAME.svg for each\n"
    "script plots/NAME.gp whose input the run produced -- then writes OUTDIR/report.html, one\n"
    "self-contained page with the scenario in words, the verdict, the summary and the plots.\n"
    "  --gif          also draw OUTDIR/heatmap-animated.gif, the heat map over time (for classes)\n"
    "  -q, --quiet    print nothing on success\n"
    "\n"
    "The scripts are taken from $DDBSIM_PLOTS_DIR when it is set, else from the data folder's\n"
    "plots/ (now %s/plots; see ddbsim --version).\n"
    "gnuplot must be on PATH (Debian: apt-get install gnuplot-nox); without it the report is still\n"
    "written, without plots.\n"
    "Exit status: 0 done, 1 bad input, a script failed or gnuplot is missing, 2 bad usage.\n";

/* A script, the file it draws from, and whether it is drawn only on request (--gif). */
typedef struct script {
    const char *name;
    const ddb_file_schema *input;
    bool gif;
} script;

static const script scripts[] = {
    {"capacity", &ddb_schema_timeseries, false}, {"throttles", &ddb_schema_timeseries, false},
    {"heatmap", &ddb_schema_partitions, false},  {"latency", &ddb_schema_latency, false},
    {"gsi", &ddb_schema_gsi, false},             {"popularity", &ddb_schema_keys, false},
    {"topkeys", &ddb_schema_keys, false},        {"heatmap-animated", &ddb_schema_partitions, true},
};
enum { N_SCRIPTS = sizeof scripts / sizeof scripts[0] };

static char *join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

/* A script applies when the manifest lists its input and it has a row below the header: 1, 0,
 * or -1 when the input is not a regular file (a symlink to /dev/zero would be read for ever),
 * with the message printed. */
static int applies(const ddb_rundir *r, const char *outdir, const script *s)
{
    if (!ddb_manifest_lists(&r->files, s->input->file))
        return 0;
    char *path = join(outdir, s->input->file, "");
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        char shown[512];
        fprintf(stderr, "ddbsim: %s: not a regular file (expected a CSV file of the run)\n",
                ddb_escape(path, shown, sizeof shown));
        free(path);
        return -1;
    }
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return 0;
    int c, newlines = 0;
    bool content_after_header = false;
    while ((c = getc(f)) != EOF && !content_after_header) {
        if (c == '\n')
            newlines++;
        else if (newlines >= 1 && c != '\r')
            content_after_header = true;
    }
    fclose(f);
    return content_after_header ? 1 : 0;
}

/* ---- where the scripts are ---- */

static bool has_scripts(const char *dir)
{
    char *p = join(dir, "common.gp", "");
    bool ok = access(p, R_OK) == 0;
    free(p);
    return ok;
}

/* The plot scripts' directory (allocated), or NULL with the message printed. */
static char *plots_dir(void)
{
    const char *env = getenv("DDBSIM_PLOTS_DIR");
    if (env && *env) {
        if (has_scripts(env))
            return ddb_xstrdup(env);
        fprintf(stderr, "ddbsim: DDBSIM_PLOTS_DIR=%s: no plot scripts there (no common.gp)\n", env);
        return NULL;
    }
    char *dir = ddb_datadir_path("plots");
    if (has_scripts(dir))
        return dir;
    fprintf(stderr, "ddbsim: cannot find the plot scripts in %s (no common.gp): set DDBSIM_DATA_DIR to "
                    "ddbsim's data folder or DDBSIM_PLOTS_DIR to the scripts' folder\n", dir);
    free(dir);
    return NULL;
}

bool ddb_plot_scripts_found(void)
{
    char *dir = plots_dir();
    free(dir);
    return dir != NULL;
}

/* ---- running gnuplot ---- */

/* Start `gnuplot -c DIR/NAME.gp OUTDIR [OUT.png]` (out NULL: OUTDIR/NAME.png). Returns 0, or the
 * errno of the failed start (ENOENT: gnuplot is not on PATH). */
static int spawn_script(const char *dir, const char *name, const char *outdir, const char *out,
                        pid_t *pid)
{
#ifdef __EMSCRIPTEN__
    /* WebAssembly starts no process: as if gnuplot were not installed. */
    (void)dir, (void)name, (void)outdir, (void)out, (void)pid;
    return ENOENT;
#else
    char *argv[] = {ddb_xstrdup("gnuplot"), ddb_xstrdup("-c"), join(dir, name, ".gp"),
                    ddb_xstrdup(outdir), out ? ddb_xstrdup(out) : NULL, NULL};
    int rc = posix_spawnp(pid, "gnuplot", NULL, NULL, argv, environ);
    for (int i = 0; argv[i]; i++)
        free(argv[i]);
    return rc;
#endif
}

static bool waited_ok(pid_t pid, const char *dir, const char *name)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "ddbsim: %s/%s.gp: lost track of gnuplot (%s)\n", dir, name, strerror(errno));
            return false;
        }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return true;
    if (WIFEXITED(st))
        fprintf(stderr, "ddbsim: %s/%s.gp failed (gnuplot exit status %d)\n", dir, name, WEXITSTATUS(st));
    else
        fprintf(stderr, "ddbsim: %s/%s.gp failed (gnuplot killed by signal %d)\n", dir, name,
                WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return false;
}

static const char *const exts[] = {".png", ".svg", ".gif"};
enum { N_EXTS = sizeof exts / sizeof exts[0] };

/* A script's earlier outputs (the manifest lists them: ours, not the user's) are removed before it
 * draws again, or when it does not apply any more, so that none is shown as this run's. */
static void remove_outputs(const ddb_rundir *r, const char *outdir, const script *s)
{
    for (size_t i = 0; i < N_EXTS; i++) {
        char *name = join("", s->name, exts[i]);
        char *p = join(outdir, s->name, exts[i]);
        if (ddb_manifest_lists(&r->files, name + 1))
            unlink(p);
        free(p);
        free(name);
    }
}

/* A file of a script's output name that no manifest lists is someone else's: not drawn over. */
static bool outputs_free(const ddb_rundir *r, const char *outdir, const script *s)
{
    for (size_t i = 0; i < N_EXTS; i++) {
        char *name = join("", s->name, exts[i]);
        char *p = join(outdir, s->name, exts[i]);
        bool taken = access(p, F_OK) == 0 && !ddb_manifest_lists(&r->files, name + 1);
        if (taken)
            fprintf(stderr, "ddbsim: %s: exists and the manifest does not list it: %s not drawn\n",
                    p, s->name);
        free(p);
        free(name);
        if (taken)
            return false;
    }
    return true;
}

typedef struct plot_result {
    bool gnuplot_missing;
    size_t drawn, failed;
    char drawn_names[N_SCRIPTS][24];
    bool redrawn[N_SCRIPTS];    /* its earlier outputs were removed: drawn again or not at all */
} plot_result;

/* Move a script's images from the drawing folder into outdir. Returns false (said why) when one
 * cannot be moved; the images moved stay, the manifest lists only what is there. */
static bool move_images(const char *tmp, const char *outdir, const char *name)
{
    bool ok = true;
    for (size_t k = 0; k < N_EXTS; k++) {
        char *from = join(tmp, name, exts[k]);
        char *to = join(outdir, name, exts[k]);
        if (access(from, F_OK) == 0 && rename(from, to) != 0) {
            fprintf(stderr, "ddbsim: %s: cannot write (%s)\n", to, strerror(errno));
            ok = false;
        }
        free(from);
        free(to);
    }
    return ok;
}

/* gnuplot draws into a private folder inside outdir (named as a staging folder, so that one left
 * by a killed ddbsim is removed by the next writer), and a finished image is moved into outdir:
 * an interrupted or failed script leaves no half-drawn image under a final name. After SIGINT,
 * SIGTERM or SIGHUP nothing drawn is moved (plot_and_report then stops). */
static void draw(const ddb_rundir *r, const char *outdir, const char *dir, bool gif,
                 plot_result *res)
{
    char *tmp = join(outdir, DDB_STAGE_TMP_PREFIX "XXXXXX", "");
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "ddbsim: %s: cannot make a folder to draw in (%s)\n", outdir, strerror(errno));
        res->failed++;
        free(tmp);
        return;
    }
    pid_t pids[N_SCRIPTS];
    bool started[N_SCRIPTS] = {false};
    for (size_t i = 0; i < N_SCRIPTS && !res->gnuplot_missing; i++) {
        const script *s = &scripts[i];
        if (s->gif && !gif)
            continue;
        res->redrawn[i] = true;
        remove_outputs(r, outdir, s);
        int use = applies(r, outdir, s);
        if (use < 0)
            res->failed++;
        if (use <= 0 || !outputs_free(r, outdir, s))
            continue;
        char *out = join(tmp, s->name, ".png");
        int rc = spawn_script(dir, s->name, outdir, out, &pids[i]);
        free(out);
        if (rc == ENOENT) {
            res->gnuplot_missing = true;
        } else if (rc != 0) {
            fprintf(stderr, "ddbsim: %s/%s.gp: cannot start gnuplot (%s)\n", dir, s->name, strerror(rc));
            res->failed++;
        } else {
            started[i] = true;
        }
    }
    for (size_t i = 0; i < N_SCRIPTS; i++) {
        if (!started[i])
            continue;
        if (waited_ok(pids[i], dir, scripts[i].name) && !ddb_interrupt_signal() &&
            move_images(tmp, outdir, scripts[i].name))
            snprintf(res->drawn_names[res->drawn++], sizeof res->drawn_names[0], "%s", scripts[i].name);
        else
            res->failed++;
    }
    ddb_stage_remove_tree(tmp);
    free(tmp);
}

static void gnuplot_missing_message(const char *outdir)
{
    fprintf(stderr, "ddbsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox) to draw the "
                    "plots; the CSV files are in %s\n", outdir);
}

/* ---- the report ---- */

static int write_report(const ddb_rundir *r, const plot_result *res)
{
    ddb_verdict v;
    ddb_verdict_make(&v, r);
    char *words = ddb_describe_scenario(r);
    const char *note = res->gnuplot_missing
                           ? "Plots not drawn: gnuplot was not found (Debian: apt-get install gnuplot-nox); "
                             "run ddbsim plot on this folder once it is installed."
                       : res->failed ? "Some plots could not be drawn: see the messages of ddbsim plot."
                                     : NULL;
    char err[1024];
    int rc = ddb_html_report_write(r, &v, words, note, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ddbsim: %s\n", err);
    free(words);
    ddb_verdict_destroy(&v);
    return rc;
}

static void print_outputs(const char *outdir, const plot_result *res)
{
    if (res->drawn) {
        printf("Plots: %s/{", outdir);
        for (size_t i = 0; i < res->drawn; i++)
            printf("%s%s", i ? "," : "", res->drawn_names[i]);
        printf("}.png and .svg\n");
    }
    printf("Report: %s/report.html\n", outdir);
}

/* A report.html no manifest lists is someone else's: not replaced. */
static bool report_free(const ddb_rundir *r, const char *outdir)
{
    char *p = join(outdir, "report.html", "");
    bool taken = access(p, F_OK) == 0 && !ddb_manifest_lists(&r->files, "report.html");
    if (taken)
        fprintf(stderr, "ddbsim: %s: exists and the manifest does not list it: not replaced\n", p);
    free(p);
    return !taken;
}

/* The manifest lists the plots drawn now and no earlier plot (those were removed); with report,
 * report.html too. Returns 0, or -1 with the message printed. */
static int update_manifest(const char *outdir, const plot_result *res, bool report)
{
    const char *drop[N_SCRIPTS * N_EXTS + 1], *add[N_SCRIPTS * N_EXTS + 1];
    char *names[N_SCRIPTS * N_EXTS];
    size_t n_drop = 0, n_add = 0;
    for (size_t i = 0; i < N_SCRIPTS; i++)
        for (size_t k = 0; k < N_EXTS; k++) {
            char *name = names[i * N_EXTS + k] = join("", scripts[i].name, exts[k]);
            if (res->redrawn[i])
                drop[n_drop++] = name + 1;
            char *p = join(outdir, scripts[i].name, exts[k]);
            for (size_t d = 0; d < res->drawn; d++)
                if (!strcmp(res->drawn_names[d], scripts[i].name) && access(p, F_OK) == 0)
                    add[n_add++] = name + 1;
            free(p);
        }
    if (report) /* the plots are listed already: only the report is added */
        n_drop = n_add = 0;
    if (report)
        add[n_add++] = "report.html";
    char err[DDB_ERR_MAX];
    int rc = ddb_manifest_update(outdir, drop, n_drop, add, n_add, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ddbsim: %s\n", err);
    for (size_t i = 0; i < N_SCRIPTS * N_EXTS; i++)
        free(names[i]);
    return rc;
}

/* Plot outdir (its files already checked into r) and write the report. Returns the exit status. */
static int plot_and_report(ddb_rundir *r, const char *outdir, bool gif, bool quiet)
{
    plot_result res = {0};
    char *dir = plots_dir();
    char err[DDB_ERR_MAX];
    int lock = ddb_stage_lock(outdir, err, sizeof err);
    if (lock < 0) {
        fprintf(stderr, "%s\n", err);
        free(dir);
        return DDB_EXIT_INPUT;
    }
    if (dir)
        draw(r, outdir, dir, gif, &res);
    if (res.gnuplot_missing)
        gnuplot_missing_message(outdir);
    if (ddb_interrupt_signal()) { /* the earlier plots removed stay unlisted; the run is intact */
        update_manifest(outdir, &res, false);
        close(lock);
        free(dir);
        fprintf(stderr, "ddbsim plot: interrupted by %s: plots not drawn; the run in %s is intact\n",
                ddb_interrupt_name(), outdir);
        return ddb_interrupt_exit_status();
    }
    /* The report embeds the plots, which it reads only when the manifest lists them. */
    int rc = update_manifest(outdir, &res, false);
    ddb_manifest_files_destroy(&r->files);
    if (rc == 0 && ddb_manifest_read(outdir, &r->files, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        rc = -1;
    }
    if (rc == 0 && !report_free(r, outdir))
        rc = -1;
    if (rc == 0)
        rc = write_report(r, &res);
    if (rc == 0)
        rc = update_manifest(outdir, &res, true);
    close(lock);
    if (rc == 0 && !quiet)
        print_outputs(outdir, &res);
    bool found = dir != NULL;
    free(dir);
    return (rc != 0 || !found || res.gnuplot_missing || res.failed) ? DDB_EXIT_INPUT : DDB_EXIT_OK;
}

int ddb_cmd_plot(int argc, char **argv)
{
    const char *outdir = NULL;
    bool gif = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            printf(plot_usage, ddb_datadir());
            return DDB_EXIT_OK;
        } else if (!strcmp(arg, "--gif")) {
            gif = true;
        } else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
            quiet = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "ddbsim plot: unknown option '%s' (see ddbsim plot --help)\n", arg);
            return DDB_EXIT_USAGE;
        } else if (outdir) {
            fprintf(stderr, "ddbsim plot: one folder at a time (got %s and %s)\n", outdir, arg);
            return DDB_EXIT_USAGE;
        } else {
            outdir = arg;
        }
    }
    if (!outdir) {
        fprintf(stderr, plot_usage, ddb_datadir());
        return DDB_EXIT_USAGE;
    }
    ddb_rundir r;
    if (!ddb_load_run_folder(&r, outdir))
        return DDB_EXIT_INPUT;
    ddb_interrupt_install();
    int status = plot_and_report(&r, outdir, gif, quiet);
    ddb_rundir_destroy(&r);
    return status;
}

static bool plot_one_from(const char *dir, const char *outdir, const char *name)
{
    pid_t pid;
    int rc = spawn_script(dir, name, outdir, NULL, &pid);
    if (rc == ENOENT) {
        fprintf(stderr, "ddbsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox) and run "
                        "gnuplot -c %s/%s.gp %s to draw %s/%s.png\n", dir, name, outdir, outdir, name);
        return false;
    }
    if (rc != 0) {
        fprintf(stderr, "ddbsim: %s/%s.gp: cannot start gnuplot (%s)\n", dir, name, strerror(rc));
        return false;
    }
    return waited_ok(pid, dir, name);
}

bool ddb_plot_one(const char *outdir, const char *name)
{
    char *dir = plots_dir();
    if (!dir)
        return false;
    bool ok = plot_one_from(dir, outdir, name);
    free(dir);
    return ok;
}

int ddb_plot_after_run(const char *outdir, bool plot, bool quiet)
{
    if (!plot)
        return 0; /* an earlier run's plots went with it (sim/output/stage.h) */
    ddb_rundir r;
    char err[1024];
    if (ddb_rundir_load(&r, outdir, err, sizeof err) != 0) {
        fprintf(stderr, "ddbsim: cannot plot: %s\n", err);
        return 0;
    }
    int status = plot_and_report(&r, outdir, false, quiet);
    ddb_rundir_destroy(&r);
    return ddb_interrupt_signal() ? status : 0;
}
