import ast
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passeurs.blockers import similarity
from passeurs.blockers.similarity import (
    ABBREVIATIONS,
    STOPWORDS,
    Document,
    SimilarityIndex,
    analyse,
    benchmark,
    evaluate,
    fold,
)
from passeurs.blockers.tests.similarity_cases import CASES, CSS_L165_1

LABELLED = SimilarityIndex(
    [Document(i, case.text, case.references) for i, case in enumerate(CASES)]
)


def small_index(**options):
    return SimilarityIndex(
        [
            Document(1, "Remboursement du matériel médical reconditionné", frozenset({CSS_L165_1})),
            Document(2, "Permis de stationnement pour une épicerie mobile dans chaque commune"),
            Document(3, "Taux d'encadrement des enfants dans les micro-crèches rurales"),
            Document(4, "Responsabilité solidaire des membres d'un groupement d'employeurs"),
        ],
        **options,
    )


# Analysis


def test_folding_drops_accents_case_and_ligatures():
    assert fold("Œuvre d’Épicerie À LA Crèche") == "oeuvre d'epicerie a la creche"


def test_accents_and_case_do_not_change_the_terms():
    assert analyse("Épicerie MOBILE à Pézenas") == analyse("epicerie mobile a pezenas")


@pytest.mark.parametrize(
    "words",
    [
        ["remboursement", "rembourser", "remboursés", "remboursées", "rembourse"],
        ["handicapé", "handicapées", "handicap", "handicapés"],
        ["crèche", "crèches", "creches"],
        ["local", "locaux", "locale", "locales"],
        ["social", "sociaux", "sociales"],
        ["activité", "activités"],
        ["actif", "active", "actives", "actifs"],
        ["coûteux", "coûteuse", "coûteuses"],
        ["tiers-lieu", "tiers-lieux"],
        ["employeur", "employeurs", "employer"],
        ["âgé", "âgée", "âgées"],
        ["intergénérationnel", "intergénérationnelle", "intergénérationnels"],
        ["autorisation", "autorisations", "autoriser", "autorisé"],
    ],
)
def test_inflections_of_a_word_share_its_terms(words):
    assert len({tuple(analyse(word)) for word in words}) == 1, [analyse(w) for w in words]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("pompier", "pompe"),
        ("mobile", "mobilier"),
        ("cantine", "canton"),
        ("salarié", "salaire"),
        ("santé", "saint"),
        ("logement", "loi"),
        ("commune", "communication"),
        ("don", "donnée"),
        ("café", "CAF"),
    ],
)
def test_unrelated_words_keep_different_terms(first, second):
    assert analyse(first) != analyse(second)


def test_stop_words_and_single_letters_are_dropped():
    assert analyse("Il ne peut pas être remboursé par l'assurance, c'est à nous de le faire") == [
        "rembour",
        "assuranc",
    ]


def test_an_abbreviation_means_its_words():
    assert analyse("l'APL") == analyse("aide personnalisée au logement")
    assert analyse("un ERP") == analyse("établissement recevant du public")


def test_abbreviation_expansions_are_already_analysed():
    for expansion in ABBREVIATIONS.values():
        terms = analyse(expansion)
        assert terms, expansion
        assert not set(terms) & (set(ABBREVIATIONS) | STOPWORDS), expansion


def test_word_order_does_not_change_the_bag_of_terms():
    words = [
        "la",
        "cantine",
        "scolaire",
        "ne",
        "peut",
        "pas",
        "acheter",
        "aux",
        "producteurs",
        "locaux",
    ]
    shuffled = words[:]
    random.Random(3).shuffle(shuffled)
    assert Counter(analyse(" ".join(shuffled))) == Counter(analyse(" ".join(words)))


@given(
    st.permutations(
        ["Seuils", "des", "marchés", "publics", "pour", "la", "restauration", "scolaire"]
    )
)
def test_any_permutation_gives_the_same_bag(words):
    reference = analyse("Seuils des marchés publics pour la restauration scolaire")
    assert Counter(analyse(" ".join(words))) == Counter(reference)


@given(st.text())
def test_analysing_analysed_text_changes_nothing(text):
    terms = analyse(text)
    assert analyse(" ".join(terms)) == terms


@given(st.text(alphabet=st.sampled_from("aàâeéèêëiîïoôuùûüyçœæsxrtnml -'’"), max_size=40))
def test_analysing_french_looking_text_is_idempotent(text):
    terms = analyse(text)
    assert analyse(" ".join(terms)) == terms


def test_the_module_does_not_import_django():
    tree = ast.parse(Path(similarity.__file__).read_text())
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {module for module in modules if module and module.startswith("django")}


# Search


def test_it_finds_a_paraphrase_in_other_words_and_order():
    index = small_index()
    [match, *_] = index.search("Micro-creches en zone rurale : encadrement des enfants trop strict")
    assert match.id == 3
    assert set(match.shared_terms) >= {"crech", "encadr", "enfant", "micro", "rural"}
    assert 0 < match.score <= 1


def test_a_shared_reference_alone_brings_a_match():
    index = small_index()
    assert index.search("Fauteuils d'occasion") == []
    [match] = index.search("Fauteuils d'occasion", frozenset({CSS_L165_1}))
    assert match.id == 1
    assert match.score >= index.min_score
    assert match.shared_references == (CSS_L165_1,)
    assert match.shared_terms == ()


def test_a_shared_reference_raises_the_score():
    index = small_index()
    [without] = index.search("remboursement du matériel reconditionné", limit=1)
    [with_reference] = index.search(
        "remboursement du matériel reconditionné", frozenset({CSS_L165_1}), limit=1
    )
    assert with_reference.score == pytest.approx(without.score + index.reference_weight)


def test_nonsense_suggests_nothing():
    assert LABELLED.search("zorglub blibli kaboum") == []
    assert LABELLED.search("") == []
    assert LABELLED.search("le la les de des, et ou : à") == []


def test_a_single_common_word_suggests_nothing():
    assert LABELLED.search("associations") == []


def test_exclude_hides_a_document():
    index = small_index()
    query = "épicerie mobile et permis de stationnement"
    assert [match.id for match in index.search(query)] == [2]
    assert index.search(query, exclude={2}) == []


def test_a_removed_document_is_no_longer_suggested():
    index = small_index()
    index.remove(2)
    assert 2 not in index
    assert index.search("épicerie mobile et permis de stationnement") == []
    with pytest.raises(KeyError):
        index.remove(2)


def test_update_replaces_the_text():
    index = small_index()
    index.update(Document(2, "Cohabitation intergénérationnelle et perte de l'APL"))
    assert index.search("épicerie mobile et permis de stationnement") == []
    assert [m.id for m in index.search("l'APL en cohabitation intergénérationnelle")] == [2]


def test_adding_an_existing_id_is_refused():
    index = small_index()
    with pytest.raises(ValueError, match="already in the index"):
        index.add(Document(1, "Autre chose"))


def test_ties_are_broken_by_id():
    index = SimilarityIndex(
        [
            Document("b", "Épicerie mobile et permis de stationnement"),
            Document("c", "Taux d'encadrement des micro-crèches"),
            Document("a", "Permis de stationnement et épicerie mobile"),
        ]
    )
    assert [m.id for m in index.search("épicerie mobile, permis de stationnement")] == ["a", "b"]


def test_results_do_not_depend_on_insertion_order():
    documents = [Document(i, case.text, case.references) for i, case in enumerate(CASES)]
    shuffled = documents[:]
    random.Random(7).shuffle(shuffled)
    other = SimilarityIndex(shuffled)
    for case in CASES[:12]:
        assert other.search(case.text, case.references) == LABELLED.search(
            case.text, case.references
        )


def test_an_index_grown_one_by_one_answers_like_a_bulk_build():
    grown = SimilarityIndex()
    for i, case in enumerate(CASES):
        grown.add(Document(i, case.text, case.references))
    for case in CASES[:12]:
        assert grown.search(case.text, case.references) == LABELLED.search(
            case.text, case.references
        )


def test_stored_rows_rebuild_the_same_index():
    rows = LABELLED.to_rows()
    rebuilt = SimilarityIndex.from_rows(rows)
    assert rebuilt.to_rows() == rows
    assert len(rebuilt) == len(CASES)
    for case in CASES[:12]:
        assert rebuilt.search(case.text, case.references) == LABELLED.search(
            case.text, case.references
        )


def test_limit_caps_the_number_of_suggestions():
    assert len(LABELLED.search(CASES[0].text, CASES[0].references, limit=2)) == 2
    assert LABELLED.search(CASES[0].text, limit=0) == []


@settings(max_examples=200)
@given(
    text=st.text(),
    references=st.frozensets(st.sampled_from([CSS_L165_1, "code:inconnu:L1", ""])),
    limit=st.integers(min_value=-1, max_value=8),
)
def test_search_never_fails_and_sorts_by_score(text, references, limit):
    matches = LABELLED.search(text, references, limit=limit)
    assert len(matches) <= max(limit, 0)
    assert len({m.id for m in matches}) == len(matches)
    keys = [(-m.score, m.id) for m in matches]
    assert keys == sorted(keys)
    assert all(m.score >= LABELLED.min_score for m in matches)


@given(st.sampled_from(range(len(CASES))), st.lists(st.sampled_from(sorted(STOPWORDS)), max_size=5))
def test_a_text_finds_itself_first(i, noise):
    case = CASES[i]
    [best, *_] = LABELLED.search(" ".join([case.text, *noise]))
    assert best.id == i
    assert best.score == pytest.approx(1.0)


# The labelled set and the benchmark


def test_the_labelled_set_has_groups_of_paraphrases():
    groups = Counter(case.group for case in CASES if case.group is not None)
    assert len(CASES) >= 40
    assert all(3 <= size <= 5 for size in groups.values()), groups
    assert any(case.group is None for case in CASES)


def test_top_3_suggestions_are_precise_on_the_labelled_set():
    metrics = evaluate(CASES)
    print(f"\nSimilar blockers, labelled set: {metrics}")
    assert metrics["precision_at_3"] >= 0.8
    assert metrics["recall_at_3"] >= 0.8
    assert metrics["answered"] >= 0.9 * metrics["queries"]


def test_the_benchmark_runs_on_a_small_index():
    result = benchmark(n=2000, queries=5)
    assert result["documents"] == 2000
    assert result["queries"] == 5
    assert {"build_s", "median_ms", "p95_ms", "precision_at_3_in_noise"} <= result.keys()
