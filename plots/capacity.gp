# capacity.gp — consumed vs provisioned capacity over time, one panel per table and GSI, with
# throttled requests per second on a second axis. An index with nothing provisioned (on-demand
# billing: its provisioned columns are 0 throughout) shows its consumed capacity only, with no
# provisioned line or legend entry (timeseries.csv has no on-demand allowance to draw instead).
# usage: gnuplot -c plots/capacity.gp OUTDIR [OUT.png]
# Reads OUTDIR/timeseries.csv by column name; writes OUTDIR/capacity.png and OUTDIR/capacity.svg.
NAME = "capacity"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/timeseries.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "index"; eval DISTINCT
indexes = names
eval INTERVAL
n = words(indexes)
if (n > 1) { H = 320 * n }

# Values are drawn at the middle of their interval.
mid(t) = t + dt / 2
# A column of the rows of one index (NaN elsewhere, so gnuplot skips them).
of(ix, c) = (strcol("index") eq ix) ? column(c) : NaN
# Throttled requests per second; the y2 range needs a top even when nothing was throttled.
thr(ix) = (of(ix, "read_throttles") + of(ix, "write_throttles")) / dt
stats [*:*][*:*] data using (column("read_throttles") + column("write_throttles")) nooutput
y2top = (STATS_max > 0) ? STATS_max / dt * 1.1 : 1

set xlabel "time (s)"
set ylabel "capacity units per second"
set y2label "throttled requests per second"
set ytics nomirror
set y2tics
set key below center horizontal samplen 2
set grid
set yrange [0:*]
set y2range [0:y2top]
set offsets 0, 0, graph 0.05, 0
set boxwidth dt absolute
set xrange [t_first:t_end]

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    if (n > 1) { set multiplot layout n,1 }
    do for [ix in indexes] {
        stats [*:*][*:*] data using (of(ix, "provisioned_wcu") + of(ix, "provisioned_rcu")) nooutput
        provisioned = STATS_max > 0
        if (provisioned) {
            set title (ix eq "table" ? "Table" : "GSI " . ix) . ": consumed and provisioned capacity, throttled requests" noenhanced
            plot data using (mid(column("t_s"))):(thr(ix)) axes x1y2 with boxes fs transparent solid 0.35 noborder lc rgb "#d62728" title "throttled/s", \
                 ""   using (mid(column("t_s"))):(of(ix, "consumed_wcu") / dt) with lines lw 2 lc rgb "#1f77b4" title "consumed WCU/s", \
                 ""   using (mid(column("t_s"))):(of(ix, "provisioned_wcu")) with lines dt 2 lw 2 lc rgb "#1f77b4" title "provisioned WCU", \
                 ""   using (mid(column("t_s"))):(of(ix, "consumed_rcu") / dt) with lines lw 2 lc rgb "#2ca02c" title "consumed RCU/s", \
                 ""   using (mid(column("t_s"))):(of(ix, "provisioned_rcu")) with lines dt 2 lw 2 lc rgb "#2ca02c" title "provisioned RCU"
        } else {
            set title (ix eq "table" ? "Table" : "GSI " . ix) . ": consumed capacity (on-demand, nothing provisioned), throttled requests" noenhanced
            plot data using (mid(column("t_s"))):(thr(ix)) axes x1y2 with boxes fs transparent solid 0.35 noborder lc rgb "#d62728" title "throttled/s", \
                 ""   using (mid(column("t_s"))):(of(ix, "consumed_wcu") / dt) with lines lw 2 lc rgb "#1f77b4" title "consumed WCU/s", \
                 ""   using (mid(column("t_s"))):(of(ix, "consumed_rcu") / dt) with lines lw 2 lc rgb "#2ca02c" title "consumed RCU/s"
        }
    }
    if (n > 1) { unset multiplot }
}
set output
