"""Suggest existing blockers similar to what a project leader is typing.

Pure Python on purpose (no Django, no numpy): the app stores each blocker's analysed
terms (`analyse`) and legal reference keys, builds one `SimilarityIndex` per process with
`SimilarityIndex.from_rows` and keeps it current with `add_analysed`, `update` and `remove`.

Scoring is the cosine of TF-IDF vectors over a bag of folded, lightly stemmed French
words, so accents, case, plurals and word order do not hide a duplicate; each legal
reference the two blockers share adds a fixed bonus on top, because citing the same
article is strong evidence of the same blocker even when the wording differs.
"""

from __future__ import annotations

import heapq
import math
import random
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# --- Analysis -------------------------------------------------------------------------------

# Terms stored by the app are stale when this changes: re-analyse them before `from_rows`.
ANALYSIS_VERSION = 1

# Folded (no accents, lower case). Includes the modal verbs blocker texts are full of
# ("nous ne pouvons pas", "il faut") since they never tell two blockers apart.
STOPWORDS = frozenset(
    """
    a ai aie ainsi alors apres as au aucun aucune auquel aussi autre autres aux avaient
    avais avait avant avec avez avions avoir avons ayant c ca car ce ceci cela celle
    celles celui certain certaine certaines certains ces cet cette ceux chacun chacune
    chaque chez comme comment d dans de depuis des deja dit doit doivent donc dont du
    duquel elle elles en encore entre es est et etaient etais etait etant etc ete etes
    etre eu eux faire fait faut font ici il ils j je l la laquelle le lequel les
    lesquelles lesquels leur leurs lors lorsque lui m ma mais me meme memes mes moi
    moins mon n ne ni non nos notamment notre nous on ont or ou par parce pas peu peut
    peuvent plus plusieurs pour pourquoi pouvons puis puisque qu quand que quel quelle
    quelles quels qui quoi s sa sans se selon sera serait seront ses si sinon soit
    sommes son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un
    une vers voire vont vos votre vous y
    """.split()  # noqa: SIM905
)

# Expanded to their words so that "APL" meets "aide personnalisée au logement".
ABBREVIATIONS = {
    "apl": "aide personnalisee logement",
    "caf": "caisse allocations familiales",
    "cpam": "caisse primaire assurance maladie",
    "eaje": "etablissement accueil jeune enfant",
    "erp": "etablissement recevant public",
    "ess": "economie sociale solidaire",
    "fse": "fonds social europeen",
    "ge": "groupement employeurs",
    "iae": "insertion activite economique",
    "lfss": "loi financement securite sociale",
    "lppr": "liste produits prestations remboursables",
    "msp": "mediateur sante pair",
    "pmr": "personne mobilite reduite",
    "sdis": "service departemental incendie secours",
    "siae": "structure insertion activite economique",
    "spv": "sapeur pompier volontaire",
    "tva": "taxe valeur ajoutee",
}

# Plurals in -eux that are nouns in -eu, not adjectives in -eux/-euse.
_EU_PLURALS = frozenset(
    "adieux aveux cheveux enjeux feux jeux lieux milieux neveux pneux voeux".split()  # noqa: SIM905
)
_IRREGULAR = {"travaux": "travail"}

# (suffix, replacement, shortest stem left); the first rule that fits wins. Feminine and
# past-participle endings (-e, -ee) merge "handicapé", "handicapées" and "handicap";
# -ement, -ation and -er merge the noun and the verb ("remboursement", "rembourser").
_SUFFIXES = (
    ("issement", "", 3),
    ("ement", "", 3),
    ("ation", "", 3),
    ("atrice", "", 3),
    ("ateur", "", 3),
    ("euse", "", 3),
    ("eux", "", 3),
    ("enne", "en", 3),
    ("elle", "el", 3),
    ("onne", "on", 3),
    ("eur", "", 3),
    ("ive", "iv", 3),
    ("if", "iv", 3),
    ("ee", "", 3),
    ("er", "", 3),
    ("e", "", 3),
)

_TOKEN = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Œuvre d’Épicerie" -> "oeuvre d'epicerie"."""
    while True:
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
        if folded == text:
            return folded
        text = folded


def _stem_once(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) >= 5 and word.endswith("aux") and not word.endswith("eaux"):
        word = word[:-3] + "al"
    elif word in _EU_PLURALS or (
        len(word) >= 4 and word[-1] in "sx" and not word.endswith(("ss", "eux"))
    ):
        word = word[:-1]
    for suffix, replacement, shortest in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)] + replacement
    return word


def stem(word: str) -> str:
    """A small, conservative French suffix stripper, applied until nothing changes.

    Iterating makes every stem a fixed point, so analysing analysed text changes nothing.
    """
    if not word.isalpha():
        return word
    while True:
        stemmed = _stem_once(word)
        if stemmed == word:
            return word
        word = stemmed


def _analyse_token(token: str) -> list[str]:
    if token in STOPWORDS:
        return []
    if token in ABBREVIATIONS:
        return [term for word in ABBREVIATIONS[token].split() for term in _analyse_token(word)]
    term = stem(token)
    if term in ABBREVIATIONS:
        # "cafe" stems to "caf", which would read as the CAF on a second pass.
        term = token
    if len(term) < 2 or term in STOPWORDS:
        return []
    return [term]


def analyse(text: str) -> list[str]:
    """The terms of `text`, in order: folded, without stop words, stemmed."""
    return [term for token in _TOKEN.findall(fold(text)) for term in _analyse_token(token)]


# --- Index ----------------------------------------------------------------------------------

DocId = Hashable


@dataclass(frozen=True, slots=True)
class Document:
    id: DocId
    text: str
    reference_keys: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Match:
    id: DocId
    score: float
    shared_terms: tuple[str, ...]
    shared_references: tuple[str, ...]


class SimilarityIndex:
    """An in-memory inverted index of blockers, searched by TF-IDF cosine + shared references.

    Postings hold each term's weight already divided by the document's norm, so that a
    search only sums products. Norms depend on every document's IDF: they are recomputed in
    full when the collection has changed by more than a tenth since the last computation
    (always below `exact_below` documents); in between, a new document is weighted with the
    IDF of the moment. Document ids must be mutually comparable: ties are broken by id.
    """

    def __init__(
        self,
        documents: Iterable[Document] = (),
        *,
        min_score: float = 0.15,
        reference_weight: float = 0.5,
        reference_cap: float = 1.0,
        min_shared_terms: int = 2,
        max_query_terms: int = 24,
        max_df_ratio: float = 0.2,
        exact_below: int = 2000,
    ) -> None:
        self.min_score = min_score
        self.min_shared_terms = min_shared_terms
        self.reference_weight = reference_weight
        self.reference_cap = reference_cap
        self.max_query_terms = max_query_terms
        self.max_df_ratio = max_df_ratio
        self.exact_below = exact_below
        self._counts: dict[DocId, dict[str, int]] = {}
        self._references: dict[DocId, frozenset[str]] = {}
        self._postings: dict[str, dict[DocId, float]] = {}
        self._reference_postings: dict[str, set[DocId]] = {}
        self._changes = 0
        self._load(
            (document.id, analyse(document.text), document.reference_keys) for document in documents
        )

    # Building ---------------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[DocId, Sequence[str], Iterable[str]]], **options: Any
    ) -> SimilarityIndex:
        """Build from stored `(id, analysed terms, reference keys)` rows, without re-analysing."""
        index = cls(**options)
        index._load(rows)
        return index

    def to_rows(self) -> list[tuple[DocId, tuple[str, ...], tuple[str, ...]]]:
        """`(id, terms, reference keys)` rows that `from_rows` turns back into this index."""
        return [
            (
                doc_id,
                tuple(term for term, count in sorted(counts.items()) for _ in range(count)),
                tuple(sorted(self._references[doc_id])),
            )
            for doc_id, counts in self._counts.items()
        ]

    def add(self, document: Document) -> None:
        """Add a document; raises ValueError if its id is already in the index."""
        self.add_analysed(document.id, analyse(document.text), document.reference_keys)

    def add_analysed(
        self, doc_id: DocId, terms: Sequence[str], reference_keys: Iterable[str] = ()
    ) -> None:
        """Add a document whose text went through `analyse` already (the stored terms)."""
        counts = self._register(doc_id, terms, reference_keys)
        postings = self._postings
        for term in counts:
            postings.setdefault(term, {})
        idf = {term: self._idf(len(postings[term]) + 1) for term in counts}
        self._post(doc_id, counts, idf)
        self._changes += 1

    def update(self, document: Document) -> None:
        """Replace a document (or add it if it is new)."""
        if document.id in self._counts:
            self.remove(document.id)
        self.add(document)

    def remove(self, doc_id: DocId) -> None:
        """Forget a document; raises KeyError if it is not in the index."""
        counts = self._counts.pop(doc_id)
        for term in counts:
            postings = self._postings[term]
            del postings[doc_id]
            if not postings:
                del self._postings[term]
        for key in self._references.pop(doc_id):
            documents = self._reference_postings[key]
            documents.discard(doc_id)
            if not documents:
                del self._reference_postings[key]
        self._changes += 1

    def refresh(self) -> None:
        """Reweight every document with the current IDF."""
        idf = {term: self._idf(len(postings)) for term, postings in self._postings.items()}
        for doc_id, counts in self._counts.items():
            self._post(doc_id, counts, idf)
        self._changes = 0

    def __len__(self) -> int:
        return len(self._counts)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._counts

    def _load(self, rows: Iterable[tuple[DocId, Sequence[str], Iterable[str]]]) -> None:
        # On an empty index only. Document frequencies come first, so that each document is
        # weighted once, with its final IDF.
        documents = []
        frequencies: Counter[str] = Counter()
        for doc_id, terms, reference_keys in rows:
            counts = self._register(doc_id, terms, reference_keys)
            frequencies.update(counts.keys())
            documents.append((doc_id, counts))
        for term in frequencies:
            self._postings.setdefault(term, {})
        idf = {term: self._idf(len(self._postings[term]) + df) for term, df in frequencies.items()}
        for doc_id, counts in documents:
            self._post(doc_id, counts, idf)

    def _register(
        self, doc_id: DocId, terms: Sequence[str], reference_keys: Iterable[str]
    ) -> dict[str, int]:
        if doc_id in self._counts:
            raise ValueError(f"Document {doc_id!r} is already in the index; use update().")
        counts = dict.fromkeys(terms, 1)
        if len(counts) != len(terms):
            counts = dict(Counter(terms))
        references = frozenset(reference_keys)
        self._counts[doc_id] = counts
        self._references[doc_id] = references
        for key in references:
            self._reference_postings.setdefault(key, set()).add(doc_id)
        return counts

    def _post(self, doc_id: DocId, counts: dict[str, int], idf: dict[str, float]) -> None:
        weights = {
            term: (1.0 if count == 1 else 1.0 + math.log(count)) for term, count in counts.items()
        }
        norm = math.sqrt(sum((weight * idf[term]) ** 2 for term, weight in weights.items()))
        postings = self._postings
        for term, weight in weights.items():
            postings[term][doc_id] = weight / norm

    def _idf(self, df: int) -> float:
        return math.log(1.0 + len(self._counts) / max(df, 1))

    # Searching --------------------------------------------------------------------------

    def search(
        self,
        text: str,
        reference_keys: Iterable[str] = frozenset(),
        *,
        limit: int = 5,
        exclude: Iterable[DocId] = (),
    ) -> list[Match]:
        """The `limit` best documents scoring at least `min_score`, best first."""
        return self.search_analysed(analyse(text), reference_keys, limit=limit, exclude=exclude)

    def search_analysed(
        self,
        terms: Sequence[str],
        reference_keys: Iterable[str] = frozenset(),
        *,
        limit: int = 5,
        exclude: Iterable[DocId] = (),
    ) -> list[Match]:
        if limit <= 0 or not self._counts:
            return []
        if self._changes and (
            len(self._counts) < self.exact_below or self._changes * 10 > len(self._counts)
        ):
            self.refresh()
        query: dict[str, float] = {}
        for term, count in Counter(terms).items():
            postings = self._postings.get(term)
            query[term] = (1.0 + math.log(count)) * self._idf(len(postings) if postings else 0)
        query_norm = math.sqrt(sum(weight * weight for weight in query.values())) or 1.0

        # Very frequent terms weigh little and would cost most of the time: they are skipped.
        max_df = max(self.max_df_ratio * len(self._counts), 1000)
        used = [t for t in query if t in self._postings and len(self._postings[t]) <= max_df]
        used = sorted(used, key=lambda t: (-query[t], t))[: self.max_query_terms]
        cosines: dict[DocId, float] = {}
        get = cosines.get
        for term in used:
            postings = self._postings[term]
            factor = query[term] * self._idf(len(postings)) / query_norm
            for doc_id, weight in postings.items():
                cosines[doc_id] = get(doc_id, 0.0) + factor * weight

        keys = frozenset(reference_keys)
        hits: Counter[DocId] = Counter()
        for key in keys:
            hits.update(self._reference_postings.get(key, ()))
        excluded = set(exclude)
        floor = self.min_score
        counts, enough = self._counts, self.min_shared_terms
        # One word in common is not evidence of a duplicate; a shared reference is.
        scored = [
            (score, doc_id)
            for doc_id, score in cosines.items()
            if score >= floor
            and doc_id not in excluded
            and doc_id not in hits
            and sum(term in counts[doc_id] for term in used) >= enough
        ]
        for doc_id, count in hits.items():
            if doc_id not in excluded:
                bonus = min(self.reference_cap, self.reference_weight * count)
                score = get(doc_id, 0.0) + bonus
                if score >= floor:
                    scored.append((score, doc_id))
        best = heapq.nsmallest(limit, scored, key=lambda pair: (-pair[0], pair[1]))
        return [
            Match(
                id=doc_id,
                score=round(score, 6),
                shared_terms=tuple(sorted(t for t in used if t in self._counts[doc_id])),
                shared_references=tuple(sorted(keys & self._references[doc_id])),
            )
            for score, doc_id in best
        ]


# --- Evaluation and benchmark ---------------------------------------------------------------


def _labelled_cases() -> Sequence[Any]:
    from passeurs.blockers.tests.similarity_cases import CASES

    return CASES


def evaluate(cases: Sequence[Any] | None = None, *, k: int = 3, **options: Any) -> dict:
    """Precision and recall of the top `k` suggestions on a labelled set.

    Each case has `group` (None for a distractor), `text` and `references`. Every grouped
    text is searched among all the others; precision@k is the share of relevant results
    among those returned (averaged over queries that got any), recall@k the share of the
    findable paraphrases returned, min(k, group size - 1) (averaged over all queries).
    """
    cases = _labelled_cases() if cases is None else cases
    index = SimilarityIndex(
        [Document(i, case.text, frozenset(case.references)) for i, case in enumerate(cases)],
        **options,
    )
    precisions, recalls = [], []
    for i, case in enumerate(cases):
        if case.group is None:
            continue
        relevant = {j for j, other in enumerate(cases) if other.group == case.group} - {i}
        found = index.search(case.text, case.references, limit=k, exclude={i})
        right = sum(match.id in relevant for match in found)
        if found:
            precisions.append(right / len(found))
        recalls.append(right / min(k, len(relevant)))
    return {
        "texts": len(cases),
        "queries": len(recalls),
        "answered": len(precisions),
        f"precision_at_{k}": round(statistics.fmean(precisions), 3) if precisions else 0.0,
        f"recall_at_{k}": round(statistics.fmean(recalls), 3) if recalls else 0.0,
    }


_DOMAIN_WORDS = """
    accompagnement administration adhérent agrément aide allocation animateur association
    atelier autorisation bailleur bénévole budget caisse cantine chantier collectivité commune
    contrat convention coopérative crèche décret département dérogation dispositif dossier
    droit emploi employeur enfant entreprise épicerie équipement établissement famille
    financement formation habitant hébergement hôpital insertion jeune local logement loi
    maire marché matériel mobilité numérique parcours partenaire personne préfecture
    prestation producteur projet public quartier région règle remboursement réseau salarié
    santé sécurité senior service social solidaire statut subvention territoire tiers-lieu
    transport travail usager village ville volontaire
"""


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    syllables = [c + v for c in "bcdfglmnprstv" for v in ("a", "e", "i", "o", "u", "ou", "an")]
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(words)


def benchmark(n: int = 100_000, queries: int = 50, *, seed: int = 2019) -> dict:
    """Build an index of `n` blockers and time searches with the labelled texts.

    The index holds the labelled texts and synthetic blockers whose terms follow a Zipf law
    over a vocabulary whose most frequent ranks are the real domain words and the tail
    pseudo-words (pessimistic: every query term has a long posting list); 40% of synthetic
    blockers cite one or two of 5,000 references. The build starts from analysed rows, as
    the app does (analysis is not timed). Each query is a grouped labelled text, searched
    without itself; the precision of its top 3 among the noise is reported as well.
    """
    rng = random.Random(seed)
    cases = list(_labelled_cases())
    real = sorted({t for case in cases for t in analyse(case.text)} | set(analyse(_DOMAIN_WORDS)))
    rng.shuffle(real)
    vocabulary = real + _pseudo_words(rng, 30_000)
    cumulative, running = [], 0.0
    for rank in range(1, len(vocabulary) + 1):
        running += 1.0 / rank**1.05
        cumulative.append(running)
    reference_pool = sorted({key for case in cases for key in case.references}) + [
        f"code:code-synthetique:L{number}" for number in range(5000 - len(cases))
    ]
    rows = []
    for doc_id in range(max(n - len(cases), 0)):
        terms = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(12, 30))
        references = rng.sample(reference_pool, rng.randint(1, 2)) if rng.random() < 0.4 else ()
        rows.append((doc_id, terms, references))
    rows += [(n + i, analyse(case.text), case.references) for i, case in enumerate(cases)]

    start = time.perf_counter()
    index = SimilarityIndex.from_rows(rows)
    build_seconds = time.perf_counter() - start

    grouped = [(n + i, case) for i, case in enumerate(cases) if case.group is not None]
    timings, precisions = [], []
    for number in range(queries):
        doc_id, case = grouped[number % len(grouped)]
        start = time.perf_counter()
        found = index.search(case.text, case.references, limit=3, exclude={doc_id})
        timings.append((time.perf_counter() - start) * 1000)
        if found:
            relevant = sum(
                cases[match.id - n].group == case.group for match in found if match.id >= n
            )
            precisions.append(relevant / len(found))
    timings.sort()
    return {
        "documents": len(index),
        "terms": len(index._postings),
        "queries": queries,
        "build_s": round(build_seconds, 2),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)], 2),
        "max_ms": round(timings[-1], 2),
        # Informative only: the synthetic blockers are random bags of the labelled set's own
        # words, so some of them share two rare words with a query by chance.
        "precision_at_3_in_noise": round(statistics.fmean(precisions), 3) if precisions else 0.0,
    }


if __name__ == "__main__":
    print("labelled set:", evaluate())
    print("benchmark:", benchmark())
