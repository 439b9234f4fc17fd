#!/usr/bin/env bash
# wasm_test.sh BIN SRC WASM_DIR — the WebAssembly build gives the bytes the native binary gives.
#
# Runs shipped scenarios with BIN and with WASM_DIR/ddbsim.js under node (the CLI compiled by
# web/build-wasm.sh, reading and writing the host's files) and compares their run folders byte for
# byte (manifest.json too: both name the same scenario file), then summary.json with what the
# page's entry point (WASM_DIR/ddbsim_wasm.js) returns: a scenario and seed must give the same
# summary.json in the browser as natively, whatever the word size (wasm32's unsigned long is 32
# bits). The entry point's run folder holds the native files byte for byte, its manifest.json too
# but for the scenario's source (a text given in memory has no file); its verdict is the one
# `ddbsim explain` prints. The CLI under node finds the default price table through
# DDBSIM_DATA_DIR (the source tree), the entry point in the folder embedded in it.
# WASM_DIR is brought up to date first (the dependencies are cached there); with no WASM_DIR yet,
# or no node, the test is skipped (exit 77).
set -euo pipefail
. "$(dirname "$0")/skip.sh"
bin=$(realpath "$1")
src=$(cd "$2" && pwd)
wasm=$3

if ! command -v node >/dev/null; then
    skip "node not found (apt-get install nodejs)"
fi
if [ ! -d "$wasm" ]; then
    skip "no WebAssembly build in $wasm (web/build-wasm.sh $wasm makes one; needs emscripten)"
fi
sh "$src/web/build-wasm.sh" "$wasm"
wasm=$(cd "$wasm" && pwd)

export DDBSIM_DATA_DIR=$src
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
# manifest.json without the scenario's source file: what a run in memory must match.
manifest() {
    node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1] + "/manifest.json", "utf8"));
             delete m.scenario.source; process.stdout.write(JSON.stringify(m));' "$1"
}
# One of each kind of draw: Poisson arrivals and a single key; {shard:N} (uniform integers);
# zipfian, uniform and sparse attributes with lognormal sizes (the Gaussian ziggurat) and GSIs;
# hotspot keys with an LSI and a GSI; YCSB's scrambled zipfian with hashed keys; the aggregated
# mode (Poisson counts, binomials, Walker tables, a split for heat).
for name in hot-key write-sharding gsi-healthy bulletin-board ycsb-a split-for-heat+aggregated; do
    scen=$src/scenarios/${name%+aggregated}.json
    mode=()
    [ "$name" = "${name%+aggregated}" ] || mode=(--aggregated)
    "$bin" run "$scen" "${mode[@]}" -o "native-$name" -q
    start=$(date +%s%N)
    node "$wasm/ddbsim.js" run "$scen" "${mode[@]}" -o "wasm-$name" -q
    ms=$((($(date +%s%N) - start) / 1000000))
    if [ "$(ls "native-$name")" != "$(ls "wasm-$name")" ]; then
        echo "FAIL: $name: the WebAssembly run wrote other files: $(ls "wasm-$name" | tr '\n' ' ')"
        fail=1
    fi
    for f in native-"$name"/*; do
        base=$(basename "$f")
        if ! cmp -s "$f" "wasm-$name/$base"; then
            echo "FAIL: $name: $base differs between the native binary and WebAssembly"
            diff "$f" "wasm-$name/$base" | head -n 6 || true
            fail=1
        fi
    done
    echo "$name: $(ls native-"$name" | wc -l) files compared; WebAssembly run ${ms} ms"
done
# The page's entry point (web/src/ddbsim_wasm.c): the scenario's text in, summary.json's out; and
# the run folder it writes to its in-memory file system.
for name in hot-key bulletin-board; do
    if ! node "$src/web/run-json.js" "$wasm/ddbsim_wasm.js" "$src/scenarios/$name.json" >"entry-$name.json" ||
        ! cmp -s "native-$name/summary.json" "entry-$name.json"; then
        echo "FAIL: $name: the entry point's summary.json differs from the native run's"
        head -c 300 "entry-$name.json"
        fail=1
    else
        echo "$name: the entry point's summary.json is the native run's"
    fi
    node "$src/web/run-json.js" "$wasm/ddbsim_wasm.js" "$src/scenarios/$name.json" "entry-$name" explain >"explain-$name.json"
    if ! diff -r -x manifest.json -x .ddbsim.lock "native-$name" "entry-$name" >/dev/null ||
        [ "$(manifest "native-$name")" != "$(manifest "entry-$name")" ]; then
        echo "FAIL: $name: the entry point's run folder differs from the native run's"
        diff -r "native-$name" "entry-$name" | head -n 6 || true
        fail=1
    else
        echo "$name: the entry point's run folder is the native run's ($(ls "entry-$name" | wc -l) files)"
    fi
    # The verdict's headline, as explain prints it (wrapped at 100 columns) and as the page gets it.
    cli=$("$bin" explain "native-$name" | sed -n '/^Verdict: /,/^$/p' | sed 's/^Verdict: //; s/^  //' | tr '\n' ' ' | sed 's/ *$//')
    page=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).headline)' "explain-$name.json")
    if [ -z "$cli" ] || [ "$cli" != "$page" ]; then
        echo "FAIL: $name: the entry point's verdict is not explain's"
        echo "  explain: $cli"
        echo "  entry:   $page"
        fail=1
    else
        echo "$name: the entry point's verdict is explain's"
    fi
done
echo '{"name": "bad", "duration_s": -1}' >bad.json
if node "$src/web/run-json.js" "$wasm/ddbsim_wasm.js" bad.json >bad.out || ! grep -q '^{"error":"scenario.json: ' bad.out; then
    echo "FAIL: a bad scenario through the entry point: expected {\"error\": \"scenario.json: ...\"}, got:"
    cat bad.out
    fail=1
fi
[ "$fail" = 0 ] && echo "OK: WebAssembly and native runs are byte-identical"
exit "$fail"
