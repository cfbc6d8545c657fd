"""Seating participants at tables (or hackathon teams) so that every table mirrors the room.

Pure: no Django. The app adapts its registrations into `Person` rows and words the structured
violations and infeasibility reasons itself (no message text here).

Hard rules, never broken by `seat` (and reported, not refused, by `score`):

- two people of the same organisation never share a table (`organisation=None`: no rule);
- each `together` group sits at one table (overlapping groups merge into one block);
- each `apart` pair sits at two different tables;
- a `locked` person sits at their table (a block with one locked member goes with it);
- a table never holds more people than its capacity; everybody is seated exactly once.

The objective, lower is better, is a sum over tables t of

    cost_t = w_category * D_t + w_territory * P_t + w_size * Z_t

with n people, N_c of category c (share s_c = N_c / n), K the total capacity, k_t the
capacity of table t, m_t its number of people, x_tc of them of category c, y_tr of territory r:

- D_t = sum_c (x_tc - s_c * m_t)^2: distance of the table's make-up from the room's;
- P_t = sum_r y_tr * (y_tr - 1) / 2: pairs of people of the same territory at the table
  (people with `territory=None` count for none);
- Z_t = (m_t - n * k_t / K)^2: tables filled in proportion to their capacity rather than some
  full and some empty (zero when the capacities add up to the number of people).

D_t and Z_t are computed exactly on integers (n^2 * D_t and K^2 * Z_t are integers), so equal
make-ups always score the same. Default weights: category 1, territory 0.25 (secondary: one
extra pair of the same territory is worth less than one person of a category too many), size 1.

Display score per table: balance_t = 100 * (1 - sqrt(D_t / Dmax(m_t))) in [0, 100], where
Dmax(m) = m^2 * (1 - 2 * s_min + sum_c s_c^2) is D for a table made of m people of the rarest
category (the worst make-up, D being convex); 100 means the table has exactly the room's
proportions, and an empty table is 100. The global balance is the mean of the tables' balances
weighted by their number of people. Territories are reported apart, as P_t.

Search: blocks (together groups, or single people) are placed greedily (locked ones first, then
the biggest, then people of large organisations, then category by category, rarest first, each
at the table where it costs least); rule clashes left by the greedy start are repaired by a
min-conflicts search (exhaustive search on small problems). Then simulated annealing over moves
of a block to a table with room, swaps of two blocks, and exchanges of a group with as many
single people of a full table, each evaluated in O(block size) from per-table counts. The
organisation and apart rules cut the seatings into islands that such changes cannot cross, so
the annealing may break them at a price that grows as it cools, and keeps the best seating that
breaks none. Small problems restart from the best seating so far (reheated fully or to a tenth
in turn), and problems of up to `_POLISH_BLOCKS` blocks end with a descent to a local optimum
for moves and swaps. The same problem and seed give the same seating unless `time_limit` cuts
the search short.

The package, by topic (it re-exports the public names; the private ones stay in their
module):

- `problem`: the problem and result types (`Weights`, `Person`, `SeatingProblem`, `Seating`,
  `Evaluation`, `TableScore`), the rules a seating breaks (`Rule`, `Violation`) and why no
  seating exists (`Cause`, `Infeasibility`, `InfeasibleSeating`);
- `model`: the problem in integers (`_Model`): indices, together blocks, the cost and balance
  of a table, and the contradictions seen without searching (the infeasibility reasons);
- `state`: the search state (`_State`): blocks at tables, per-table counts, the cost change
  of a move, swap or exchange, and its rule checks;
- `construction`: the greedy start and the min-conflicts repair of its rule clashes;
- `exact`: the exhaustive search for a first seating on small problems;
- `improvement`: the annealing runs and the move-and-swap descent;
- `scoring`: `score`, the cost, balance and broken rules of any seating;
- `solve`: `seat`, which checks the problem and runs the steps above in turn.
"""

from passeurs.matching.tables.problem import (
    Cause,
    Evaluation,
    Infeasibility,
    InfeasibleSeating,
    Person,
    Rule,
    Seating,
    SeatingProblem,
    TableScore,
    Violation,
    Weights,
)
from passeurs.matching.tables.scoring import score
from passeurs.matching.tables.solve import seat

__all__ = [
    "Cause",
    "Evaluation",
    "Infeasibility",
    "InfeasibleSeating",
    "Person",
    "Rule",
    "Seating",
    "SeatingProblem",
    "TableScore",
    "Violation",
    "Weights",
    "score",
    "seat",
]
