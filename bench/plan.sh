#!/usr/bin/env bash
# Plan benchmark: `ddbsim plan` over bench/day.json cut to its first DURATION_S seconds, 3 seeds,
# both dimensions, with -j 1, -j 2 and (an MPI build, mpirun on the PATH) mpirun -n 2. Prints for
# each its wall and CPU time (mpirun's ranks included), the runs made and kept and the rounds of
# the workers they took (plan's last line on stderr), the wall speed-up over -j 1 and the one the
# rounds promise (what an otherwise idle machine gives), whether plan.csv and the words are the
# same bytes as -j 1's, and the whole day's plan extrapolated: rounds x one full-day run's time
# (DAY_RUN_S, default 1560 s: bench/day.sh's 26 CPU-minutes for the exact engine).
# usage: bench/plan.sh [BUILD_DIR] [DURATION_S] [PLAN_ARGUMENTS ...]   (default: build, 300)
#   PLAN_ARGUMENTS go to `ddbsim plan`, e.g. --aggregated --set 'table.gsi=[]' (the day without
#   its indexes, in the aggregated mode). WAYS (environment): which of j1 j2 n2 to run (default:
#   all that this build can); the speed-ups compare with j1 when it ran.
. "$(dirname "$0")/lib.sh"
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
duration=${2:-300}
shift $(($# < 2 ? $# : 2))
day_run_s=${DAY_RUN_S:-1560}
# Open MPI as root, and in containers that forbid its cross-process copy.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
plan=(plan "$here/day.json" --max-throttle-rate 0.001 --seeds 3 --duration "$duration" "$@")
ways=(j1 j2)
"$bin" --version | grep -q "MPI (.*): yes" && command -v mpirun >/dev/null && ways+=(n2)
[ -z "${WAYS:-}" ] || read -r -a ways <<<"$WAYS"
declare -A wall rounds
for way in "${ways[@]}"; do
    case $way in
    j1) cmd=("$bin" "${plan[@]}" -j 1) label="-j 1" ;;
    j2) cmd=("$bin" "${plan[@]}" -j 2) label="-j 2" ;;
    n2) cmd=(mpirun --oversubscribe -n 2 "$bin" "${plan[@]}") label="mpirun -n 2" ;;
    esac
    /usr/bin/time -f "%e %U %S" -o "$out/$way.time" "${cmd[@]}" -o "$out/$way" >"$out/$way.out" 2>"$out/$way.err" ||
        { echo "bench/plan.sh: $label failed: $(tail -n 3 "$out/$way.err")"; exit 1; }
    read -r wall[$way] user sys <"$out/$way.time"
    made=$(grep -E '^[0-9]+ runs made' "$out/$way.err" | tail -n 1)
    rounds[$way]=$(sed -E 's/.* in ([0-9]+) rounds.*/\1/' <<<"$made")
    printf 'plan, day.json first %s s, 3 seeds, %-12s %7.1f s wall, %7.1f CPU-s; %s\n' "$duration" \
        "$label:" "${wall[$way]}" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$made"
    sed "s|$out/$way|OUT|" "$out/$way.out" >"$out/$way.said"
    [ ! -e "$out/j1.said" ] || cmp -s "$out/j1/plan.csv" "$out/$way/plan.csv" || echo "  plan.csv DIFFERS from -j 1's"
    [ ! -e "$out/j1.said" ] || cmp -s "$out/j1.said" "$out/$way.said" || echo "  the words DIFFER from -j 1's"
done
for way in "${ways[@]}"; do
    [ "$way" = j1 ] || [ -z "${wall[j1]:-}" ] && continue
    awk -v a="${wall[j1]}" -v b="${wall[$way]}" -v ra="${rounds[j1]}" -v rb="${rounds[$way]}" -v w="$way" 'BEGIN {
        printf "speed-up %s over -j 1: %.2fx wall (the rounds promise %.2fx)\n", w, a / b, ra / rb }'
done
grep -hE '^(Provision|Even|No amount)' "$out/${ways[0]}.out" | cut -c1-120 | sed 's/^/  /'
for way in "${ways[@]}"; do
    awk -v r="${rounds[$way]}" -v d="$day_run_s" -v w="$way" 'BEGIN {
        printf "whole day, %s: %d rounds x %.0f s a run = about %.0f min wall\n", w, r, d, r * d / 60 }'
done
