"""Jury review of calls for projects: who reads which application, the ranking, the laureates.

Pure: no Django. The calls app adapts its rows (applications, jury members, scored reviews)
into the plain dataclasses below and back. Three steps, three functions:

1. `assign_reviews()`: every application read by `per_application` distinct reviewers, never
   by a reviewer who declared a conflict with its organisation, the reading load as even as the
   conflicts allow, then the affinity (shared challenge...) as high as possible.
2. `rank_applications()`: the weighted score of each application on 0..100, optionally
   corrected for harsh or lenient reviewers, the spread between reviewers flagged, and a
   deterministic order.
3. `select_laureates()`: the top `count`, or the best set under a budget (exact 0/1 knapsack),
   or the greedy-by-rank baseline.

Why the assignment is exact (and what "balanced" means) is explained in the docstring of
`assignment`, next to the code it is about.

The parts, by topic (this package re-exports the public names; the private ones stay in
their module):

- `assignment`: `Application`, `Reviewer`, `ShortageKind`, `Shortage`, `Infeasible`,
  `ReviewAssignment` and `assign_reviews()`: feasibility and the smallest maximum load by
  max-flow, then the balanced assignment and the affinity by linear programming;
- `ranking`: `Criterion`, `Review`, `CriterionScore`, `ApplicationScore`, `Ranking` and
  `rank_applications()`, with the normalisation of harsh or lenient reviewers;
- `selection`: `Selection`, `select_laureates()` and its constants (`SCORE_UNIT`,
  `DEFAULT_METHOD`, `SPARSE_STATES`, `DENSE_CELLS`: a test that changes one patches it on
  `selection`, which reads it), the exact knapsack (sparse Pareto frontiers, or dense).
"""

from passeurs.matching.reviews.assignment import (
    Application,
    Infeasible,
    ReviewAssignment,
    Reviewer,
    Shortage,
    ShortageKind,
    assign_reviews,
)
from passeurs.matching.reviews.ranking import (
    ApplicationScore,
    Criterion,
    CriterionScore,
    Ranking,
    Review,
    rank_applications,
)
from passeurs.matching.reviews.selection import DEFAULT_METHOD as DEFAULT_METHOD
from passeurs.matching.reviews.selection import DENSE_CELLS as DENSE_CELLS
from passeurs.matching.reviews.selection import SCORE_UNIT as SCORE_UNIT
from passeurs.matching.reviews.selection import SPARSE_STATES as SPARSE_STATES
from passeurs.matching.reviews.selection import Selection, select_laureates

__all__ = [
    "Application",
    "ApplicationScore",
    "Criterion",
    "CriterionScore",
    "Infeasible",
    "Ranking",
    "Review",
    "ReviewAssignment",
    "Reviewer",
    "Selection",
    "Shortage",
    "ShortageKind",
    "assign_reviews",
    "rank_applications",
    "select_laureates",
]
