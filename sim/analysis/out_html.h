/* out_html — report.html: one self-contained page per run, for people who would rather look than
 * read CSV: the scenario in words, the verdict, the summary table, the plots, the numbers behind
 * the verdict.
 *
 * Self-contained: styles inline, every plot's SVG (OUTDIR/NAME.svg, drawn by plots/NAME.gp)
 * inlined into the page, no script, and a Content-Security-Policy that forbids any request — the
 * page can be mailed or archived and opens the same offline. The SVGs' ids are prefixed per plot
 * so that several can share one page; an SVG too large to inline well (a very long run's heat
 * map) is replaced by its PNG as a data: URI.
 *
 * Written as OUTDIR/.report.html.partial and renamed (sim/output/out_file.h).
 */
#ifndef DDB_OUT_HTML_H
#define DDB_OUT_HTML_H

#include <stddef.h>
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"

/* The plots a report shows, in order, by script name (plots/NAME.gp writes NAME.png/NAME.svg). */
typedef struct ddb_html_plot {
    const char *name, *title, *caption;
} ddb_html_plot;
extern const ddb_html_plot ddb_html_plots[];
extern const size_t ddb_html_n_plots;

/* Write r->dir/report.html. scenario_words: the scenario in a paragraph (sim/analysis/describe.h); note: a
 * line to show above the plots (why some are missing), or NULL. Returns 0, or -1 with one line
 * naming the file that could not be read or written. */
int ddb_html_report_write(const ddb_rundir *r, const ddb_verdict *v, const char *scenario_words,
                          const char *note, char *err, size_t errlen);

#endif
