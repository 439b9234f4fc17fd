#!/usr/bin/env bash
# Command-line tests: exit statuses, one-line errors naming file/field/value, nothing left under
# a final output name after bad input, --set, validate, help and version.
# usage: cli_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

write() { printf '%s\n' "$2" >"$tmp/$1"; }

base='{"name":"t","duration_s":5,"table":{"rcu":100,"wcu":1000,"key":{"pk":"K#{k}"}},
"attributes":{"k":{"dist":"uniform","n":100}},
"workload":{"rate":{"profile":"constant","rps":100},"mix":{"put":1}}}'
write good.json "$base"

# Usage and help.
expect 0 "" -- "$bin" --help
expect 0 "" -- "$bin" --version
grep -q '^ddbsim [0-9]' "$tmp/out" || bad "--version prints no version"
expect 0 "" -- "$bin" run --help
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "" -- "$bin"
expect 2 "unknown option" -- "$bin" run "$tmp/good.json" --bogus
expect 2 "needs a value" -- "$bin" run "$tmp/good.json" --set

# A good run writes the four files and nothing partial; exit 0.
expect 0 "" -- "$bin" run "$tmp/good.json" -o "$tmp/run1" --quiet
for f in timeseries.csv partitions.csv keys.csv latency.csv summary.json; do
    [ -s "$tmp/run1/$f" ] || bad "run did not write $f"
done
ls -A "$tmp/run1" | grep -q partial && bad "partial file left after a good run"
expect 0 "" -- "$bin" run "$tmp/good.json" -o "$tmp/run2"
grep -q "Hottest partition" "$tmp/out" || bad "run summary does not name the hottest partition"

# validate prints the resolved scenario with defaults.
expect 0 "" -- "$bin" validate "$tmp/good.json"
grep -q '"burst_s"' "$tmp/out" || bad "validate does not fill in defaults"
expect 0 "" -- "$bin" validate "$tmp/good.json" --set table.wcu=2000
grep -q '"wcu":[[:space:]]*2000' "$tmp/out" || bad "--set did not override table.wcu"
expect 0 "" -- "$bin" validate "$tmp/good.json" --set 'workload.mix={"get":0.5,"put":0.5}'
grep -q '"get":[[:space:]]*0.5' "$tmp/out" || bad "--set with an object did not replace mix"

# Bad input: one line naming file and field, exit 1, no outputs under final names.
expect 1 "missing.json" -- "$bin" run "$tmp/missing.json" -o "$tmp/bad1"
write malformed.json '{"name": "x",'
expect 1 "malformed.json: line" -- "$bin" run "$tmp/malformed.json" -o "$tmp/bad2"
write unknown.json "$(echo "$base" | sed 's/"rcu":100/"rcu":100,"wdu":5/')"
expect 1 "table.wdu" -- "$bin" run "$tmp/unknown.json" -o "$tmp/bad3"
write range.json "$(echo "$base" | sed 's/"wcu":1000/"wcu":-5/')"
expect 1 "table.wcu.*-5" -- "$bin" run "$tmp/range.json" -o "$tmp/bad4"
write tpl.json "$(echo "$base" | sed 's/K#{k}/K#{kk}/')"
expect 1 "table.key.pk.*kk" -- "$bin" run "$tmp/tpl.json" -o "$tmp/bad5"
write mix.json "$(echo "$base" | sed 's/"put":1/"put":0.5/')"
expect 1 "workload.mix" -- "$bin" run "$tmp/mix.json" -o "$tmp/bad6"
write big.json "$(echo "$base" | sed 's/"mix":{"put":1}/"mix":{"put":1},"item_bytes":{"dist":"fixed","bytes":500000}/')"
expect 1 "item_bytes" -- "$bin" run "$tmp/big.json" -o "$tmp/bad7"
expect 1 "table.wcu" -- "$bin" run "$tmp/good.json" --set table.wcu=abc -o "$tmp/bad8"
for d in bad1 bad2 bad3 bad4 bad5 bad6 bad7 bad8; do
    [ -e "$tmp/$d/timeseries.csv" ] && bad "$d: output written after bad input"
done
# An output directory that cannot be created is an error too, and leaves nothing.
touch "$tmp/file"
expect 1 "file" -- "$bin" run "$tmp/good.json" -o "$tmp/file/sub"

# Every shipped scenario validates, from any working directory (the files they name, such as a
# trace, are relative to the scenario's folder).
for s in "$src"/scenarios/*.json; do
    expect 0 "" -- env -C "$tmp" "$bin" validate "$s"
done
# So does every benchmark's (bench/trace-replay.json replays the trace its script writes: the
# shipped one stands in for it here).
for s in "$src"/bench/*.json; do
    case $s in
    */trace-replay.json) expect 0 "" -- env -C "$tmp" "$bin" validate "$s" --set "workload.trace.path=$src/workloads/traces/orders.csv" ;;
    *) expect 0 "" -- env -C "$tmp" "$bin" validate "$s" ;;
    esac
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
