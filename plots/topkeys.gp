# topkeys.gp — the most accessed partition keys (as Contributor Insights lists them): one bar per
# key, its served requests in blue and its throttled ones in red on top.
# usage: gnuplot -c plots/topkeys.gp OUTDIR [OUT.png]
# Reads the rows of kind "accessed" of OUTDIR/keys.csv by column name; writes OUTDIR/topkeys.png
# and OUTDIR/topkeys.svg. Keys of a GSI are labelled "GSI: key".
NAME = "topkeys"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/keys.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }

acc(c) = (strcol("kind") eq "accessed") ? column(c) : NaN
# One bar per accessed row, in file order (keys.csv lists the accessed ranking first).
name(ix) = (ix eq "table") ? strcol("key") : strcol("index") . ": " . strcol("key")
stats [*:*][*:*] data using (acc("requests")) nooutput
nbars = STATS_records
top = STATS_max
stats [*:*][*:*] data using (acc("throttles")) nooutput
any_throttled = STATS_max > 0

set title "The most accessed partition keys: requests served and throttled" noenhanced
set ylabel "requests (whole run)"
set style fill solid 0.85 noborder
set boxwidth 0.7 relative
set xtics rotate by -35 left nomirror
set grid ytics
set yrange [0:top * 1.1]
set xrange [-0.6:nbars - 0.4]
set rmargin 8
set key top right
set bmargin 7

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    if (any_throttled) {
        plot data using 0:(acc("requests")):xtic(strcol("kind") eq "accessed" ? name(strcol("index")) : "") with boxes lc rgb "#d62728" title "throttled", \
             ""   using 0:(acc("requests") - acc("throttles")) with boxes lc rgb "#1f77b4" title "served"
    } else {
        plot data using 0:(acc("requests")):xtic(strcol("kind") eq "accessed" ? name(strcol("index")) : "") with boxes lc rgb "#1f77b4" title "served (none throttled)"
    }
}
set output
