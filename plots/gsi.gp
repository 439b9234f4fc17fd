# gsi.gp — global secondary indexes: replication lag percentiles (top) and the backlog of index
# updates waiting, with the base-table writes refused by back-pressure and the stale reads
# (bottom). One line per GSI.
# usage: gnuplot -c plots/gsi.gp OUTDIR [OUT.png]
# Reads OUTDIR/gsi.csv (t_s,gsi,lag_p50_ms,lag_p99_ms,lag_max_ms,backlog,backpressure_throttles,
# stale_reads) by column name; writes OUTDIR/gsi.png and OUTDIR/gsi.svg.
NAME = "gsi"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/gsi.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "gsi"; eval DISTINCT
gsis = names
ng = words(gsis)
eval INTERVAL
H = 640

of(g, c) = (strcol("gsi") eq g) ? column(c) : NaN
mid(t) = t + dt / 2
stats [*:*][*:*] data using (column("backpressure_throttles") + column("stale_reads")) nooutput
y2top = (STATS_max > 0) ? STATS_max / dt * 1.1 : 1
# An index that never fell behind has a backlog of 0 throughout: the axis still needs a top.
stats [*:*][*:*] data using "backlog" nooutput
backlog_top = STATS_max

set xlabel "time (s)"
set key below center horizontal samplen 2
set grid
set xrange [t_first:t_end]
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
# Same margins in both panels, so that their time axes line up.
set lmargin 10
set rmargin 10

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    set multiplot layout 2,1
    set title "GSI replication lag: how long a base-table write takes to reach the index" noenhanced
    set ylabel "lag (ms)"
    unset y2label
    unset y2tics
    set ytics mirror
    set yrange [0:*]
    plot for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "lag_p50_ms")) with lines lw 2 lc i title word(gsis, i) . " p50", \
         for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "lag_p99_ms")) with lines lw 2 dt 2 lc i title word(gsis, i) . " p99", \
         for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "lag_max_ms")) with lines lw 1 dt 3 lc i title word(gsis, i) . " max"
    set title "GSI backlog: index updates waiting for capacity; back-pressure and stale reads" noenhanced
    set ylabel "updates waiting"
    set y2label "per second"
    set ytics nomirror
    set y2tics
    set y2range [0:y2top]
    if (backlog_top > 0) { set yrange [0:*] } else { set yrange [0:1] }
    plot for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "backlog")) with lines lw 2 lc i title word(gsis, i) . " backlog", \
         for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "backpressure_throttles") / dt) axes x1y2 with lines lw 2 dt 2 lc i title word(gsis, i) . " base writes refused/s", \
         for [i=1:ng] data using (mid(column("t_s"))):(of(word(gsis, i), "stale_reads") / dt) axes x1y2 with lines lw 1 dt 3 lc i title word(gsis, i) . " stale reads/s"
    unset multiplot
}
set output
