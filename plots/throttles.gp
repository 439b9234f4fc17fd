# throttles.gp — throttle events per second by reason, stacked, one panel per table and GSI.
# usage: gnuplot -c plots/throttles.gp OUTDIR [OUT.png]
# Reads OUTDIR/timeseries.csv: every column named throttles_<reason>, whichever the run wrote;
# writes OUTDIR/throttles.png and OUTDIR/throttles.svg.
NAME = "throttles"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"

data = dir . "/timeseries.csv"
if (!readable(data)) { print missing(data); exit status 1 }
if (rows(data) < 1) { print NAME . ".gp: " . data . ": no rows"; exit status 1 }
src = data; col = "index"; eval DISTINCT
indexes = names
eval INTERVAL
n = words(indexes)
if (n > 1) { H = 320 * n }

# The reason columns, from the header: new reasons appear without a change here.
stats [*:*][*:*] data using (0) every ::0::0 nooutput
ncols = STATS_columns
reasons = ""
stats [*:*][*:*] data every ::0::0 using (sum [i=1:ncols] (h_ = columnhead(i), reasons = (h_[1:10] eq "throttles_" ? reasons . h_ . " " : reasons), 0)) nooutput
nr = words(reasons)
if (nr == 0) { print NAME . ".gp: " . data . ": no throttles_<reason> columns"; exit status 1 }

# ddbsim's causes, with the AWS reason each is reported as (ThrottlingReasons).
label(r) = r eq "throttles_provisioned" ? "ProvisionedThroughputExceeded (share, burst, adaptive spent)" \
         : r eq "throttles_key_range" ? "KeyRangeThroughputExceeded (partition hard cap)" \
         : r eq "throttles_max_on_demand" ? "MaxOnDemandThroughputExceeded" \
         : r eq "throttles_account_limit" ? "AccountLimitExceeded" \
         : r eq "throttles_on_demand" ? "KeyRangeThroughputExceeded (on-demand still growing)" \
         : r eq "throttles_gsi_backpressure" ? "GSI back-pressure: IndexWriteProvisionedThroughputExceeded" \
         : r eq "throttles_gsi_backpressure_key_range" ? "GSI back-pressure: IndexWriteKeyRangeThroughputExceeded" \
         : r eq "throttles_gsi_backpressure_max_on_demand" ? "GSI back-pressure: IndexWriteMaxOnDemandThroughputExceeded" \
         : r eq "throttles_gsi_backpressure_account_limit" ? "GSI back-pressure: IndexWriteAccountLimitExceeded" : r
colour(r) = r eq "throttles_provisioned" ? "#ff7f0e" : r eq "throttles_key_range" ? "#d62728" \
          : r eq "throttles_max_on_demand" ? "#9467bd" : r eq "throttles_account_limit" ? "#8c564b" \
          : r eq "throttles_on_demand" ? "#e377c2" : r eq "throttles_gsi_backpressure" ? "#17becf" \
          : r eq "throttles_gsi_backpressure_key_range" ? "#1f77b4" \
          : r eq "throttles_gsi_backpressure_max_on_demand" ? "#bcbd22" : "#7f7f7f"

of(ix, c) = (strcol("index") eq ix) ? column(c) : NaN
# The top of band k: the first k reasons of `active` stacked, per second.
cum(ix, k) = (sum [j=1:k] of(ix, word(active, j))) / dt

set xlabel "time (s)"
set ylabel "throttle events per second"
set key below center horizontal samplen 2
set grid
set style fill solid 0.85 noborder
set boxwidth dt absolute
set xrange [t_first:t_end]

do for [fmt in "png svg"] {
    eval set_term(fmt)
    set output out_base . "." . fmt
    if (n > 1) { set multiplot layout n,1 }
    do for [ix in indexes] {
        set title (ix eq "table" ? "Table" : "GSI " . ix) . ": throttle events by reason (stacked)" noenhanced
        # Only the reasons this index has: the others would be empty bands in the key.
        active = ""
        do for [r in reasons] {
            stats [*:*][*:*] data using (strcol("index") eq ix ? column(r) : 0) nooutput
            if (STATS_sum > 0) { active = active . r . " " }
        }
        na = words(active)
        if (na > 0) {
            stats [*:*][*:*] data using (cum(ix, na)) nooutput
            set yrange [0:STATS_max * 1.1]
            unset label 1
            # Tallest band first, so each smaller one is drawn over it and shows its own reason.
            plot for [k=na:1:-1] data using (column("t_s") + dt / 2):(cum(ix, k)) with boxes lc rgb colour(word(active, k)) title label(word(active, k))
        } else {
            set yrange [0:1]
            set label 1 "no request was throttled" at graph 0.5, 0.5 center
            plot data using (column("t_s") + dt / 2):(of(ix, "t_s") * 0) with lines lc rgb "#7f7f7f" notitle
        }
    }
    if (n > 1) { unset multiplot }
}
set output
