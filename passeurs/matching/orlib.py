"""J.E. Beasley's OR-Library assignment instances: read, write, generate, and the solver CLI.

The format: the size n, then the n x n costs row by row, all whitespace-separated integers
(cost of giving job j to agent i; minimise). `passeurs match` delegates here through
`main(argv)`; the error messages are for the people running it, in French.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

import numpy as np

from passeurs.matching.solver import solve

__all__ = [
    "OrlibError",
    "configure_parser",
    "generate",
    "main",
    "parse_capacities",
    "parse_forbidden",
    "parse_instance",
    "run",
    "write_instance",
]

LOW, HIGH = 1, 1_000_000


class OrlibError(ValueError):
    """A malformed instance, capacities or forbidden-pairs file; the message is in French."""


def _integers(text: str, what: str) -> list[int]:
    values = []
    for position, token in enumerate(text.split(), start=1):
        try:
            values.append(int(token))
        except ValueError:
            raise OrlibError(
                f"{what} : « {token[:20]} » n’est pas un entier (valeur n° {position})."
            ) from None
    return values


def parse_instance(text: str) -> np.ndarray:
    """The n x n cost matrix (int64) of an OR-Library assignment instance."""
    values = _integers(text, "Instance")
    if not values:
        raise OrlibError("Instance : le fichier est vide, la taille n manque.")
    n = values[0]
    if n <= 0:
        raise OrlibError(f"Instance : la taille n doit être un entier positif, pas {n}.")
    if len(values) - 1 != n * n:
        raise OrlibError(
            f"Instance : {n} × {n} = {n * n} coûts attendus après la taille, "
            f"{len(values) - 1} trouvés."
        )
    return np.array(values[1:], dtype=np.int64).reshape(n, n)


def parse_capacities(text: str, n: int) -> np.ndarray:
    """n non-negative capacities, one per column (job)."""
    values = _integers(text, "Capacités")
    if len(values) != n:
        raise OrlibError(f"Capacités : {n} valeurs attendues (une par colonne), {len(values)}.")
    negative = [value for value in values if value < 0]
    if negative:
        raise OrlibError(f"Capacités : une capacité ne peut être négative ({negative[0]}).")
    return np.array(values, dtype=np.int64)


def parse_forbidden(text: str, n: int) -> set[tuple[int, int]]:
    """Forbidden pairs, one "i j" per line, 1-based; returned 0-based. `#` starts a comment."""
    pairs = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        tokens = line.split()
        if len(tokens) != 2:
            raise OrlibError(f"Paires interdites, ligne {number} : « i j » attendu, « {line} ».")
        i, j = _integers(line, f"Paires interdites, ligne {number}")
        if not (1 <= i <= n and 1 <= j <= n):
            raise OrlibError(
                f"Paires interdites, ligne {number} : indices entre 1 et {n} attendus, « {line} »."
            )
        pairs.add((i - 1, j - 1))
    return pairs


def generate(n: int, seed: int) -> np.ndarray:
    """A random n x n instance: integer costs drawn uniformly from 1 to 1,000,000."""
    if n <= 0:
        raise OrlibError(f"La taille n doit être un entier positif, pas {n}.")
    return np.random.default_rng(seed).integers(LOW, HIGH, size=(n, n), endpoint=True)


def write_instance(costs: np.ndarray, out: TextIO) -> None:
    """Writes the instance in OR-Library layout: n, then one row of costs per line."""
    out.write(f"{costs.shape[0]}\n")
    for row in costs:
        out.write(" ".join(map(str, row.tolist())) + "\n")


def configure_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Adds the `solve` and `generate` subcommands (used as is by the management command)."""
    actions = parser.add_subparsers(dest="action", required=True, metavar="{solve,generate}")
    solve_parser = actions.add_parser(
        "solve", help="solve an OR-Library assignment instance (minimise the total cost)"
    )
    solve_parser.add_argument("file", help="the instance: n, then the n x n costs")
    solve_parser.add_argument("--capacities", help="n capacities, one per column")
    solve_parser.add_argument("--forbid", help='forbidden pairs, one "i j" per line, 1-based')
    generate_parser = actions.add_parser("generate", help="write a random instance")
    generate_parser.add_argument("--n", type=int, required=True, help="size of the instance")
    generate_parser.add_argument("--seed", type=int, default=0, help="random seed")
    generate_parser.add_argument("--output", help="file to write (default: standard output)")
    return parser


def _read(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OrlibError(f"{what} : lecture de « {path} » impossible ({error}).") from None


def run(action: str, options: dict, out: TextIO) -> None:
    """Runs one subcommand; raises OrlibError with a French message on bad input."""
    if action == "generate":
        costs = generate(options["n"], options["seed"])
        if options.get("output"):
            with Path(options["output"]).open("w", encoding="utf-8") as handle:
                write_instance(costs, handle)
        else:
            write_instance(costs, out)
        return
    costs = parse_instance(_read(options["file"], "Instance"))
    n = costs.shape[0]
    capacities = None
    forbidden: set[tuple[int, int]] = set()
    if options.get("capacities"):
        capacities = parse_capacities(_read(options["capacities"], "Capacités"), n)
    if options.get("forbid"):
        forbidden = parse_forbidden(_read(options["forbid"], "Paires interdites"), n)
    start = time.perf_counter()
    result = solve(costs, capacities=capacities, forbidden=forbidden, maximise=False)
    elapsed = time.perf_counter() - start
    out.write(f"optimal total cost: {result.total}\n")
    if len(result.pairs) < n:
        out.write(f"matched rows: {len(result.pairs)} of {n}\n")
    out.write(f"time: {elapsed:.3f} s\n")


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None):
    """`python -m passeurs.matching.orlib solve FILE`; returns the exit code (2 on bad input)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = configure_parser(argparse.ArgumentParser(prog="passeurs match"))
    options = vars(parser.parse_args(argv))
    try:
        run(options.pop("action"), options, out)
    except OrlibError as error:
        err.write(f"Erreur : {error}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
