# latency.gp — latency of completed logical requests: p50 and p99 over time (left, from
# timeseries.csv when there is one, log scale: p50 of a few ms and a p99 of seconds both show)
# and the distribution over the whole run as a CDF per operation (right, log scale).
# usage: gnuplot -c plots/latency.gp OUTDIR [OUT.png]
# Reads OUTDIR/latency.csv (op,latency_ms,cumulative_fraction) and OUTDIR/timeseries.csv by column
# name; writes OUTDIR/latency.png and OUTDIR/latency.svg.
NAME = "latency"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/latency.csv"
series = dir . "/timeseries.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
has_series = readable(series) && rows(series) > 0
if (has_series) { src = series; eval INTERVAL }
src = data; col = "op"; eval DISTINCT
ops = names
nops = words(ops)

of(o, c) = (strcol("op") eq o) ? column(c) : NaN
# A log axis has no 0: requests that waited no time at all (no retry) are the CDF's first step,
# said in a label instead.
positive(x) = x > 0 ? x : NaN
stats [*:*][*:*] data using (of("all", "latency_ms") <= 0 ? of("all", "cumulative_fraction") : 0) nooutput
at_zero = STATS_max
stats [*:*][*:*] data using (positive(column("latency_ms"))) nooutput
npos = STATS_records - STATS_invalid - STATS_outofrange
if (npos > 0) { stats [*:*][*:*] data using (positive(column("latency_ms"))) nooutput; lat_lo = STATS_min; lat_hi = STATS_max }

W = 1000
set grid
set key bottom right samplen 2

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    set multiplot layout 1,2
    if (has_series) {
        set title "Latency over time (table)" noenhanced
        set xlabel "time (s)"
        set ylabel "latency (ms, log scale)"
        unset logscale x
        set xrange [t_first:t_end]
        # Intervals with no completed request (latency 0) have no place on a log axis: left out.
        tbl(c) = (strcol("index") eq "table") ? positive(column(c)) : NaN
        stats [*:*][*:*] series using (tbl("latency_p50_ms") > 0 ? 1 : 0) nooutput
        n50 = STATS_sum
        stats [*:*][*:*] series using (tbl("latency_p99_ms") > 0 ? 1 : 0) nooutput
        n99 = STATS_sum
        set key top left
        # A line with no points is left out, since gnuplot warns about it.
        P50 = 'series using (column("t_s") + dt / 2):(tbl("latency_p50_ms")) with lines lw 2 lc 1 title "p50"'
        P99 = 'series using (column("t_s") + dt / 2):(tbl("latency_p99_ms")) with lines lw 2 lc 2 title "p99"'
        if (n50 + n99 > 0) {
            # The range runs from the decade below the least value to the decade above the
            # greatest (with room for the key above it), so that a flat line is not an empty range.
            lo = 1e30; hi = 0
            if (n50 > 0) { stats [*:*][*:*] series using (tbl("latency_p50_ms")) nooutput; lo = STATS_min; hi = STATS_max }
            if (n99 > 0) { stats [*:*][*:*] series using (tbl("latency_p99_ms")) nooutput; lo = (STATS_min < lo ? STATS_min : lo); hi = (STATS_max > hi ? STATS_max : hi) }
            lo = 10 ** floor(log10(lo)); hi = 10 ** ceil(log10(hi * 3))
            set logscale y
            set yrange [lo:hi]
            if (n50 == 0) { set label 2 "p50: 0 ms throughout (no wait)" at graph 0.03, graph 0.85 left }
            eval "plot " . (n50 > 0 ? P50 : "") . (n50 > 0 && n99 > 0 ? ", " : "") . (n99 > 0 ? P99 : "")
            unset logscale y
            unset label 2
        } else {
            set yrange [0:1]
            set label 2 "no request completed" at graph 0.5, graph 0.5 center
            plot NaN notitle
            unset label 2
        }
    } else {
        set title "Latency over time: no timeseries.csv" noenhanced
        unset xlabel; unset ylabel
        unset logscale x
        set xrange [0:1]; set yrange [0:1]
        plot NaN notitle
    }
    set title "Latency distribution (CDF) of completed requests" noenhanced
    set xlabel "latency (ms, log scale)"
    set ylabel "fraction of requests completed within"
    set yrange [0:1.02]
    set key bottom right
    if (npos > 0) {
        set logscale x
        set xrange [lat_lo / 1.5:lat_hi * 1.5]
        if (at_zero > 0) { set label 2 sprintf("%.1f%% waited no time", 100 * at_zero) at graph 0.03, graph 0.9 left } else { unset label 2 }
        # Where each percentile is read: the curve crosses these lines at p50 and p99.
        set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb "#7f7f7f"
        set arrow 2 from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 3 lc rgb "#7f7f7f"
        set label 3 "p50" at graph 0.01, first 0.5 offset 0, 0.6 left
        set label 4 "p99" at graph 0.01, first 0.99 offset 0, -0.8 left
        plot for [i=1:nops] data using (positive(of(word(ops, i), "latency_ms"))):"cumulative_fraction" with steps lw (word(ops, i) eq "all" ? 3 : 1.5) lc i title word(ops, i)
        unset label 2; unset label 3; unset label 4; unset arrow 1; unset arrow 2
    } else {
        unset logscale x
        set xrange [0:1]
        set label 2 "every request completed without waiting" at graph 0.5, graph 0.5 center
        plot NaN notitle
        unset label 2
    }
    unset multiplot
}
set output
