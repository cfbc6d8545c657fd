"""The directory search: identifiers, French words, ranking, pages, counts, the index kept
current, and the registry fields the results and the detail page show.

Every test runs on SQLite and on PostgreSQL (DATABASE_URL): the two indexes must agree.
"""

import datetime
from http import HTTPStatus

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passeurs.core.models import Challenge, Department
from passeurs.core.text import fold
from passeurs.directory import search, selectors, services
from passeurs.directory.filters import OrganisationFilterForm
from passeurs.directory.models import Organisation, OrganisationKind, OrganisationSearch
from passeurs.directory.search import results as search_results
from passeurs.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("directory:organisation_list")
API_ORGANISATIONS = "/api/v1/organisations"


def find(query: str = "", **filters):
    """The search the pages and the API run, with filters cleaned by their shared form."""
    form = OrganisationFilterForm(data={"q": query, **filters})
    assert form.is_valid(), form.errors
    return selectors.organisation_search(filters=form.cleaned_data)


def names(results) -> list[str]:
    return [organisation.name for organisation in results]


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def html(response) -> str:
    content = response.content.decode()
    assert "!!MISSING" not in content, "a template variable is unknown"
    return content


# Identifiers


@pytest.mark.parametrize(
    ("fields", "query"),
    [
        ({"rna": "W691234567"}, "W691234567"),
        ({"rna": "W691234567"}, "w691234567"),
        ({"siren": "552100554"}, "552100554"),
        ({"siren": "552100554"}, "552 100 554"),
        ({"siret": "55210055400005"}, "552 100 554 00005"),
        ({"siret": "55210055400005"}, "552.100.554.00005"),
    ],
)
def test_an_identifier_ranks_its_structure_before_those_that_only_contain_it(fields, query):
    # PostgreSQL reads "552.100.554.00005" in a text as one token: others carry it spaced.
    characters = query.replace(".", " ")
    others_by_name = OrganisationFactory(name=f"Aaa collectif {characters}")
    others_by_purpose = OrganisationFactory(name="Aab", purpose=f"Anciennement {characters}.")
    # Named and created to come last: only its identifier can put it first.
    structure = OrganisationFactory(name="Zébulon, régie de quartier", **fields)

    results = find(query)

    assert list(results) == [structure, others_by_name, others_by_purpose]
    assert results.count() == 3


def test_an_identifier_that_matches_nobody_finds_nothing():
    OrganisationFactory(siren="552100554")

    assert list(find("443061841")) == []


# French words


@pytest.mark.parametrize("query", ["ecole", "ECOLE", "école", "écoles", "Ecoles"])
def test_search_ignores_accents_case_and_plurals(query):
    school = OrganisationFactory(name="École de musique")
    OrganisationFactory(name="Collège Jean Moulin")

    assert list(find(query)) == [school]


@pytest.mark.parametrize(
    "query", ["associations sportives", "Association Sportive", "sportives associations"]
)
def test_search_matches_french_word_forms(query):
    club = OrganisationFactory(name="Association sportive de Lyon")
    OrganisationFactory(name="Association culturelle de Lyon")

    assert list(find(query)) == [club]


def test_search_matches_typographic_apostrophes_and_hyphens():
    school = OrganisationFactory(name="L’École de la rue")
    house = OrganisationFactory(name="Maison de Saint-Étienne")

    assert list(find("l'ecole")) == [school]
    assert list(find("saint etienne")) == [house]


# Ranking


def test_the_whole_name_comes_before_names_which_come_before_objects_and_cities():
    in_purpose = OrganisationFactory(
        name="Aaa collectif", purpose="Animer des jardins partagés dans le quartier."
    )
    in_city = OrganisationFactory(name="Aab collectif", city="Jardins-Partagés-sur-Saône")
    in_name = OrganisationFactory(name="Les jardins partagés de Vaise")
    whole_name = OrganisationFactory(name="Jardins partagés")
    across = OrganisationFactory(name="Jardins ouvriers", purpose="Des potagers partagés.")
    OrganisationFactory(name="Jardins ouvriers de Vaise", purpose="Des potagers.")

    results = find("jardins partages")

    # Name tiers first; then, by folded name, every structure with the words anywhere.
    assert list(results) == [whole_name, in_name, in_purpose, in_city, across]
    assert results.count() == 5


WORDS = ["Abeille", "ÉCLUSE", "écho", "Œillet", "olivier", "Île", "ibis", "Zèbre", "Ébène"]


def test_pages_follow_the_tiers_then_the_folded_name_then_the_id_without_gaps():
    whole_names = [OrganisationFactory(name="Ressourcerie") for _ in range(3)]
    in_names = [
        OrganisationFactory(name=f"Ressourcerie {WORDS[index % len(WORDS)]}") for index in range(22)
    ]
    in_purposes = [
        OrganisationFactory(
            name=f"Atelier {WORDS[index % len(WORDS)]}",
            purpose="Une ressourcerie de quartier.",
        )
        for index in range(20)
    ]
    OrganisationFactory(name="Recyclerie")  # not a match

    def by_name(organisations):
        return sorted(organisations, key=lambda o: (fold(o.name), o.pk))

    expected = by_name(whole_names) + by_name(in_names) + by_name(in_purposes)
    results = find("ressourcerie")
    paginator = Paginator(results, 20)
    pages = [list(paginator.page(number).object_list) for number in (1, 2, 3)]

    assert paginator.count == 45
    assert paginator.num_pages == 3
    assert [len(page) for page in pages] == [20, 20, 5]
    listed = [organisation for page in pages for organisation in page]
    assert len({organisation.pk for organisation in listed}) == 45
    assert listed == list(results) == expected


def test_a_page_read_twice_is_the_same():
    for index in range(25):
        OrganisationFactory(name=f"Ressourcerie {WORDS[index % len(WORDS)]}")
    results = find("ressourcerie")

    assert list(results[5:25]) == list(results[5:25]) == list(results)[5:25]


# Spelling


def test_a_misspelt_word_finds_the_structures_of_the_nearest_word():
    turtles = OrganisationFactory(name="Refuge", purpose="Protection des tortues marines")
    OrganisationFactory(name="Refuge pour chats")

    assert list(find("tortus")) == [turtles]


@pytest.mark.parametrize("query", ["tortuus", "tortyes", "tortiues"])
def test_a_correction_is_announced(query):
    turtles = OrganisationFactory(name="Refuge", purpose="Protection des tortues marines")

    results = find(query)

    assert list(results) == [turtles]
    assert query in results.analysis.corrections
    assert len(results.notices) == 1
    assert f"« {query} » →" in results.notices[0]


def test_the_page_shows_the_correction(client):
    OrganisationFactory(name="Refuge", purpose="Protection des tortues marines")

    content = html(client.get(ORGANISATIONS, {"q": "tortuus"}))

    assert "Refuge" in content
    assert "« tortuus » →" in content


def test_a_nonsense_word_finds_nothing_and_corrects_nothing():
    OrganisationFactory(name="Refuge", purpose="Protection des tortues marines")

    results = find("xqzwvk")

    assert list(results) == []
    assert results.count() == 0
    assert results.notices == []


def test_a_correction_never_points_to_a_word_no_structure_has_any_more(request, coordinator):
    structure = OrganisationFactory(name="Les Pinsons chanteurs")
    OrganisationFactory(name="Maison du quartier")
    services.organisation_update(
        actor=coordinator, organisation=structure, version=structure.version, name="Les Merles"
    )

    results = find("pinsonz")

    assert list(results) == []
    assert results.notices == []


# Filters


@pytest.fixture
def groceries():
    lyon = Department.objects.get(code="69")
    paris = Department.objects.get(code="75")
    return {
        "lyon": OrganisationFactory(name="Épicerie solidaire de Villeurbanne", department=lyon),
        "paris": OrganisationFactory(name="Épicerie solidaire parisienne", department=paris),
        "scic": OrganisationFactory(
            name="Épicerie solidaire coopérative", department=lyon, kind=OrganisationKind.SCIC
        ),
        "closed": OrganisationFactory(
            name="Épicerie solidaire fermée",
            department=lyon,
            is_active=False,
            dissolved_on=datetime.date(2020, 6, 30),
        ),
        "other": OrganisationFactory(name="Boulangerie de Villeurbanne", department=lyon),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["scic", "lyon", "closed", "paris"]),
        ({"department": "69"}, ["scic", "lyon", "closed"]),
        ({"department": "75"}, ["paris"]),
        ({"kind": "scic"}, ["scic"]),
        ({"status": "active"}, ["scic", "lyon", "paris"]),
        ({"status": "dissolved"}, ["closed"]),
        ({"department": "69", "status": "active", "kind": "association"}, ["lyon"]),
    ],
)
def test_filters_combine_with_the_text_query(groceries, filters, expected):
    results = find("epicerie solidaire", **filters)

    assert list(results) == [groceries[key] for key in expected]
    assert results.count() == len(expected)


def test_filters_apply_to_the_identifier_tier_too():
    OrganisationFactory(rna="W691234567", is_active=False)

    assert list(find("W691234567", status="active")) == []
    assert len(find("W691234567", status="dissolved")) == 1


def test_the_page_filters_by_status(client, groceries):
    response = client.get(ORGANISATIONS, {"q": "epicerie solidaire", "status": "dissolved"})

    assert list(response.context["page_obj"].object_list) == [groceries["closed"]]


def test_the_api_filters_by_status(request, client, groceries):
    response = client.get(API_ORGANISATIONS, {"q": "epicerie solidaire", "status": "dissolved"})

    assert response.status_code == HTTPStatus.OK
    assert [row["id"] for row in response.json()["results"]] == [groceries["closed"].pk]


# Queries without words, without a query


@pytest.mark.parametrize("query", ["de la", "Le", "  les  des  ", "l'", "?!"])
def test_stop_words_alone_find_nothing_without_error(client, query):
    OrganisationFactory(name="Maison de la culture")

    results = find(query)

    assert list(results) == []
    assert results.count() == 0
    response = client.get(ORGANISATIONS, {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["page_obj"].object_list) == []
    assert client.get(API_ORGANISATIONS, {"q": query}).json()["count"] == 0


def test_an_empty_query_lists_everything_by_folded_name():
    for name in ["Zèbre", "écureuil", "École", "Abeille", "Île", "Ibis", "Œillet", "olivier"]:
        OrganisationFactory(name=name)

    assert names(find("")) == [
        "Abeille",
        "École",
        "écureuil",
        "Ibis",
        "Île",
        "Œillet",
        "olivier",
        "Zèbre",
    ]


# Counts


@pytest.fixture
def twelve_matches(monkeypatch):
    monkeypatch.setattr(search_results, "EXACT_COUNT_LIMIT", 5)
    return [OrganisationFactory(name=f"Ressourcerie {word}") for word in WORDS[:6] * 2]


def test_a_count_above_the_limit_is_an_estimate(twelve_matches):
    results = find("ressourcerie")

    count = results.count()

    assert results.estimated
    assert count == search_results.MAX_RESULTS  # pages stay reachable past a short estimate
    if on_postgresql():
        planner = search.backend().estimate(results.matching().order_by())
        assert planner > 0
        assert not results.is_lower_bound
        assert results.total == max(search_results._round(planner), 5)
    else:
        assert results.is_lower_bound
        assert results.total == 5


def test_a_count_below_the_limit_is_exact(monkeypatch):
    monkeypatch.setattr(search_results, "EXACT_COUNT_LIMIT", 5)
    for word in WORDS[:5]:
        OrganisationFactory(name=f"Ressourcerie {word}")
    results = find("ressourcerie")

    assert results.count() == 5
    assert not results.estimated
    assert not results.is_lower_bound


def test_the_page_says_the_count_is_an_estimate(client, twelve_matches):
    response = client.get(ORGANISATIONS, {"q": "ressourcerie"})

    total = response.context["page_obj"].paginator.object_list.total
    label = f"Environ {total} structures" if on_postgresql() else "Plus de 5 structures"
    assert response.context["results_count_label"] == label
    assert f">{label}</h2>" in html(response)


def test_an_estimated_count_does_not_hide_matches(request, twelve_matches):
    results = find("ressourcerie")
    paginator = Paginator(results, 5)
    listed = [
        organisation
        for number in paginator.page_range
        for organisation in paginator.page(number).object_list
    ]

    assert sorted(organisation.pk for organisation in listed) == sorted(
        organisation.pk for organisation in twelve_matches
    )


# The index follows the writes


def _indexed_ids(word: str) -> list[int]:
    """The ids the raw index returns for one word, whatever the ranking makes of them."""
    backend = search.backend()
    groups, _known = backend.prepare([word])
    sql, params = backend.match_sql(groups)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def test_a_renamed_structure_is_found_under_its_new_name_only(coordinator):
    structure = OrganisationFactory(name="Les Merles moqueurs", purpose="Chorale amateur.")
    namesake = OrganisationFactory(name="Ornithologues", purpose="Compter les merles.")

    services.organisation_update(
        actor=coordinator,
        organisation=structure,
        version=structure.version,
        name="Les Pinsons chanteurs",
    )

    assert list(find("pinsons chanteurs")) == [structure]
    assert list(find("Les Pinsons chanteurs")) == [structure]
    assert list(find("merles")) == [namesake]
    assert list(find("moqueurs")) == []
    assert list(find("Les Merles moqueurs")) == []
    assert list(find("chorale")) == [structure]


def test_an_edited_purpose_is_searchable(coordinator):
    structure = OrganisationFactory(name="Les Pinsons", purpose="Chorale amateur.")

    services.organisation_update(
        actor=coordinator,
        organisation=structure,
        version=structure.version,
        purpose="Fanfare de quartier.",
    )

    assert list(find("fanfare")) == [structure]
    assert list(find("chorale")) == []


def test_a_deleted_structure_leaves_the_search():
    structure = OrganisationFactory(name="Les Pinsons chanteurs")
    kept = OrganisationFactory(name="Pinsons du Rhône")
    assert structure.pk in _indexed_ids("pinsons")

    structure.delete()

    assert list(find("pinsons")) == [kept]
    assert find("pinsons").count() == 1
    assert _indexed_ids("pinsons") == [kept.pk]
    assert not OrganisationSearch.objects.filter(organisation_id=structure.pk).exists()
    if not on_postgresql():
        with connection.cursor() as cursor:
            # Raises if the external-content FTS table lost step with its content table.
            cursor.execute(
                "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('integrity-check')"
            )


def test_deleting_many_structures_at_once_leaves_the_search():
    for index in range(3):
        OrganisationFactory(name=f"Pinsons {WORDS[index]}")
    kept = OrganisationFactory(name="Merles")

    Organisation.objects.filter(name__startswith="Pinsons").delete()

    assert list(find("pinsons")) == []
    assert _indexed_ids("pinsons") == []
    assert list(find("merles")) == [kept]


# Queries per page


def _searchable(count: int, start: int = 0) -> None:
    """`count` more matches for "solidaire", spread over the three text tiers."""
    challenge = Challenge.objects.filter(is_active=True).first()
    for index in range(start, start + count):
        word = WORDS[index % len(WORDS)]
        if index == 0:
            fields = {"name": "Solidaire"}
        elif index % 2:
            fields = {"name": f"Épicerie solidaire {word}"}
        else:
            fields = {"name": f"Atelier {word}", "purpose": "Économie solidaire."}
        OrganisationFactory(**fields, city="Lyon", challenges=[challenge])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"q": "solidaire"})
    assert response.status_code == HTTPStatus.OK
    return len(context.captured_queries)


# Page: the words, the count, one query per tier (exact, prefix, names, rest), the filters,
# and for each text tier one query choosing its plan (SQLite: its ids; PostgreSQL: none once
# the matches are counted exactly, at most 1,000 of them).
# API: the same, with one for the challenges of its rows instead of the filters.
@pytest.mark.parametrize(("url", "expected"), [(ORGANISATIONS, 11), (API_ORGANISATIONS, 11)])
def test_a_search_does_as_many_queries_for_3_as_for_30_matches(client, url, expected):
    expected -= 2 if connection.vendor == "postgresql" else 0
    _searchable(3)
    few = _queries(client, url)
    _searchable(27, start=3)
    many = _queries(client, url)

    assert (few, many) == (expected, expected)


# Display of the registry fields


@pytest.fixture
def dissolved_association():
    association = OrganisationFactory(
        name="Amicale des joueurs de boules",
        rna="W691000123",
        purpose="Favoriser la pratique de la pétanque et de la lyonnaise entre voisins.",
        founded_on=datetime.date(1987, 4, 2),
        dissolved_on=datetime.date(2021, 3, 12),
        is_active=False,
    )
    Organisation.objects.filter(pk=association.pk).update(
        source="rna",
        source_updated_at=timezone.make_aware(datetime.datetime(2024, 11, 5, 10, 0)),
        legal_category="9220",
    )
    return association


def test_the_detail_page_shows_what_the_registry_says(client, dissolved_association):
    content = html(client.get(dissolved_association.get_absolute_url()))

    assert "Informations des registres" in content
    assert "Favoriser la pratique de la pétanque" in content
    assert "2 avril 1987" in content
    assert "Dissoute le 12 mars 2021" in content
    assert "En activité" not in content
    assert "9220" in content
    assert "Source : Répertoire national des associations" in content
    assert "5 novembre 2024" in content
    assert "Diffusion restreinte" not in content


def test_the_detail_page_says_an_imported_structure_is_active(client):
    company = OrganisationFactory(
        name="Coopérative des Pentes",
        kind=OrganisationKind.SCOP,
        siren="552100554",
        founded_on=datetime.date(2012, 1, 1),
    )
    Organisation.objects.filter(pk=company.pk).update(
        source="sirene",
        activity_code="56.10A",
        workforce_band="03",
        is_mission_company=True,
    )

    content = html(client.get(company.get_absolute_url()))

    assert "Informations des registres" in content
    assert "En activité" in content
    assert "Dissoute" not in content
    assert "56.10A" in content
    assert "6 à 9 salariés" in content
    assert "Société à mission" in content
    assert "Source : Répertoire SIRENE" in content


def test_the_detail_page_notes_a_restricted_diffusion(client):
    company = OrganisationFactory(name="Entreprise individuelle", siren="552100554")
    Organisation.objects.filter(pk=company.pk).update(source="sirene", diffusion_restricted=True)

    content = html(client.get(company.get_absolute_url()))

    assert "Informations des registres" in content
    assert (
        "Diffusion restreinte : certaines informations ne sont pas publiées "
        "(article R123-232 du code de commerce)."
    ) in content


def test_the_detail_page_of_a_structure_entered_by_hand_has_no_registry_section(
    client, organisation
):
    content = html(client.get(organisation.get_absolute_url()))

    assert "Informations des registres" not in content
    assert "Source :" not in content


def test_the_results_mark_dissolved_structures(client, dissolved_association):
    OrganisationFactory(name="Amicale des boulistes du quartier")

    content = html(client.get(ORGANISATIONS, {"q": "amicale"}))

    assert content.count(">Dissoute<") == 1
    assert "fr-badge--sm" in content


def test_a_structure_entered_by_hand_and_closed_is_not_called_dissolved(client):
    OrganisationFactory(name="Amicale fermée", is_active=False)

    content = html(client.get(ORGANISATIONS, {"q": "amicale"}))

    assert ">Plus en activité<" in content
    assert ">Dissoute<" not in content


def test_the_results_show_the_purpose_when_there_is_no_description(client):
    words = [f"mot{index}" for index in range(40)]
    OrganisationFactory(name="Amicale sans présentation", purpose=" ".join(words))
    OrganisationFactory(
        name="Amicale présentée", description="Une présentation.", purpose="Objet caché."
    )

    content = html(client.get(ORGANISATIONS, {"q": "amicale"}))

    assert " ".join(words[:25]) + " …</p>" in content
    assert words[25] not in content
    assert "Une présentation." in content
    assert "Objet caché." not in content


def test_the_name_prefix_tier_takes_every_character_after_the_query():
    """The prefix tier is a range of folded names (no LIKE): its upper bound sorts after
    any character, beyond the 16-bit ones too."""
    for name in ("Jardin", "Jardin 𝄞 musical", "Jardin zen", "Jardinage", "Le jardin"):
        OrganisationFactory(name=name)

    results = find("jardin")
    tiers = [names(tier[0:10]) for tier in results.tiers()[:2]]

    assert tiers == [["Jardin"], ["Jardin zen", "Jardin 𝄞 musical", "Jardinage"]]
    assert names(results)[:4] == ["Jardin", "Jardin zen", "Jardin 𝄞 musical", "Jardinage"]


@pytest.mark.parametrize(
    ("query", "filters"), [("jardin", {}), ("jardin partage", {}), ("jardin", {"department": "69"})]
)
@pytest.mark.parametrize("limit", [1, 3, 100])
def test_bounded_counts_agree_with_a_plain_count(query, filters, limit):
    lyon = Department.objects.get(code="69")
    for number in range(6):
        OrganisationFactory(
            name=f"Jardin partagé {number}",
            department=lyon if number % 2 else None,
            region=lyon.region if number % 2 else None,
        )
    OrganisationFactory(name="Verger", purpose="Un jardin au bord de l’eau.")
    results = find(query, **filters)
    backend = search.backend()
    wanted, _covered = results._filter_query()
    sql, params = backend.match_sql(results.analysis.groups, filters=wanted)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) matches", params)
        total = cursor.fetchone()[0]

    assert total >= 3
    assert backend.count_upto(sql, params, limit) == min(total, limit)


def test_a_tier_counted_exactly_is_sorted_whatever_the_estimate(monkeypatch):
    """Past CANDIDATES (estimated) a tier comes in registry order; once the count says the
    matches are few, they are sorted by name instead (an estimate can be far too high)."""
    monkeypatch.setattr(search_results, "CANDIDATES", 0)
    for name in ("Zèbres du quartier", "Mouettes", "Albatros"):  # created in reverse order
        OrganisationFactory(name=name, purpose="Observer les oiseaux du littoral.")

    uncounted = find("littoral")
    in_registry_order = names(uncounted[0:3])
    counted = find("littoral")
    assert counted.count() == 3

    assert in_registry_order == ["Zèbres du quartier", "Mouettes", "Albatros"]
    assert names(counted[0:3]) == ["Albatros", "Mouettes", "Zèbres du quartier"]
