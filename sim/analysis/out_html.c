/* out_html — report.html. See out_html.h. */
#include "sim/analysis/out_html.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/analysis/describe.h"
#include "sim/output/out_file.h"
#include "sim/output/schema.h"
#include "sim/support/strbuf.h"

/* Above this an SVG (thousands of heat-map cells) makes the page slow to open: its PNG stands in. */
#define SVG_INLINE_MAX_BYTES (6u << 20)

const ddb_html_plot ddb_html_plots[] = {
    {"capacity", "Capacity over time",
     "Consumed capacity per second (solid) against the provisioned rate (dashed; an on-demand table "
     "provisions nothing, so it has no dashed line), for the table and each GSI; the red bars are "
     "throttled requests per second (right axis)."},
    {"throttles", "Throttles by reason",
     "Throttle events per second, stacked by AWS's reason: ProvisionedThroughputExceeded means the "
     "table's capacity (its partition's share, saved burst and adaptive capacity) ran out; "
     "KeyRangeThroughputExceeded means a partition hit its hard cap, which no amount of provisioned "
     "capacity lifts."},
    {"heatmap", "Partition heat map",
     "One row per partition, one column per interval; the colour is how much of the partition's hard "
     "cap (" DDB_PARTITION_MAX_RCU_TEXT " or " DDB_PARTITION_MAX_WCU_TEXT
     ", whichever it used more of) it consumed. Dots mark intervals "
     "with throttles, triangles splits; grey means the partition did not exist yet."},
    {"latency", "Latency",
     "Left: p50 and p99 latency of completed requests over time, on a log scale (so that a p50 of a "
     "few milliseconds shows beside a p99 of seconds). Right: the distribution over the whole run "
     "(CDF) per operation, read where the curve crosses the dotted lines."},
    {"gsi", "Global secondary indexes",
     "Replication lag (how long a base-table write takes to reach the index) and the backlog of "
     "index updates waiting for capacity, with the base-table writes refused by back-pressure and "
     "the reads that found the index stale."},
    {"popularity", "Key popularity",
     "Requests of the most accessed partition keys by rank, on log-log axes: a Zipf-like workload "
     "is a straight line whose slope is minus its skew."},
    {"topkeys", "Top keys",
     "The most accessed partition keys (as Contributor Insights lists them): requests served in "
     "blue, throttled in red."},
};
const size_t ddb_html_n_plots = sizeof ddb_html_plots / sizeof ddb_html_plots[0];

/* ---- text ---- */

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char style[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f;"
    "background:#fafafa;margin:0}"
    "main{max-width:1000px;margin:0 auto;padding:24px 20px 48px}"
    "h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px;border-bottom:1px solid #ddd;"
    "padding-bottom:4px}"
    ".sub{color:#666;margin:0}"
    ".verdict{border-left:6px solid #c0392b;background:#fff;padding:12px 18px;border-radius:4px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.08)}"
    ".verdict.ok{border-color:#27ae60}.headline{font-size:18px;font-weight:600;margin:4px 0 8px}"
    ".advice{background:#fff8e1;padding:8px 12px;border-radius:4px}"
    "table{border-collapse:collapse;background:#fff;width:100%}"
    "td,th{border:1px solid #e3e3e3;padding:5px 10px;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3;font-weight:600;width:30%}"
    "figure{margin:0 0 28px;background:#fff;padding:12px;border-radius:4px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.08)}"
    "figure svg,figure img{display:block;max-width:100%;height:auto;margin:0 auto}"
    "figcaption{color:#444;font-size:14px;margin-top:8px}"
    ".note{color:#8a4b00}footer{color:#777;font-size:13px;margin-top:40px}";

static void head(FILE *f, const ddb_rundir *r)
{
    const char *name = ddb_rundir_str(r, "name");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
    /* Forbids every request: the page must not depend on (or leak to) the network. */
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n",
          f);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>ddbsim report: ", f);
    esc(f, name ? name : r->dir);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<header>\n<h1>", style);
    esc(f, name ? name : r->dir);
    fprintf(f, "</h1>\n<p class=\"sub\">ddbsim %s report: %g s simulated", DDBSIM_VERSION, r->duration_s);
    double seed = ddb_rundir_num(r, "seed", NAN);
    if (!isnan(seed))
        fprintf(f, ", seed %.0f", seed);
    fputs(", from ", f);
    esc(f, r->dir);
    fputs("/</p>\n</header>\n", f);
}

static void scenario_section(FILE *f, const char *words)
{
    fputs("<section id=\"scenario\">\n<h2>Scenario</h2>\n<p>", f);
    esc(f, words);
    fputs("</p>\n</section>\n", f);
}

static void verdict_section(FILE *f, const ddb_verdict *v)
{
    fprintf(f, "<section id=\"verdict\">\n<h2>Verdict</h2>\n<div class=\"verdict%s\">\n<p class=\"headline\">",
            v->kind == DDB_VERDICT_OK ? " ok" : "");
    esc(f, v->headline);
    fputs("</p>\n", f);
    if (v->n_findings) {
        fputs("<ul>\n", f);
        for (size_t i = 0; i < v->n_findings; i++) {
            fputs("<li>", f);
            esc(f, v->findings[i]);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    if (v->advice) {
        fputs("<p class=\"advice\"><strong>What to do:</strong> ", f);
        esc(f, v->advice);
        fputs("</p>\n", f);
    }
    fputs("</div>\n</section>\n", f);
}

/* ---- the summary table ---- */

static void row(FILE *f, const char *label, ddb_strbuf *value)
{
    fputs("<tr><th>", f);
    esc(f, label);
    fputs("</th><td>", f);
    esc(f, ddb_strbuf_str(value));
    fputs("</td></tr>\n", f);
    ddb_strbuf_free(value);
}

static void count_row(FILE *f, const ddb_rundir *r, const char *label, const char *path)
{
    ddb_strbuf b = {0};
    ddb_strbuf_number(&b, ddb_rundir_num(r, path, 0), 0);
    row(f, label, &b);
}

static void throttle_rows(FILE *f, const ddb_rundir *r)
{
    ddb_strbuf b = {0};
    double attempts = ddb_rundir_num(r, "totals.read_requests", 0) + ddb_rundir_num(r, "totals.write_requests", 0);
    double throttles = ddb_rundir_num(r, "totals.read_throttles", 0) + ddb_rundir_num(r, "totals.write_throttles", 0);
    ddb_strbuf_number(&b, throttles, 0);
    ddb_strbuf_puts(&b, " (");
    ddb_strbuf_percent(&b, ddb_rundir_num(r, "throttle_rate", attempts > 0 ? throttles / attempts : 0));
    ddb_strbuf_puts(&b, " of attempts: summary.json's throttle_rate)");
    row(f, "throttled", &b);
    const cJSON *it;
    cJSON_ArrayForEach(it, ddb_rundir_json(r, "throttles_by_reason"))
    {
        if (!cJSON_IsNumber(it) || it->valuedouble <= 0)
            continue;
        ddb_strbuf_number(&b, it->valuedouble, 0);
        row(f, it->string, &b);
    }
}

static void consumed_row(FILE *f, const ddb_rundir *r)
{
    ddb_strbuf b = {0};
    double rcu = ddb_rundir_num(r, "totals.consumed_rcu", 0), wcu = ddb_rundir_num(r, "totals.consumed_wcu", 0);
    double secs = r->duration_s > 0 ? r->duration_s : 1;
    ddb_strbuf_number(&b, rcu, 0);
    ddb_strbuf_puts(&b, " RCU and ");
    ddb_strbuf_number(&b, wcu, 0);
    ddb_strbuf_puts(&b, " WCU (");
    ddb_strbuf_number(&b, rcu / secs, 1);
    ddb_strbuf_puts(&b, " RCU/s and ");
    ddb_strbuf_number(&b, wcu / secs, 1);
    ddb_strbuf_puts(&b, " WCU/s on average)");
    row(f, "consumed", &b);
}

static void latency_row(FILE *f, const ddb_rundir *r)
{
    ddb_strbuf b = {0};
    if (ddb_rundir_latency_text(r, &b))
        row(f, "latency", &b);
    else
        ddb_strbuf_free(&b);
}

static void summary_section(FILE *f, const ddb_rundir *r)
{
    fputs("<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n", f);
    ddb_strbuf b = {0};
    ddb_describe_capacity(&b, r);
    row(f, "table", &b);
    count_row(f, r, "logical requests", "totals.logical_requests");
    count_row(f, r, "read attempts", "totals.read_requests");
    count_row(f, r, "write attempts", "totals.write_requests");
    count_row(f, r, "retries", "totals.retries");
    throttle_rows(f, r);
    count_row(f, r, "succeeded", "totals.succeeded");
    count_row(f, r, "failed", "totals.failed");
    consumed_row(f, r);
    latency_row(f, r);
    count_row(f, r, "distinct keys", "totals.distinct_keys");
    fputs("</table>\n</section>\n", f);
}

/* ---- plots ---- */

static bool starts(const char *s, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - s) >= n && memcmp(s, prefix, n) == 0;
}

/* Copy the quoted value at s (s points at the quote) with prefix inserted after `skip` characters
 * of it ("#" of a reference); returns the position after the closing quote. */
static const char *prefixed_value(FILE *f, const char *s, const char *end, size_t skip, const char *prefix)
{
    char quote = *s;
    fputc(quote, f);
    s++;
    for (size_t i = 0; i < skip && s < end; i++)
        fputc(*s++, f);
    fprintf(f, "%s-", prefix);
    while (s < end && *s != quote)
        fputc(*s++, f);
    if (s < end)
        fputc(*s++, f);
    return s;
}

/* Skip a namespace declaration ( xmlns="…" or xmlns:x="…"): inline SVG in HTML needs none, and
 * its URI would read as a web address. */
static const char *skip_xmlns(const char *s, const char *end)
{
    const char *q = memchr(s, '=', (size_t)(end - s));
    if (!q || q + 1 >= end || (q[1] != '"' && q[1] != '\''))
        return s;
    const char *close = memchr(q + 2, q[1], (size_t)(end - q - 2));
    return close ? close + 1 : s;
}

/* Write the <svg> element of an SVG file into the page: the XML prolog and namespace
 * declarations dropped, every id and reference to one prefixed with the plot's name (gnuplot
 * names its symbols the same in every file), a class and a label added. */
static void inline_svg(FILE *f, const char *svg, size_t len, const ddb_html_plot *p)
{
    const char *s = strstr(svg, "<svg"), *end = svg + len;
    if (!s)
        return;
    fputs("<svg class=\"plot\" role=\"img\" aria-label=\"", f);
    esc(f, p->title);
    fputc('"', f);
    s += 4;
    while (s < end) {
        if (isspace((unsigned char)*s) && starts(s + 1, end, "xmlns")) {
            const char *next = skip_xmlns(s + 1, end);
            if (next != s + 1) {
                s = next;
                continue;
            }
        }
        if (isspace((unsigned char)*s) && (starts(s + 1, end, "id='") || starts(s + 1, end, "id=\""))) {
            fputs(" id=", f);
            s = prefixed_value(f, s + 4, end, 0, p->name);
        } else if (starts(s, end, "href='#") || starts(s, end, "href=\"#")) {
            fputs("href=", f);
            s = prefixed_value(f, s + 5, end, 1, p->name);
        } else if (starts(s, end, "url(#")) {
            fprintf(f, "url(#%s-", p->name);
            s += 5;
        } else {
            fputc(*s++, f);
        }
    }
    fputc('\n', f);
}

static void base64(FILE *f, const unsigned char *d, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
        fputc(tab[v >> 18 & 63], f);
        fputc(tab[v >> 12 & 63], f);
        fputc(i + 1 < n ? tab[v >> 6 & 63] : '=', f);
        fputc(i + 2 < n ? tab[v & 63] : '=', f);
    }
}

static bool png_figure(FILE *f, const ddb_rundir *r, const ddb_html_plot *p)
{
    char name[64], err[256];
    size_t len;
    snprintf(name, sizeof name, "%s.png", p->name);
    char *png = ddb_rundir_slurp(r, name, &len, err, sizeof err);
    if (!png)
        return false;
    fputs("<img alt=\"", f);
    esc(f, p->title);
    fputs("\" src=\"data:image/png;base64,", f);
    base64(f, (const unsigned char *)png, len);
    fputs("\">\n", f);
    free(png);
    return true;
}

/* Returns the number of plots shown. */
static size_t plots_section(FILE *f, const ddb_rundir *r, const char *note)
{
    fputs("<section id=\"plots\">\n<h2>Plots</h2>\n", f);
    if (note) {
        fputs("<p class=\"note\">", f);
        esc(f, note);
        fputs("</p>\n", f);
    }
    size_t shown = 0;
    for (size_t i = 0; i < ddb_html_n_plots; i++) {
        const ddb_html_plot *p = &ddb_html_plots[i];
        char name[64], err[256];
        size_t len;
        snprintf(name, sizeof name, "%s.svg", p->name);
        char *svg = ddb_rundir_slurp(r, name, &len, err, sizeof err);
        if (!svg)
            continue; /* not drawn: the run has no such data, or gnuplot was missing */
        fprintf(f, "<figure id=\"plot-%s\">\n<h3>", p->name);
        esc(f, p->title);
        fputs("</h3>\n", f);
        if (len <= SVG_INLINE_MAX_BYTES || !png_figure(f, r, p))
            inline_svg(f, svg, len, p);
        fprintf(f, "<figcaption>");
        esc(f, p->caption);
        fprintf(f, " (%s.png, %s.svg)</figcaption>\n</figure>\n", p->name, p->name);
        free(svg);
        shown++;
    }
    if (!shown && !note)
        fputs("<p class=\"note\">No plots: run <code>ddbsim plot</code> on this folder to draw them.</p>\n", f);
    fputs("</section>\n", f);
    return shown;
}

static void numbers_section(FILE *f, const ddb_verdict *v)
{
    fputs("<section id=\"numbers\">\n<h2>The numbers behind the verdict</h2>\n<table class=\"numbers\">\n", f);
    for (size_t i = 0; i < v->n_numbers; i++) {
        fputs("<tr><th>", f);
        esc(f, v->numbers[i].label);
        fputs("</th><td>", f);
        esc(f, v->numbers[i].value);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n</section>\n", f);
}

int ddb_html_report_write(const ddb_rundir *r, const ddb_verdict *v, const char *scenario_words,
                          const char *note, char *err, size_t errlen)
{
    ddb_outfile o = {0};
    if (ddb_outfile_open(&o, r->dir, "report.html", err, errlen) != 0)
        return -1;
    head(o.f, r);
    scenario_section(o.f, scenario_words);
    verdict_section(o.f, v);
    summary_section(o.f, r);
    plots_section(o.f, r, note);
    numbers_section(o.f, v);
    fputs("<footer>Written by ddbsim from the files in this folder; every plot is drawn by a gnuplot "
          "script in ddbsim's plots/ and can be redrawn with <code>ddbsim plot</code>.</footer>\n"
          "</main>\n</body>\n</html>\n",
          o.f);
    return ddb_outfile_commit(&o, err, errlen);
}
