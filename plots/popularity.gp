# popularity.gp — key popularity: requests of the most accessed partition keys by rank, log–log
# (a Zipf-like workload is a straight line of slope −θ), one line per table and GSI.
# usage: gnuplot -c plots/popularity.gp OUTDIR [OUT.png]
# Reads the rows of kind "accessed" of OUTDIR/keys.csv by column name (as many as the scenario's
# output.top_keys asked for); writes OUTDIR/popularity.png and OUTDIR/popularity.svg.
NAME = "popularity"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/keys.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "index"; eval DISTINCT
indexes = names
n = words(indexes)

acc(ix, c) = (strcol("kind") eq "accessed" && strcol("index") eq ix) ? column(c) : NaN
# The slope of log(requests) against log(rank), by least squares (stats of two columns): how
# steeply popularity falls, without `fit` (which stops the script when it cannot converge).
array slope_text[n]
do for [i=1:n] {
    stats [*:*][*:*] data using (acc(word(indexes, i), "rank") > 0 ? 1 : 0) nooutput
    slope_text[i] = ""
    if (STATS_sum >= 3) {
        stats [*:*][*:*] data using (log(acc(word(indexes, i), "rank"))):(log(acc(word(indexes, i), "requests"))) nooutput
        slope_text[i] = sprintf(" (slope %.2f)", STATS_slope)
    }
}
stats [*:*][*:*] data using (strcol("kind") eq "accessed" ? column("requests") : NaN) nooutput
req_lo = STATS_min > 0 ? STATS_min : 1
req_hi = STATS_max > req_lo ? STATS_max : req_lo

set title "Key popularity: requests of the most accessed partition keys (log-log)" noenhanced
set xlabel "rank (1 = most requested)"
set ylabel "requests"
set logscale xy
set grid
set key top right
stats [*:*][*:*] data using "rank" nooutput
set xrange [0.8:(STATS_max < 2 ? 2 : STATS_max) * 1.25]
set yrange [req_lo / 2:req_hi * 2]

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    plot for [i=1:n] data using (acc(word(indexes, i), "rank")):(acc(word(indexes, i), "requests")) \
         with linespoints lw 2 pt 7 lc i title word(indexes, i) . slope_text[i]
}
set output
