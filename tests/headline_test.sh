#!/usr/bin/env bash
# One set of figures: the terminal summary of `ddbsim run`, `ddbsim explain` and summary.json give
# the same throttle rate (of attempts) and the same hottest partition, for the quick start and a
# GSI scenario; run ends with explain's verdict and summary.json's cost; the hottest key is not
# named for a uniform run that nothing throttled.
# usage: headline_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

# summary.json's value of a top-level or one-level-nested number (cJSON's tab-indented layout).
json_num() { # file section field ("" for top level)
    if [ -z "$2" ]; then sed -n "s/^\t\"$3\":\t\([-0-9.e]*\),\?$/\1/p" "$1"
    else awk -v s="$2" -v k="$3" '$0 ~ "^\t\"" s "\":" { in_s = 1; next } in_s && /^\t}/ { in_s = 0 }
            in_s && $0 ~ "^\t\t\"" k "\":" { v = $2; sub(/,$/, "", v); print v }' "$1"; fi
}

check() { # scenario [--set ...]
    local sc=$1 out=$tmp/$1
    shift
    "$bin" run "$src/scenarios/$sc.json" "$@" -o "$out" >"$tmp/run.txt" 2>/dev/null || { bad "$sc: run failed"; return; }
    "$bin" explain "$out" >"$tmp/explain.txt" 2>/dev/null || { bad "$sc: explain failed"; return; }
    local run_rate explain_rate json_rate run_hot explain_hot json_hot
    run_rate=$(sed -n 's/^Requests: .* throttled (\([0-9.]*\)% of attempts)\.$/\1/p' "$tmp/run.txt")
    explain_rate=$(sed -n 's/^  - [0-9,]* of [0-9,]* attempts (\([0-9.]*\)%) were throttled.*/\1/p' "$tmp/explain.txt")
    json_rate=$(awk -v x="$(json_num "$out/summary.json" "" throttle_rate)" 'BEGIN { printf "%.1f", 100 * x }')
    [ -n "$run_rate" ] && [ "$run_rate" = "$json_rate" ] && ok ||
        bad "$sc: the terminal's throttle rate '$run_rate' is not summary.json's $json_rate"
    # explain states the rate with the significant digits it needs ("17.1%", "0%")
    if [ "$json_rate" != 0.0 ]; then
        [ "$explain_rate" = "$json_rate" ] && ok || bad "$sc: explain's throttle rate '$explain_rate' is not summary.json's $json_rate"
    fi
    if grep -q "% of attempts were throttled" "$tmp/explain.txt"; then
        grep -qF "$json_rate% of attempts were throttled" <(tr '\n' ' ' <"$tmp/explain.txt" | tr -s ' ') && ok ||
            bad "$sc: explain's verdict gives another throttle rate than $json_rate%"
    fi
    run_hot=$(sed -n 's/^Hottest partition: #\([0-9]*\) .*/\1/p' "$tmp/run.txt")
    explain_hot=$(sed -n 's/^  hottest partition: #\([0-9]*\) .*/\1/p' "$tmp/explain.txt")
    json_hot=$(json_num "$out/summary.json" hottest_partition partition)
    [ -n "$run_hot" ] && [ "$run_hot" = "$json_hot" ] && [ "$explain_hot" = "$json_hot" ] && ok ||
        bad "$sc: hottest partition: terminal #$run_hot, explain #$explain_hot, summary.json #$json_hot"
    # any partition explain calls hottest in its findings is that one; any other it names is not
    # called "hottest"
    local named
    for named in $(sed -n 's/.*Hottest partition #\([0-9]*\) .*/\1/p' "$tmp/explain.txt"); do
        [ "$named" = "$json_hot" ] && ok || bad "$sc: explain calls partition #$named hottest, summary.json #$json_hot"
    done
    # run ends with explain's verdict and summary.json's cost
    local verdict
    verdict=$(sed -n 's/^Verdict: \(.*\) (ddbsim explain .* says why\.)$/\1/p' "$tmp/run.txt")
    [ -n "$verdict" ] && [ "$verdict" = "$(awk '/^Verdict: /,/^$/' "$tmp/explain.txt" | sed 's/^Verdict: //; s/^  //' | tr '\n' ' ' | sed 's/ *$//')" ] && ok ||
        bad "$sc: the terminal's verdict is not explain's: '$verdict'"
    local usd
    usd=$(json_num "$out/summary.json" cost provisioned_per_month_usd)
    [ -n "$usd" ] && grep -qF "$(awk -v x="$usd" 'BEGIN { printf "%.2f", x }' | sed ':a; s/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/; ta')" <(grep '^Estimated cost: ' "$tmp/run.txt") && ok ||
        bad "$sc: the terminal's cost is not summary.json's provisioned_per_month_usd $usd: $(grep '^Estimated cost' "$tmp/run.txt")"
    cp "$tmp/run.txt" "$tmp/last-run.txt"
}

check quickstart
grep -q '^Hottest key: "ORDER#0"' "$tmp/last-run.txt" && ok || bad "quickstart: its throttled hottest key is not named"
check gsi-low-cardinality
# keys.csv ranks the index's keys too, by their values (not hashes), and they are all of its
# requests (the index has fewer keys than keys.csv lists)
keys=$tmp/gsi-low-cardinality/keys.csv
col_sum() { # file kind index column
    awk -F, -v kind="$2" -v ix="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["kind"] == kind && $c["index"] == ix { s += $c[col] } END { print s + 0 }' "$1"
}
ix_keys=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["kind"] == "accessed" && $c["index"] == "byStatus" { print $c["key"] }' "$keys" | sort | tr '\n' ' ')
[ "$ix_keys" = "CLOSED OPEN " ] && ok || bad "gsi-low-cardinality: keys.csv's byStatus keys are '$ix_keys', not its values CLOSED and OPEN"
gsi_num() { sed -n "s/^\t\t\t\"$1\":\t\([0-9]*\),\?$/\1/p" "$tmp/gsi-low-cardinality/summary.json"; }
[ "$(col_sum "$keys" accessed byStatus requests)" = "$(($(gsi_num write_requests) + $(gsi_num read_requests)))" ] &&
    [ "$(col_sum "$keys" accessed byStatus throttles)" = "$(($(gsi_num write_throttles) + $(gsi_num read_throttles)))" ] && ok ||
    bad "gsi-low-cardinality: keys.csv's byStatus rows are not the index's requests and throttles in summary.json"
# A verdict's reason and its count agree: every AWS reason name the headline quotes is the one
# summary.json's throttles_by_reason counts most, and the count before it is that name's count.
reason_agrees() { # run folder, label
    local out=$1 sc=$2 pairs top n name count
    "$bin" explain "$out" >"$tmp/explain.txt" 2>/dev/null || { bad "$sc: explain failed"; return; }
    pairs=$(awk '/^Verdict: /,/^$/' "$tmp/explain.txt" | tr '\n' ' ' | tr -s ' ' |
        grep -oE '[0-9][0-9,]* (Table|Index)[A-Za-z]+Exceeded')
    [ -n "$pairs" ] || { bad "$sc: the verdict names no throttle reason with its count"; return; }
    top=$(awk '/^\t"throttles_by_reason":/ { in_s = 1; next } in_s && /^\t}/ { in_s = 0 }
        in_s { gsub(/[",]/, ""); if ($2 + 0 > max) { max = $2 + 0; name = $1 } } END { sub(/:$/, "", name); print name }' "$out/summary.json")
    while read -r n name; do
        count=$(json_num "$out/summary.json" throttles_by_reason "$name")
        [ "$name" = "$top" ] && [ "${n//,/}" = "$count" ] && ok ||
            bad "$sc: the verdict quotes $n $name; summary.json counts $count of it and most of $top"
    done <<<"$pairs"
}
reason_agrees "$tmp/gsi-low-cardinality" gsi-low-cardinality
reason_agrees "$tmp/quickstart" quickstart
for sc in hot-key on-demand-spike split-for-heat gsi-underprovisioned; do
    extra=()
    [ "$sc" = gsi-underprovisioned ] && extra=(--set "table.gsi[0].backpressure_backlog=1000") # back-pressure
    "$bin" run "$src/scenarios/$sc.json" "${extra[@]}" -o "$tmp/$sc" >/dev/null 2>&1 || bad "$sc: run failed"
    reason_agrees "$tmp/$sc" "$sc"
done

check uniform-overload --set table.wcu=3000 --set duration_s=10
grep -q '0 throttled (0.0% of attempts)' "$tmp/last-run.txt" && ok || bad "uniform run: expected no throttling"
grep -q '^Hottest key' "$tmp/last-run.txt" && bad "uniform unthrottled run names a hottest key: $(grep '^Hottest key' "$tmp/last-run.txt")" || ok
grep -q 'Hottest key' "$tmp/explain.txt" && bad "uniform unthrottled run: explain names a hottest key" || ok

echo "headline: $passed passed, $failed failed"
[ "$failed" = 0 ]
