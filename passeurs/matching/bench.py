"""The matching solver's benchmark, printed by `make bench` (passeurs.bench calls `run()`).

Dense cases: `solve()` against SciPy's `linear_sum_assignment` on the same OR-Library-style
instance (costs 1..1,000,000), runs interleaved, medians; the ratio must stay under 1.2.
Capacitated case: 5,000 projects x 2,000 civil servants (capacities 1-3, 50 admissible servants
per project, integer scores), from the mapping the pairing app would pass: under 1 s and under
500 MB (peak of the memory numpy and SciPy allocate, traced), checked optimal against SciPy's
dense solver on the capacity-expanded matrix. Timings vary on shared machines; ratios hold.
"""

import os
import statistics
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

from passeurs.matching.orlib import generate
from passeurs.matching.solver import solve

DENSE_RATIO_TARGET = 1.2
CAPACITATED_SECONDS = 1.0
CAPACITATED_MB = 500
REPEAT = int(os.environ.get("BENCH_MATCHING_REPEAT", "5"))
# The optimality check of the capacitated case solves a 5,000 x ~4,000 dense matrix.
CHECK = os.environ.get("BENCH_MATCHING_CHECK", "1") != "0"


def _interleaved(first, second, repeat: int) -> tuple[float, float]:
    first(), second()  # warm-up
    a, b = [], []
    for _ in range(repeat):
        for function, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            function()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(a), statistics.median(b)


def _dense(n: int, repeat: int) -> tuple[str, float, float, bool]:
    costs = generate(n, seed=n)
    scipy_ms, ours_ms = _interleaved(
        lambda: linear_sum_assignment(costs),
        lambda: solve(costs, maximise=False),
        repeat,
    )
    rows, cols = linear_sum_assignment(costs)
    same = solve(costs, maximise=False).total == int(costs[rows, cols].sum())
    return f"dense {n:,}x{n:,}", scipy_ms, ours_ms, same


def capacitated_edition(
    n_projects: int = 5000, n_servants: int = 2000, per_project: int = 50, seed: int = 2026
):
    rng = np.random.default_rng(seed)
    capacities = {s: int(c) for s, c in enumerate(rng.integers(1, 4, size=n_servants))}
    servants = np.argsort(rng.random((n_projects, n_servants)), axis=1)[:, :per_project]
    values = rng.integers(1, 1001, size=(n_projects, per_project))
    scores = {
        (p, int(s)): int(v)
        for p in range(n_projects)
        for s, v in zip(servants[p], values[p], strict=True)
    }
    return scores, capacities


def _capacitated(repeat: int) -> tuple[float, float, bool | None, int]:
    scores, capacities = capacitated_edition()
    solve(scores, capacities=capacities)  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = solve(scores, capacities=capacities)
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    solve(scores, capacities=capacities)
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    optimal = None
    if CHECK:
        n_servants = len(capacities)
        dense = np.zeros((1 + max(p for p, _s in scores), n_servants))
        for (p, s), value in scores.items():
            dense[p, s] = value
        expanded = np.repeat(dense, [capacities[s] for s in range(n_servants)], axis=1)
        rows, cols = linear_sum_assignment(expanded, maximize=True)
        optimal = result.total == int(expanded[rows, cols].sum())
    return statistics.median(samples), peak_mb, optimal, len(result.pairs)


def run() -> None:
    cases = [_dense(800, REPEAT), _dense(2000, max(REPEAT - 2, 3))]
    print("\nMatching solver: solve() against SciPy's linear_sum_assignment (same instance)\n")
    print(f"| {'case':<22} | {'SciPy ms':>9} | {'solve ms':>9} | {'x SciPy':>7} | {'exact':>5} |")
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 11}|{'-' * 9}|{'-' * 7}|")
    for label, scipy_ms, ours_ms, same in cases:
        print(
            f"| {label:<22} | {scipy_ms:>9.1f} | {ours_ms:>9.1f} | {ours_ms / scipy_ms:>7.2f} "
            f"| {'yes' if same else 'NO':>5} |"
        )
    worst = max(ours / scipy for _label, scipy, ours, _same in cases)
    verdict = "met" if worst <= DENSE_RATIO_TARGET else "MISSED"
    print(f"\nTarget: at most {DENSE_RATIO_TARGET}x SciPy: {verdict} (worst {worst:.2f}x).")

    ms, peak_mb, optimal, pairs = _capacitated(REPEAT)
    checked = {None: "not checked", True: "optimal (SciPy agrees)", False: "NOT OPTIMAL"}
    verdict = "met" if ms < CAPACITATED_SECONDS * 1000 and peak_mb < CAPACITATED_MB else "MISSED"
    print(
        f"Capacitated edition, 5,000 projects x 2,000 servants (capacities 1-3, 50 admissible "
        f"each, {pairs:,} pairs made): {ms:.0f} ms median of {REPEAT}, peak {peak_mb:.0f} MB "
        f"traced, {checked[optimal]}; target under {CAPACITATED_SECONDS:.0f} s and "
        f"{CAPACITATED_MB} MB: {verdict}.\n"
    )


if __name__ == "__main__":
    run()
