# lib.sh — the prologue the benchmark scripts share. Source it first, with the script's arguments:
#     . "$(dirname "$0")/lib.sh"
# Sets strict mode and: here (this folder, absolute), build (the first argument, default build),
# bin (its ddbsim, absolute), out (a temporary folder, removed on exit). Exits 2 when the binary
# is missing. Defines cpu_cost (below).
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
