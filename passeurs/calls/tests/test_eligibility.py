"""Eligibility is a pure rule: the call's rules and the project in, French reasons out."""

from hypothesis import given
from hypothesis import strategies as st

from passeurs.calls.eligibility import Candidate, Rules, describe, reasons
from passeurs.directory.models import OrganisationKind

KINDS = st.sampled_from(OrganisationKind.values)
CODES = st.frozensets(st.sampled_from(["11", "24", "53", "75", "84"]), max_size=3)
DEPARTMENTS = st.frozensets(st.sampled_from(["29", "35", "69", "75", "13"]), max_size=3)
SLUGS = st.frozensets(st.sampled_from(["inclusion", "sante", "emploi", "culture"]), max_size=3)


def candidates():
    return st.builds(
        Candidate, kind=KINDS, regions=CODES, departments=DEPARTMENTS, challenges=SLUGS
    )


def test_a_foundation_is_told_the_call_is_for_associations_and_scop():
    rules = Rules(kinds=("association", "scop"))

    found = reasons(rules, Candidate(kind="fondation"))

    assert found == [
        "Votre structure est une fondation ; cet appel s’adresse aux associations et aux SCOP."
    ]


def test_a_project_outside_the_territories_is_told_which_ones_count():
    rules = Rules(regions={"53": "Bretagne"}, departments={"69": "Rhône (69)"})

    found = reasons(rules, Candidate(kind="association", regions=frozenset({"84"})))

    assert len(found) == 1
    assert "Bretagne, Rhône (69)" in found[0]


def test_a_department_of_the_call_is_enough():
    rules = Rules(departments={"69": "Rhône (69)"})

    assert reasons(rules, Candidate(kind="scop", departments=frozenset({"69"}))) == []


def test_a_project_without_a_shared_challenge_is_told_so():
    rules = Rules(challenges={"sante": "Santé"})

    found = reasons(rules, Candidate(kind="association", challenges=frozenset({"culture"})))

    assert found == [
        "Votre projet ne porte sur aucun des défis de l’appel (Santé) : indiquez ses défis "
        "sur sa fiche."
    ]


def test_every_broken_rule_gives_its_own_reason():
    rules = Rules(kinds=("scic",), regions={"11": "Île-de-France"}, challenges={"emploi": "Emploi"})

    assert len(reasons(rules, Candidate(kind="association"))) == 3


@given(candidates())
def test_empty_rules_admit_everyone(candidate):
    assert reasons(Rules(), candidate) == []


@given(candidates())
def test_rules_built_from_the_candidate_admit_it(candidate):
    rules = Rules(
        kinds=(candidate.kind,),
        regions={code: code for code in candidate.regions},
        departments={code: code for code in candidate.departments},
        challenges={slug: slug for slug in candidate.challenges},
    )

    assert reasons(rules, candidate) == []


@given(candidates(), st.lists(KINDS, min_size=1, max_size=4, unique=True))
def test_the_kind_rule_refuses_exactly_the_other_kinds(candidate, kinds):
    found = reasons(Rules(kinds=tuple(kinds)), candidate)

    assert bool(found) == (candidate.kind not in kinds)
    assert all(reason.startswith("Votre structure est") for reason in found)


def test_the_rules_are_described_in_words():
    assert describe(Rules()) == ["Cet appel est ouvert à toutes les structures, partout en France."]
    lines = describe(Rules(kinds=("association",), challenges={"sante": "Santé"}))
    assert lines[0] == "Structures : cet appel s’adresse aux associations."
    assert "Santé" in lines[1]
