"""Pure matching algorithms for the pairing programmes: no Django, plain ids and numbers.

`solve` gives the optimal assignment (scores or costs, capacities, forbidden and fixed
pairs); `stable_match` the project-proposing deferred acceptance when both sides rank each
other; `orlib` reads and writes J.E. Beasley's OR-Library assignment instances.
"""

from passeurs.matching.solver import Assignment, Reason, solve
from passeurs.matching.stable import blocking_pairs, stable_match

__all__ = ["Assignment", "Reason", "blocking_pairs", "solve", "stable_match"]
