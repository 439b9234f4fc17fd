#!/usr/bin/env python3
"""aggregate_compare.py EXACT_DIRS AGGREGATED_DIRS [--no-cells]: the aggregated mode's runs against
the exact ones (each a comma-separated list of run folders, the same seeds in the same order;
docs/model.md, "Aggregated mode", says why the tolerances are these). With --no-cells, the
partition-interval cells and top keys are left out: after a split for heat on an index key with
more values than the mode tells its counts, the halves' traffic differs (a known difference). The throttle rates, p99 and each index's
lag p99 are compared as
means over the seeds, the cells and the top keys on the first seed's runs. Prints one line per
miss and exits 1 on any; exit 0 when every tolerance holds."""
import csv
import json
import math
import sys

RATE_POINTS = 0.002   # throttle rate per AWS reason: 0.2 points
P99_REL = 0.05        # latency p99: 5%
CELL_REL = 0.01       # consumed capacity per partition and interval: 1% ...
CELL_SIGMAS = 5.0     # ... plus 5 standard deviations of two independent Poisson streams,
CELL_SHARE = 0.99     # in 99% of the cells (an interval where a bucket runs dry is timed by the
                      # noise before it, in two exact runs as well)
TOP = 10
NOISE_SIGMAS = 3.0    # where the exact runs differ among themselves more than a tolerance (a
                      # workload whose hot items keep their index keys: bursts, not Poisson),
                      # a mean is within this many standard deviations of the difference of two
                      # means of independent runs, the deviation the exact runs' own; and the
                      # cells' share out of tolerance within twice two exact runs' share


def load(d):
    with open(f"{d}/summary.json") as f:
        s = json.load(f)
    with open(f"{d}/partitions.csv") as f:
        parts = {(r["t_s"], r["index"], r["partition"]): r for r in csv.DictReader(f)}
    with open(f"{d}/keys.csv") as f:
        keys = [r for r in csv.DictReader(f) if r["kind"] == "accessed" and r["index"] == "table"]
    return s, parts, keys


def unit_cost(s, d):
    """The mean capacity of one admitted attempt in direction d ('rcu' or 'wcu')."""
    t = s["totals"]
    which = "read" if d == "rcu" else "write"
    admitted = t[f"{which}_requests"] - t[f"{which}_throttles"]
    return t[f"consumed_{d}"] / admitted if admitted else 1.0


def mean(xs):
    return sum(xs) / len(xs)


def noise(xs):
    """NOISE_SIGMAS standard deviations of the difference of two means of len(xs) runs, the
    runs' spread estimated from xs (the exact runs' values, one per seed)."""
    if len(xs) < 2:
        return 0.0
    m = mean(xs)
    var = sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
    return NOISE_SIGMAS * math.sqrt(2.0 * var / len(xs))


def cells_out(pe, pa, cost):
    """(cells out of tolerance, cells, the first out) between two runs' partitions.csv rows."""
    cells = bad = 0
    worst = ""
    for k in sorted(set(pe) | set(pa)):
        for d in ("rcu", "wcu"):
            a = float(pe[k][f"consumed_{d}"]) if k in pe else 0.0
            b = float(pa[k][f"consumed_{d}"]) if k in pa else 0.0
            m = max(a, b)
            tol = CELL_REL * m + CELL_SIGMAS * math.sqrt(2.0 * m * cost[d])
            cells += 1
            if abs(a - b) > tol:
                bad += 1
                worst = worst or (f"t={k[0]} s {k[1]} partition {k[2]} consumed_{d}: exact {a}, "
                                  f"aggregated {b} (tolerance {tol:.1f})")
    return bad, cells, worst


def main(exact_dirs, agg_dirs, cells=True):
    exact = [load(d) for d in exact_dirs.split(",")]
    agg = [load(d) for d in agg_dirs.split(",")]
    se, pe, ke = exact[0]
    sa, pa, ka = agg[0]
    name = se["name"]
    misses = []
    for s, _, _ in agg:
        if s.get("simulation", {}).get("mode") != "aggregated":
            misses.append(f"the run was not aggregated: {s.get('simulation')}")
    for reason in se["throttle_rate_by_reason"]:
        rates = [s["throttle_rate_by_reason"][reason] for s, _, _ in exact]
        rate = mean(rates)
        other = mean([s["throttle_rate_by_reason"][reason] for s, _, _ in agg])
        if abs(rate - other) > max(RATE_POINTS, noise(rates)):
            misses.append(f"throttle rate {reason}: exact {rate:.4%}, aggregated {other:.4%}")
    # Each index's lag p99 (base write to applied), as the latency's.
    for i, g in enumerate(se.get("gsi", [])):
        lags = [s["gsi"][i]["lag_p99_ms"] for s, _, _ in exact]
        lage = mean(lags)
        laga = mean([s["gsi"][i]["lag_p99_ms"] for s, _, _ in agg])
        if abs(lage - laga) > max(P99_REL * lage, noise(lags)):
            misses.append(f"index {g['name']} lag p99: exact {lage:.1f} ms, aggregated {laga:.1f} ms")
    # Each index's write capacity over the run, as a partition cell's over an interval: 1% plus 5
    # standard deviations of two independent streams (a bias too small for any one cell).
    for i, g in enumerate(se.get("gsi", [])):
        totals = [s["gsi"][i]["consumed_wcu"] for s, _, _ in exact]
        te = mean(totals)
        ta = mean([s["gsi"][i]["consumed_wcu"] for s, _, _ in agg])
        unit = max(unit_cost(se, "wcu"), 1.0)
        tol = CELL_REL * te + CELL_SIGMAS * math.sqrt(2.0 * te * unit)
        if abs(te - ta) > max(tol, noise(totals)):
            misses.append(f"index {g['name']} consumed WCU: exact {te:.0f}, aggregated {ta:.0f} "
                          f"(tolerance {tol:.0f})")
    p99s = [s["latency_ms"]["p99"] for s, _, _ in exact]
    p99e = mean(p99s)
    p99a = mean([s["latency_ms"]["p99"] for s, _, _ in agg])
    if abs(p99e - p99a) > max(P99_REL * p99e, noise(p99s)):
        misses.append(f"latency p99: exact {p99e:.1f} ms, aggregated {p99a:.1f} ms")
    if not cells:
        for m in misses:
            print(f"{name}: {m}")
        if not misses:
            print(f"{name}: within tolerance (throttle rates, latency p99, index lags and totals)")
        return 1 if misses else 0
    cost = {d: max(unit_cost(se, d), unit_cost(sa, d)) for d in ("rcu", "wcu")}
    bad, cells, worst = cells_out(pe, pa, cost)
    allowed = (1.0 - CELL_SHARE) * cells
    if len(exact) > 1:  # two exact runs' own share out, doubled
        allowed = max(allowed, 2.0 * cells_out(pe, exact[1][1], cost)[0])
    if bad > allowed:
        misses.append(f"{bad} of {cells} partition-interval cells out of tolerance (allowed "
                      f"{allowed:.0f}), first: {worst}")
    # The top keys: a key of one run's top 10 must be in the other's wherever its traffic stands
    # clear of the other's 10th key by more than the noise of two streams (keys.csv lists 10).
    def missing(rows, other, label, other_label):
        if len(other) < TOP:
            edge = 0.0
        else:
            edge = float(other[TOP - 1]["requests"])
        names = {r["key"] for r in other[:TOP]}
        for r in rows[:TOP]:
            n = float(r["requests"])
            if r["key"] not in names and n - edge > CELL_SIGMAS * math.sqrt(2.0 * n):
                misses.append(f"top key {r['key']} of the {label} run ({n:.0f} requests) is not in "
                              f"the {other_label} run's top {TOP} (its 10th: {edge:.0f})")
    missing(ke, ka, "exact", "aggregated")
    missing(ka, ke, "aggregated", "exact")
    for m in misses:
        print(f"{name}: {m}")
    if not misses:
        print(f"{name}: within tolerance ({cells} partition-interval cells)")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], "--no-cells" not in sys.argv[3:]))
