#!/usr/bin/env bash
# ddbsim sweep, plan and compare under mpirun (built with -DDDBSIM_MPI=ON): the same sweep.csv bytes as the
# threaded sweep with 3 and 4 ranks (oversubscribed on one machine) and with 1 rank; --keep-runs
# folders from every worker; bad input reported once, with the same exit status, nothing written;
# plan's words and plan.csv the same bytes under 2 and 3 ranks as with -j 1; compare's too.
# usage: mpi_test.sh DDBSIM_BINARY SOURCE_DIR [MPIEXEC]
set -u
bin=$1
src=$2
mpiexec=${3:-mpirun}
source "$(dirname "$0")/lib.sh"

# CI runs as root; Open MPI refuses that unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Containers often forbid the cross-process memory copy Open MPI tries first (a warning per rank).
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() { local n=$1; shift; "$mpiexec" --oversubscribe -n "$n" "$@"; }

hot=$src/scenarios/hot-key.json
loud=(sweep "$hot" --set duration_s=5 --grid table.wcu=1000,2000,4000,8000 --seeds 2)
sweep=("${loud[@]}" -q)

"$bin" "${sweep[@]}" -j 1 -o "$tmp/threads" || bad "threaded sweep exited $?"
[ "$(wc -l <"$tmp/threads/sweep.csv")" = 9 ] || bad "threaded sweep.csv is not a header and 8 rows"

for n in 1 3 4; do
    if mpi "$n" "$bin" "${sweep[@]}" -o "$tmp/mpi$n" >"$tmp/out" 2>"$tmp/err"; then
        if cmp "$tmp/threads/sweep.csv" "$tmp/mpi$n/sweep.csv"; then ok; else bad "mpirun -n $n: sweep.csv differs from the threaded one"; fi
    else
        bad "mpirun -n $n exited non-zero: $(head -c 300 "$tmp/err")"
    fi
done

# A scenario with GSIs: their reports travel with each result (and the same bytes come out).
gsi=(sweep "$src/scenarios/gsi-healthy.json" --set duration_s=5 --grid table.wcu=2000,4000,8000 -q)
"$bin" "${gsi[@]}" -j 1 -o "$tmp/gsi-threads" || bad "threaded GSI sweep exited $?"
if mpi 2 "$bin" "${gsi[@]}" -o "$tmp/gsi-mpi" >"$tmp/out" 2>"$tmp/err"; then
    cmp -s "$tmp/gsi-threads/sweep.csv" "$tmp/gsi-mpi/sweep.csv" && ok || bad "mpirun -n 2, GSIs: sweep.csv differs"
else
    bad "mpirun -n 2 with GSIs exited non-zero: $(head -c 300 "$tmp/err")"
fi

# The summary line is printed once, by rank 0.
mpi 3 "$bin" "${loud[@]}" -o "$tmp/summary" >"$tmp/out" 2>"$tmp/err" || bad "mpirun (summary) exited $?"
[ "$(grep -c 'runs in' "$tmp/out")" = 1 ] && ok || bad "summary not printed once: $(cat "$tmp/out")"

# --keep-runs: every run's folder, whichever rank ran it.
if mpi 3 "$bin" "${sweep[@]}" --keep-runs -o "$tmp/keep" 2>"$tmp/err"; then
    n=$(ls "$tmp/keep/runs" | wc -l)
    [ "$n" = 8 ] && ok || bad "--keep-runs under mpirun: $n run folders, expected 8"
    for d in "$tmp/keep/runs"/*; do [ -f "$d/summary.json" ] || bad "$d has no summary.json"; done
    cmp -s "$tmp/threads/sweep.csv" "$tmp/keep/sweep.csv" || bad "--keep-runs sweep.csv differs"
else
    bad "mpirun --keep-runs exited non-zero: $(head -c 300 "$tmp/err")"
fi

# A huge sweep (two runs of 6e9 requests) is refused by every rank alike without --yes: said once,
# exit 1, nothing written.
mpi 2 "$bin" sweep "$hot" --set 'workload.rate={"rps": 1e6}' --duration 6000 --grid table.wcu=1000,2000 \
    -o "$tmp/huge" </dev/null >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 1 ] && ok || bad "a huge sweep under mpirun exited $got, expected 1"
[ "$(grep -c 'a huge sweep of 2 runs: .*give --yes' "$tmp/err")" = 1 ] && ok || bad "huge sweep not reported once: $(cat "$tmp/err")"
[ -e "$tmp/huge" ] && bad "a refused huge sweep under mpirun wrote its folder" || ok

# Bad input: found on every rank before anything runs, printed once, exit 1 from mpirun.
mpi 3 "$bin" sweep "$hot" --grid table.wcu=1000,0 -o "$tmp/bad" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 1 ] && ok || bad "bad input under mpirun exited $got, expected 1"
[ "$(grep -c 'table.wcu: out of range' "$tmp/err")" = 1 ] && ok || bad "bad input not reported once: $(cat "$tmp/err")"
[ -e "$tmp/bad" ] && bad "bad input under mpirun created the output folder"
# Bad usage: exit 2.
mpi 3 "$bin" sweep "$hot" --grid table.wcu=1000 >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 2 ] && ok || bad "bad usage under mpirun exited $got, expected 2"
[ "$(grep -c -- '-o DIR is required' "$tmp/err")" = 1 ] && ok || bad "usage error not printed once: $(cat "$tmp/err")"
# A run that fails (its trace has a malformed line) stops the sweep: exit 1, no sweep.csv, and the
# folder is not made.
head -1 "$src/workloads/traces/orders.csv" >"$tmp/bad.csv" && echo "zzz,bad" >>"$tmp/bad.csv"
printf '{"name": "tr", "table": {"rcu": 400, "wcu": 150}, "duration_s": 5,\n "workload": {"trace": {"path": "%s"}}}\n' \
    "$src/workloads/traces/orders.csv" >"$tmp/tr.json"
mpi 3 "$bin" sweep "$tmp/tr.json" --grid "workload.trace.path=$src/workloads/traces/orders.csv,$tmp/bad.csv" -q \
    --keep-runs -o "$tmp/fail" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 1 ] && ok || bad "a failed run under mpirun exited $got, expected 1: $(cat "$tmp/err")"
[ -e "$tmp/fail" ] && bad "a failed run under mpirun left its folder: $(ls -A "$tmp/fail")"
# (mpirun adds its own note on a non-zero exit: count ours.)
[ "$(grep -c 'bad.csv:2: ' "$tmp/err")" = 1 ] && ok || bad "a failed run under mpirun: not reported once: $(cat "$tmp/err")"

# ddbsim plan under mpirun: every rank runs its share of each batch and takes the same next step;
# rank 0 prints and writes plan.csv, the same bytes as -j 1 (one seed: the ranks look ahead; two).
for seeds in 1 2; do
    heat=(plan "$src/scenarios/split-for-heat.json" --max-throttle-rate 0.001 --for wcu --duration 20 --seeds "$seeds")
    "$bin" "${heat[@]}" -j 1 -o "$tmp/plan-j1-$seeds" >"$tmp/plan-j1-$seeds.out" 2>/dev/null || bad "plan -j 1 exited $?"
    sed -i "s|$tmp/plan-[a-z0-9-]*|OUT|" "$tmp/plan-j1-$seeds.out"
    for n in 2 3; do
        if mpi "$n" "$bin" "${heat[@]}" -o "$tmp/plan-n$n-$seeds" >"$tmp/out" 2>"$tmp/err"; then
            cmp -s "$tmp/plan-j1-$seeds/plan.csv" "$tmp/plan-n$n-$seeds/plan.csv" && ok ||
                bad "plan, mpirun -n $n, $seeds seeds: plan.csv differs from -j 1's"
            sed -i "s|$tmp/plan-[a-z0-9-]*|OUT|" "$tmp/out"
            cmp -s "$tmp/plan-j1-$seeds.out" "$tmp/out" && ok ||
                bad "plan, mpirun -n $n, $seeds seeds: its words differ: $(diff "$tmp/plan-j1-$seeds.out" "$tmp/out")"
        else
            bad "plan under mpirun -n $n exited non-zero: $(head -c 300 "$tmp/err")"
        fi
    done
done
# Bad input: printed once, exit 1, nothing written; a folder rank 0 cannot write: exit 1 from
# every rank, no rank left waiting.
mpi 2 "$bin" plan "$hot" --max-throttle-rate 0.001 --set table.wcu=0 -o "$tmp/plan-bad" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 1 ] && ok || bad "plan, bad input under mpirun exited $got, expected 1"
[ "$(grep -c 'table.wcu: out of range' "$tmp/err")" = 1 ] && ok || bad "plan, bad input not reported once: $(cat "$tmp/err")"
[ -e "$tmp/plan-bad" ] && bad "plan, bad input under mpirun created the output folder"
echo x >"$tmp/plan-file"
mpi 2 "$bin" plan "$hot" --max-throttle-rate 0.001 --duration 5 -o "$tmp/plan-file" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 1 ] && ok || bad "plan into a file under mpirun exited $got, expected 1: $(cat "$tmp/err")"

# ddbsim compare under mpirun: every rank runs its share of the designs, into rank 0's staged
# folder; rank 0 prints and writes compare.csv, the same bytes as -j 1.
cmpr=(compare "$hot" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' --key 'SENSOR#{shard:4}' --duration 5)
"$bin" "${cmpr[@]}" -j 1 -o "$tmp/cmp-j1" >"$tmp/cmp-j1.out" 2>/dev/null || bad "compare -j 1 exited $?"
sed -i "s|$tmp/cmp-[a-z0-9]*|OUT|g" "$tmp/cmp-j1.out"
if mpi 2 "$bin" "${cmpr[@]}" -o "$tmp/cmp-n2" >"$tmp/out" 2>"$tmp/err"; then
    cmp -s "$tmp/cmp-j1/compare.csv" "$tmp/cmp-n2/compare.csv" && ok || bad "compare, mpirun -n 2: compare.csv differs"
    sed -i "s|$tmp/cmp-[a-z0-9]*|OUT|g" "$tmp/out"
    cmp -s "$tmp/cmp-j1.out" "$tmp/out" && ok || bad "compare, mpirun -n 2: its words differ: $(diff "$tmp/cmp-j1.out" "$tmp/out")"
    n=$(ls "$tmp/cmp-n2/runs" | wc -l)
    [ "$n" = 3 ] && ok || bad "compare, mpirun -n 2: $n run folders, expected 3"
else
    bad "compare under mpirun -n 2 exited non-zero: $(head -c 300 "$tmp/err")"
fi

echo "mpi_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
