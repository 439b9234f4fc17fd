# heatmap-animated.gp — the partition heat map as an animated GIF, for teaching: each frame shows,
# above, every partition's use of its hard cap in one interval (bars; the line is the cap) and,
# below, the heat map filled in up to that moment. The table's partitions only.
# usage: gnuplot -c plots/heatmap-animated.gp OUTDIR [OUT.gif]
# Reads OUTDIR/partitions.csv by column name; writes OUTDIR/heatmap-animated.gif (at most 120
# frames: long runs skip intervals between frames, so a class sees the whole run in ~12 s).
NAME = "heatmap-animated"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"
if (nargs >= 2 && strlen(arg2) > 4 && arg2[strlen(arg2)-3:] eq ".gif") { out_base = arg2[1:strlen(arg2)-4] }

data = dir . "/partitions.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "index"; eval DISTINCT
ix = strstrt(" " . names . " ", " table ") ? "table" : word(names, 1)
eval INTERVAL
nint = int((t_end - t_first) / dt + 0.5)
step = (nint <= 120) ? 1 : ceil(nint / 120.0)
stats [*:*][*:*] data using (strcol("index") eq ix ? column("partition") : NaN) nooutput
p_lo = STATS_min
p_hi = STATS_max

of(c) = (strcol("index") eq ix) ? column(c) : NaN
max(a, b) = a > b ? a : b
util(x) = 100 * max(of("consumed_rcu") / dt / hard_cap_rcu, of("consumed_wcu") / dt / hard_cap_wcu)
in_interval(t) = abs(column("t_s") - t) < dt / 2
# Bars above 150% are cut at the top: a partition passes its cap only for an interval at most.
clip(u) = u > 150 ? 150 : u

set terminal gif animate delay 10 loop 0 optimize size 760,600 noenhanced font "sans,9"
set output out_base . ".gif"
set palette defined (0 "#ffffff", 25 "#fff3b0", 50 "#fdbb5b", 75 "#f46d43", 90 "#d73027", 100 "#7f0000")
set cbrange [0:100]
set style fill solid 1.0 border lc rgb "#555555"
# Same margins above and below, so that the panels line up whatever the colour box takes.
set lmargin 10
set rmargin at screen 0.86
set colorbox user origin screen 0.89, screen 0.08 size screen 0.025, screen 0.37

do for [k=0:nint-1:step] {
    t = t_first + k * dt
    set multiplot layout 2,1 title sprintf("%s partitions at t = %g s", ix eq "table" ? "Table" : "GSI " . ix, t)
    set title "use of each partition's hard cap in this interval (3,000 RCU/s or 1,000 WCU/s, the larger)"
    set xlabel "partition"
    set ylabel "% of hard cap"
    set xrange [p_lo - 0.6:p_hi + 0.6]
    set yrange [0:150]
    set xtics 1
    set grid ytics
    unset colorbox
    set style fill solid 1.0 border lc rgb "#555555"
    set boxwidth 0.7
    set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead lw 2 lc rgb "#7f0000"
    set label 1 "hard cap" at graph 0.99, first 100 offset 0, 0.7 right
    plot data using (in_interval(t) ? of("partition") : NaN):(clip(util(0))):(util(0)) with boxes lc palette notitle
    unset arrow 1
    unset label 1
    set title "heat map so far"
    set xlabel "time (s)"
    set ylabel "partition"
    set xrange [t_first:t_end]
    set yrange [p_lo - 0.5:p_hi + 0.5]
    set xtics autofreq
    unset grid
    set colorbox
    set style fill solid 1.0 border
    set arrow 2 from first t + dt, graph 0 to first t + dt, graph 1 nohead lw 2 lc rgb "#1f3fbf"
    plot data using (column("t_s") < t + dt / 2 ? column("t_s") + dt / 2 : NaN):(of("partition")):(dt / 2):(0.5):(util(0)) \
         with boxxyerror lc palette lw 0.5 notitle
    unset arrow 2
    unset multiplot
}
set output
