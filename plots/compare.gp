# compare.gp — key designs side by side (ddbsim compare -o DIR): on the left each design's
# throttle rate, on the right its hottest partition's peak and its hottest key's ask, both as a
# share of a partition's hard cap, with the 100% line a single key can never cross. Each design
# is named under its bars in full, wrapped to the width of its slot.
# usage: gnuplot -c plots/compare.gp OUTDIR [OUT.png]
# Reads OUTDIR/compare.csv by column name; writes OUTDIR/compare.png and OUTDIR/compare.svg.
NAME = "compare"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/compare.csv"
if (!readable(data)) { print NAME . ".gp: cannot read " . data . " (is OUTDIR a ddbsim compare output folder?)"; exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }

stats [*:*][*:*] data using "throttle_rate" nooutput
ndesigns = STATS_records
top_rate = STATS_max * 100
stats [*:*][*:*] data using "hottest_partition_utilization" nooutput
top_util = STATS_max * 100
stats [*:*][*:*] data using "hottest_key_utilization" nooutput
top_util = (STATS_max * 100 > top_util) ? STATS_max * 100 : top_util
top_util = (top_util < 100) ? 100 : top_util

# A design's slot is the panel's plot width (about W / 2 - 90 px) over the designs; its label
# takes at most 80% of it, at up to 8 px a character (capitals and # are wide), broken every
# `per_line` characters (a key design has no spaces to break at).
per_line = int(0.8 * (W / 2 - 90) / ndesigns / 8)
per_line = (per_line < 4) ? 4 : per_line
wrap(s, w) = (strlen(s) <= w) ? s : s[1:w] . "\n" . wrap(s[w + 1:], w)
stats [*:*][*:*] data using (strlen(strcol("design"))) nooutput
nlines = ceil(STATS_max / per_line)
H = H + ((nlines > 4) ? (nlines - 4) * 13 : 0)

set style fill solid 0.85 noborder
set xtics nomirror
set grid ytics
set xrange [-0.6:ndesigns - 0.4]
set bmargin nlines + 2
set key top right

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    set multiplot layout 1,2 title "Key designs compared (same workload, same seed)"
    set title "throttle rate"
    set ylabel "throttled attempts (%)"
    set yrange [0:(top_rate > 0 ? top_rate * 1.15 : 1)]
    set boxwidth 0.6 relative
    plot data using 0:(column("throttle_rate") * 100):xtic(wrap(strcol("design"), per_line)) with boxes lc rgb "#d62728" notitle
    set title "share of a partition's hard cap"
    set ylabel "% of the hard cap (3,000 RCU/s, 1,000 WCU/s)"
    set yrange [0:top_util * 1.15]
    set boxwidth 0.35 absolute
    plot data using ($0 - 0.18):(column("hottest_partition_utilization") * 100):xtic(wrap(strcol("design"), per_line)) with boxes lc rgb "#1f77b4" title "hottest partition (peak)", \
         ""   using ($0 + 0.18):(column("hottest_key_utilization") * 100) with boxes lc rgb "#ff7f0e" title "hottest key (asked)", \
         100 with lines dt 2 lc rgb "black" title "hard cap"
    unset multiplot
}
set output
