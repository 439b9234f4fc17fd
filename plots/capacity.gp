# capacity.gp — consumed vs provisioned capacity over time, with throttled requests on a second axis.
# usage: gnuplot -c plots/capacity.gp OUTDIR [OUT.png]
# Reads OUTDIR/timeseries.csv (rows of index "table") by column name; writes OUTDIR/capacity.png.
if (ARGC < 1) { print "usage: gnuplot -c capacity.gp OUTDIR [OUT.png]"; exit status 2 }
dir = ARG1
out = (ARGC >= 2) ? ARG2 : dir . "/capacity.png"
data = dir . "/timeseries.csv"
if (system(sprintf("test -r '%s' && echo yes || echo no", data)) ne "yes") { print "capacity.gp: cannot read " . data; exit status 1 }
set datafile separator ","
set terminal pngcairo size 1100,600 noenhanced font "sans,10"
set output out
set title "Consumed and provisioned capacity (" . data . ")" noenhanced
set xlabel "time (s)"
set ylabel "capacity units per second"
set y2label "throttled requests per second"
set ytics nomirror
set y2tics
set key outside bottom center horizontal
set grid
set yrange [0:*]
set y2range [0:*]
set offsets 0, 0, graph 0.05, 0
dt = 1.0
stats data using "t_s" nooutput
if (STATS_records > 1) { dt = (STATS_max - STATS_min) / (STATS_records - 1) }
if (dt <= 0) { dt = 1.0 }
tbl(col) = (strcol("index") eq "table") ? column(col) : NaN
plot data using "t_s":(tbl("consumed_wcu")/dt) with lines lw 2 title "consumed WCU/s", \
     ""   using "t_s":(tbl("provisioned_wcu")) with lines dt 2 lw 2 title "provisioned WCU", \
     ""   using "t_s":(tbl("consumed_rcu")/dt) with lines lw 2 title "consumed RCU/s", \
     ""   using "t_s":(tbl("provisioned_rcu")) with lines dt 2 lw 2 title "provisioned RCU", \
     ""   using "t_s":((tbl("read_throttles")+tbl("write_throttles"))/dt) axes x1y2 with impulses lc rgb "red" title "throttled/s"
