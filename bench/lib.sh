# lib.sh — the prologue the benchmark scripts share. Source it first, with the script's arguments:
#     . "$(dirname "$0")/lib.sh"
# Sets strict mode and: here (this folder, absolute), build (the first argument, default build),
# bin (its ddbsim, absolute), out (a temporary folder, removed on exit). Exits 2 when the binary
# is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
bin=$(cd "$build" 2>/dev/null && pwd || echo "$build")/ddbsim
[ -x "$bin" ] || { echo "bench: $build/ddbsim not found; build first (cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build)"; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
