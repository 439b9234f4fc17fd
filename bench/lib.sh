# lib.sh — the prologue the benchmark scripts share. Source it first, with the script's arguments:
#     . "$(dirname "$0")/lib.sh"
# Sets strict mode and: here (this folder, absolute), build (the first argument, default build),
# bin (its ddbsim, absolute), out (a temporary folder, removed on exit). Exits 2 when the binary
# is missing. Defines cpu_cost and cost_ratio (below).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
bin=$(cd "$build" 2>/dev/null && pwd || echo "$build")/ddbsim
[ -x "$bin" ] || { echo "bench: $build/ddbsim not found; build first (cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build)"; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# cpu_cost LABEL SCENARIO ARGS...: runs `ddbsim run SCENARIO -q ARGS` (SCENARIO in bench/) under
# /usr/bin/time, prints LABEL with its logical requests, CPU time (user + system), simulated
# requests per CPU-second and peak memory, and sets rate to the requests per CPU-second.
cpu_cost() {
    local label=$1 scen=$2
    shift 2
    command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
    /usr/bin/time -f '%U %S %M' -o "$out/time" "$bin" run "$here/$scen" -o "$out/run" -q "$@"
    local user sys rss_kb n
    read -r user sys rss_kb <"$out/time"
    n=$(sed -n 's/.*"logical_requests":[[:space:]]*\([0-9]*\).*/\1/p' "$out/run/summary.json" | head -n 1)
    awk -v l="$label" -v n="$n" -v u="$user" -v s="$sys" -v m="$rss_kb" 'BEGIN {
        printf "%s: %d requests in %.2f CPU-s (%.2f M simulated requests per CPU-second), peak memory %.1f MiB\n",
               l, n, u + s, n / (u + s) / 1e6, m / 1024 }'
    rate=$(awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN { printf "%.6f\n", n / (u + s) }')
    rm -rf "$out/run"
}

# cost_ratio TARGET OF LABEL_A SCENARIO_A "ARGS_A" LABEL_B SCENARIO_B "ARGS_B": runs A then B (with
# cpu_cost; ARGS split on spaces) RUNS times (default 3), alternated so that a slower minute of a
# shared machine weighs on both, and prints the ratio of B's cost per request to A's each time and
# their median, as "cost per request: ...x OF", against TARGET. One pair of runs of about a second each moved by a fifth from pair
# to pair on a shared machine; the median of three is steadier. Sets ratio to the median.
cost_ratio() {
    local target=$1 of=$2 label_a=$3 scen_a=$4 args_a=$5 label_b=$6 scen_b=$7 args_b=$8 ratios=() a
    for ((run = 1; run <= ${RUNS:-3}; run++)); do
        # shellcheck disable=SC2086 # the arguments are split on purpose
        cpu_cost "$label_a" "$scen_a" $args_a
        a=$rate
        # shellcheck disable=SC2086
        cpu_cost "$label_b" "$scen_b" $args_b
        ratios+=("$(awk -v a="$a" -v b="$rate" 'BEGIN { printf "%.2f", a / b }')")
    done
    ratio=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END {
        print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    echo "cost per request: ${ratio}x $of (median of ${#ratios[@]} alternated pairs: ${ratios[*]}; target: at most $target)"
}
