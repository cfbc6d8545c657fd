"""Ranking: weighted scores on 0..100, disagreement flags, the order, `rank_applications()`.

Part of `passeurs.matching.reviews` (see its docstring).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

from passeurs.matching.solver import canonical


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion: its weight and the range of its scores (e.g. 0..5 or 0..20)."""

    id: Hashable
    weight: float = 1.0
    low: float = 0.0
    high: float = 5.0


@dataclass(frozen=True)
class Review:
    """One reviewer's scores of one application: criterion id -> score (every criterion)."""

    reviewer: Hashable
    application: Hashable
    scores: Mapping[Hashable, float]


@dataclass(frozen=True)
class CriterionScore:
    """One criterion on one application, on 0..100 (never corrected for reviewer bias)."""

    mean: float
    minimum: float
    maximum: float
    disagreement: bool


@dataclass(frozen=True)
class ApplicationScore:
    """An application's result. Scores are on 0..100; None when it has no review.

    `totals`: each reviewer's weighted total (corrected when the ranking is normalised), from
    which `score` (their mean), `minimum`, `maximum` and `std` (population standard deviation)
    come. `disagreement`: maximum - minimum exceeds the threshold. `rank`: 1-based among the
    complete applications, None for an incomplete one.
    """

    application: Hashable
    rank: int | None
    score: float | None
    reviews: int
    minimum: float | None
    maximum: float | None
    std: float | None
    disagreement: bool
    criteria: Mapping[Hashable, CriterionScore]
    totals: Mapping[Hashable, float]
    complete: bool

    @property
    def disagreements(self) -> int:
        """How many flags: the total plus each criterion."""
        return int(self.disagreement) + sum(c.disagreement for c in self.criteria.values())


@dataclass(frozen=True)
class Ranking:
    """The complete applications in rank order, then the incomplete ones (fewer reviews than
    required) in the same order, unranked."""

    ranked: tuple[ApplicationScore, ...]
    incomplete: tuple[ApplicationScore, ...]
    normalised: bool
    threshold: float


def rank_applications(
    reviews: Sequence[Review],
    criteria: Sequence[Criterion],
    *,
    required: int = 1,
    normalise: bool = False,
    threshold: float = 25.0,
    applications: Collection[Hashable] = (),
) -> Ranking:
    """Weighted scores on 0..100, disagreement flags and a deterministic ranking.

    A review's weighted total is sum(weight_c * score_c on 0..100) / sum(weights), each
    criterion's score mapped from its own range to 0..100 (so 0..5 and 0..20 criteria mix);
    an application's score is the mean of its reviews' totals.

    `normalise=True` corrects harsh or lenient reviewers: each reviewer's totals are z-scored
    over the applications they reviewed, then mapped back to the mean and standard deviation
    of all the totals, so the scale stays readable (a corrected total may leave 0..100
    slightly; it is not clipped, clipping would create ties). A reviewer with a single review
    is left as is (one score says nothing about their bias, and shifting it would erase it); a
    reviewer with several identical totals is shifted to the global mean (they expressed no
    preference between their applications). Criterion details are never corrected.

    `required`: reviews an application needs to be ranked; `applications` lists ids with no
    review yet, so they show as incomplete. Ties: score (rounded to 1e-9) descending, then
    fewer disagreement flags, then id (canonical order).
    Raises ValueError on a review missing a criterion, a score out of range, an unknown
    criterion, two reviews of one application by one reviewer, or bad weights/ranges.
    """
    by_id = {c.id: c for c in criteria}
    if len(by_id) != len(criteria) or not criteria:
        raise ValueError("criteria must be non-empty with distinct ids")
    for c in criteria:
        if c.weight < 0 or not c.high > c.low:
            raise ValueError(f"criterion {c.id!r}: weight must be >= 0 and high > low")
    weight_sum = math.fsum(c.weight for c in criteria)
    if weight_sum <= 0:
        raise ValueError("criteria weights must not all be zero")

    seen: set[tuple[Hashable, Hashable]] = set()
    on_scale: list[dict[Hashable, float]] = []  # per review, criterion -> 0..100
    raw: list[float] = []
    for review in reviews:
        key = (review.reviewer, review.application)
        if key in seen:
            raise ValueError(f"two reviews of {review.application!r} by {review.reviewer!r}")
        seen.add(key)
        if set(review.scores) != set(by_id):
            raise ValueError(f"review {key!r} must score exactly the criteria {list(by_id)!r}")
        scaled = {}
        for cid, score in review.scores.items():
            c = by_id[cid]
            if not c.low <= score <= c.high:
                raise ValueError(f"review {key!r}: {cid!r} = {score} is outside {c.low}..{c.high}")
            scaled[cid] = 100.0 * (score - c.low) / (c.high - c.low)
        on_scale.append(scaled)
        raw.append(math.fsum(by_id[c].weight * v for c, v in scaled.items()) / weight_sum)

    totals = _normalised(reviews, raw) if normalise else raw
    per_app: dict[Hashable, list[int]] = {a: [] for a in applications}
    for index, review in enumerate(reviews):
        per_app.setdefault(review.application, []).append(index)

    results = []
    for application, indices in per_app.items():
        values = [totals[i] for i in indices]
        details = {cid: _criterion([on_scale[i][cid] for i in indices], threshold) for cid in by_id}
        score = _mean(values) if values else None
        results.append(
            ApplicationScore(
                application=application,
                rank=None,
                score=score,
                reviews=len(values),
                minimum=min(values) if values else None,
                maximum=max(values) if values else None,
                std=_pstdev(values) if values else None,
                disagreement=bool(values) and max(values) - min(values) > threshold,
                criteria=details if values else {},
                totals={reviews[i].reviewer: totals[i] for i in indices},
                complete=len(values) >= required,
            )
        )
    order = {a: k for k, a in enumerate(canonical(per_app))}
    results.sort(
        key=lambda r: (
            r.score is None,
            -round(r.score or 0.0, 9),
            r.disagreements,
            order[r.application],
        )
    )
    ranked = tuple(
        _with_rank(r, rank) for rank, r in enumerate((r for r in results if r.complete), 1)
    )
    return Ranking(
        ranked=ranked,
        incomplete=tuple(r for r in results if not r.complete),
        normalised=normalise,
        threshold=threshold,
    )


def _normalised(reviews: Sequence[Review], raw: list[float]) -> list[float]:
    """Each reviewer's totals z-scored, then mapped to the global mean and deviation."""
    if not raw:
        return []
    mean, std = _mean(raw), _pstdev(raw)
    by_reviewer: dict[Hashable, list[int]] = {}
    for index, review in enumerate(reviews):
        by_reviewer.setdefault(review.reviewer, []).append(index)
    result = list(raw)
    for indices in by_reviewer.values():
        if len(indices) < 2:
            continue  # a single review: left as is
        own = [raw[i] for i in indices]
        own_mean, own_std = _mean(own), _pstdev(own)
        for i in indices:
            if own_std > 1e-9:
                result[i] = mean + std * (raw[i] - own_mean) / own_std
            else:
                result[i] = mean  # no spread: shifted only
    return result


def _criterion(values: list[float], threshold: float) -> CriterionScore:
    if not values:
        return CriterionScore(math.nan, math.nan, math.nan, False)
    low, high = min(values), max(values)
    return CriterionScore(_mean(values), low, high, high - low > threshold)


def _with_rank(score: ApplicationScore, rank: int) -> ApplicationScore:
    return replace(score, rank=rank)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _pstdev(values: Sequence[float]) -> float:
    mean = _mean(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
