/* Tests of report.html (sim/out_html) without gnuplot: the page's structure (title, scenario,
 * verdict, summary table, one inlined <svg> per plot file, the numbers), and that it is
 * self-contained: no address, no script, ids made unique per plot, nothing half-written. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/analysis/describe.h"
#include "sim/analysis/out_html.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"
#include "sim/output/manifest.h"
#include "tests/testlib.h"

static char tmp[] = "/tmp/ddbsim-test-html-XXXXXX";

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmp))
        return -1;
    const char *root = getenv("DDBSIM_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s'/tests/fixtures/run-gsi-split/*.* '%s'", root ? root : ".", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ddb_test_rmdir(tmp);
}

/* What gnuplot's svg terminal writes, in miniature: prolog, namespaces, ids and references. */
static const char svg_text[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
    "<svg \n width=\"900\" height=\"500\"\n viewBox=\"0 0 900 500\"\n"
    " xmlns=\"http://www.w3.org/2000/svg\"\n xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n"
    "<title>Gnuplot</title>\n<g id=\"gnuplot_canvas\">\n<defs>\n"
    "\t<path id='gpPt0' d='M-1,0 h2'/>\n\t<use xlink:href='#gpPt0' id='gpPt1'/>\n</defs>\n"
    "<clipPath id='clip1'><rect x='0' y='0' width='9' height='9'/></clipPath>\n"
    "<g clip-path='url(#clip1)'><text>ORDER#17 &lt;a&gt;</text></g>\n</g>\n</svg>\n";

/* report.html's text; valid until the next call. */
static const char *read_report(void)
{
    static char *html;
    free(html);
    html = ddb_test_read(tmp, "report.html", NULL);
    return html;
}

static size_t count(const char *s, const char *part)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, part)); p += strlen(part))
        n++;
    return n;
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("report.html does not contain \"%s\"", part);
}

static void write_report(const char *note)
{
    ddb_rundir r;
    char err[1024];
    if (ddb_rundir_load(&r, tmp, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    char *words = ddb_describe_scenario(&r);
    if (ddb_html_report_write(&r, &v, words, note, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(words);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void test_structure(void **state)
{
    (void)state;
    ddb_test_write(tmp, "capacity.svg", svg_text);
    ddb_test_write(tmp, "heatmap.svg", svg_text);
    ddb_test_write(tmp, "gsi.svg", svg_text);
    static const char *const plots[] = {"capacity.svg", "heatmap.svg", "gsi.svg"};
    char err[1024];
    if (ddb_manifest_update(tmp, NULL, 0, plots, 3, err, sizeof err) != 0) /* as ddbsim plot does */
        fail_msg("%s", err);
    write_report(NULL);
    const char *html = read_report();
    assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    assert_contains(html, "<title>ddbsim report: gsi-split</title>");
    assert_contains(html, "<section id=\"scenario\">");
    assert_contains(html, "A provisioned table of 3,000 RCU and 2,000 WCU");
    assert_contains(html, "<section id=\"verdict\">");
    assert_contains(html, "<p class=\"headline\">Hot partition: partition #1 hit its hard cap of 1,000 WCU/s");
    assert_contains(html, "<li>1 partition split: partition #1 at 5 s (for heat: 1 -&gt; 1, 2).</li>");
    assert_contains(html, "<table class=\"summary\">");
    assert_contains(html, "<tr><th>logical requests</th><td>24,000</td></tr>");
    assert_contains(html, "<tr><th>TableWriteKeyRangeThroughputExceeded</th><td>500</td></tr>");
    assert_contains(html, "<section id=\"numbers\">");
    /* One inlined SVG per plot file, in the report's order, ids unique per plot. */
    assert_int_equal(count(html, "<svg"), 3);
    assert_int_equal(count(html, "<figure id=\"plot-"), 3);
    assert_true(strstr(html, "id=\"plot-capacity\"") < strstr(html, "id=\"plot-heatmap\""));
    assert_true(strstr(html, "id=\"plot-heatmap\"") < strstr(html, "id=\"plot-gsi\""));
    assert_contains(html, "<svg class=\"plot\" role=\"img\" aria-label=\"Capacity over time\" \n width=\"900\"");
    assert_contains(html, "<path id='heatmap-gpPt0'");
    assert_contains(html, "<use xlink:href='#heatmap-gpPt0' id='heatmap-gpPt1'/>");
    assert_contains(html, "clip-path='url(#gsi-clip1)'");
    assert_contains(html, "<g id=\"capacity-gnuplot_canvas\">");
    assert_contains(html, "ORDER#17 &lt;a&gt;");
    /* Self-contained: no address to fetch, no script, a policy that forbids requests. */
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<?xml"));
    assert_contains(html, "Content-Security-Policy\" content=\"default-src 'none'");
    assert_int_equal(access("report.html.partial", F_OK), -1);
}

static void test_note_without_plots(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.svg", tmp);
    assert_int_equal(system(cmd), 0);
    static const char *const plots[] = {"capacity.svg", "heatmap.svg", "gsi.svg"};
    char err[1024];
    if (ddb_manifest_update(tmp, plots, 3, NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    write_report("Plots not drawn: gnuplot was not found");
    const char *html = read_report();
    assert_int_equal(count(html, "<svg"), 0);
    assert_contains(html, "<p class=\"note\">Plots not drawn: gnuplot was not found</p>");
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q partial", tmp);
    assert_int_not_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_note_without_plots),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
