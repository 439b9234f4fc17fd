# heatmap.gp — the partition heat map: partition x time, colour = how much of its hard cap the
# partition used (the larger of consumed RCU/s / 3,000 and consumed WCU/s / 1,000); black dots
# mark intervals with throttles, triangles the splits. One panel per table and GSI, each with a
# colour bar whose short label fits the panel (the title says what the colour is) and partition
# ticks one per partition only where they have room.
# usage: gnuplot -c plots/heatmap.gp OUTDIR [OUT.png]
# Reads OUTDIR/partitions.csv, and OUTDIR/events.csv when there is one (rows of kind split*);
# writes OUTDIR/heatmap.png and OUTDIR/heatmap.svg.
#
# Each cell is a box of its own (boxxyerror), not an image grid: partitions appear after a split,
# so the rows are not a regular grid.
NAME = "heatmap"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/partitions.csv"
events = dir . "/events.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "index"; eval DISTINCT
indexes = names
eval INTERVAL
n = words(indexes)
if (n > 1) { H = 320 * n }
has_events = readable(events) && rows(events) > 0

of(ix, c) = (strcol("index") eq ix) ? column(c) : NaN
max(a, b) = a > b ? a : b
# Percent of the hard cap, the larger of the two directions.
util(ix) = 100 * max(of(ix, "consumed_rcu") / dt / hard_cap_rcu, of(ix, "consumed_wcu") / dt / hard_cap_wcu)
has_throttle(ix) = of(ix, "read_throttles") + of(ix, "write_throttles") > 0
is_split(ix) = strcol("index") eq ix && strcol("kind")[1:5] eq "split"

# The three layers, as plot elements to join: a layer with no points is left out, since gnuplot
# warns about it.
mid = 'column("t_s") + dt / 2'
CELLS = 'data using (@mid):(of(ix, "partition")):(dt / 2):(0.5):(util(ix)) with boxxyerror lc palette lw 0.5 fs solid 1.0 border notitle'
DOTS = ', data using (@mid):(has_throttle(ix) ? column("partition") : NaN) with points pt 7 ps 0.35 lc rgb "black" title "throttled in this interval"'
SPLITS = ', events using "t_s":(is_split(ix) ? column("partition") : NaN) with points pt 9 ps 1.6 lc rgb "#1f3fbf" title "split"'

set xlabel "time (s)"
set ylabel "partition"
set cblabel "% of hard cap"
set cbrange [0:100]
# White for idle, through yellow and orange, to dark red at the cap: a cap is where throttling is.
set palette defined (0 "#ffffff", 25 "#fff3b0", 50 "#fdbb5b", 75 "#f46d43", 90 "#d73027", 100 "#7f0000")
set style fill solid 1.0 noborder
set xrange [t_first:t_end]
set autoscale yfix
set offsets 0, 0, 0, 0
# A tick per partition needs about 14 px of a panel; a panel is about 200 px high in a stack of
# several (320 px each), about 400 px alone.
max_ticks = (n > 1) ? 12 : 24
set key below center horizontal samplen 1
set grid noxtics noytics
# Grey where there is no partition (before a split made it), white where one sat idle.
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb "#d9d9d9" fs solid 1.0 noborder

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    if (n > 1) { set multiplot layout n,1 }
    do for [ix in indexes] {
        set title (ix eq "table" ? "Table" : "GSI " . ix) . ": partition heat map (colour: % of a partition's hard cap, 3,000 RCU/s or 1,000 WCU/s, the larger)" noenhanced
        stats [*:*][*:*] data using (of(ix, "partition")) nooutput
        if (STATS_max - STATS_min + 1 <= max_ticks) { set ytics 1 } else { set ytics autofreq }
        stats [*:*][*:*] data using (has_throttle(ix) ? 1 : 0) nooutput
        nthrottled = STATS_sum
        nsplit = 0
        if (has_events) { stats [*:*][*:*] events using (is_split(ix) ? 1 : 0) nooutput; nsplit = STATS_sum }
        eval "plot " . CELLS . (nthrottled > 0 ? DOTS : "") . (nsplit > 0 ? SPLITS : "")
    }
    if (n > 1) { unset multiplot }
}
set output
