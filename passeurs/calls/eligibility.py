"""Who may apply to a call: pure rules, no database.

The call's rules and the applying project are passed as plain data (codes and names); the
answer is the list of reasons, in French, why the project is not eligible (empty: eligible).
An empty rule admits everyone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Organisation kind → (one of them, "aux …" for the whole kind), for readable sentences.
KIND_WORDS = {
    "association": (gettext_lazy("une association"), gettext_lazy("aux associations")),
    "scop": (gettext_lazy("une SCOP"), gettext_lazy("aux SCOP")),
    "scic": (gettext_lazy("une SCIC"), gettext_lazy("aux SCIC")),
    "mutuelle": (gettext_lazy("une mutuelle"), gettext_lazy("aux mutuelles")),
    "fondation": (gettext_lazy("une fondation"), gettext_lazy("aux fondations")),
    "esus": (gettext_lazy("une entreprise ESUS"), gettext_lazy("aux entreprises ESUS")),
    "ministry": (gettext_lazy("un ministère"), gettext_lazy("aux ministères")),
    "directorate": (
        gettext_lazy("une direction d’administration"),
        gettext_lazy("aux directions d’administration"),
    ),
    "service": (
        gettext_lazy("un service déconcentré ou un opérateur"),
        gettext_lazy("aux services déconcentrés et aux opérateurs"),
    ),
    "commune": (gettext_lazy("une commune"), gettext_lazy("aux communes")),
    "epci": (gettext_lazy("une intercommunalité"), gettext_lazy("aux intercommunalités")),
    "departement": (
        gettext_lazy("un conseil départemental"),
        gettext_lazy("aux conseils départementaux"),
    ),
    "region": (gettext_lazy("un conseil régional"), gettext_lazy("aux conseils régionaux")),
    "network": (gettext_lazy("un réseau"), gettext_lazy("aux réseaux")),
    "funder": (gettext_lazy("un financeur"), gettext_lazy("aux financeurs")),
    "evaluator": (gettext_lazy("un évaluateur"), gettext_lazy("aux évaluateurs")),
}


@dataclass(frozen=True)
class Rules:
    """A call's eligibility: organisation kind codes; region, department and challenge codes
    mapped to their names (for the messages)."""

    kinds: tuple[str, ...] = ()
    regions: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    challenges: dict[str, str] = field(default_factory=dict)

    @property
    def is_open_to_all(self) -> bool:
        return not (self.kinds or self.regions or self.departments or self.challenges)


@dataclass(frozen=True)
class Candidate:
    """The applying project: its organisation's kind, where it acts (region codes, and
    department codes with their region codes), and its challenge codes."""

    kind: str
    regions: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    challenges: frozenset[str] = frozenset()


def join_words(words: list[str]) -> str:
    """ "a", "a et b", "a, b et c"."""
    words = [str(word) for word in words]
    if len(words) <= 1:
        return "".join(words)
    and_ = _("et")
    return f"{', '.join(words[:-1])} {and_} {words[-1]}"


def kind_one(kind: str) -> str:
    return str(KIND_WORDS.get(kind, (kind, kind))[0])


def kinds_all(kinds) -> str:
    return join_words([str(KIND_WORDS.get(kind, (kind, kind))[1]) for kind in kinds])


def describe(rules: Rules) -> list[str]:
    """The rules in words, for the call's page."""
    if rules.is_open_to_all:
        return [_("Cet appel est ouvert à toutes les structures, partout en France.")]
    lines = []
    if rules.kinds:
        lines.append(
            _("Structures : cet appel s’adresse %(kinds)s.") % {"kinds": kinds_all(rules.kinds)}
        )
    places = [*rules.regions.values(), *rules.departments.values()]
    if places:
        lines.append(
            _("Territoires : le projet agit dans au moins un de ces territoires : %(places)s.")
            % {"places": ", ".join(places)}
        )
    if rules.challenges:
        lines.append(
            _("Défis : le projet porte sur au moins un de ces défis : %(challenges)s.")
            % {"challenges": ", ".join(rules.challenges.values())}
        )
    return lines


def reasons(rules: Rules, candidate: Candidate) -> list[str]:
    """Why `candidate` may not apply under `rules`; an empty list when it may."""
    found = []
    if rules.kinds and candidate.kind not in rules.kinds:
        found.append(
            _("Votre structure est %(one)s ; cet appel s’adresse %(kinds)s.")
            % {"one": kind_one(candidate.kind), "kinds": kinds_all(rules.kinds)}
        )
    if rules.regions or rules.departments:
        in_region = bool(set(rules.regions) & candidate.regions)
        in_department = bool(set(rules.departments) & candidate.departments)
        if not (in_region or in_department):
            places = [*rules.regions.values(), *rules.departments.values()]
            found.append(
                _(
                    "Votre projet n’agit dans aucun des territoires de l’appel (%(places)s) : "
                    "indiquez ses territoires sur sa fiche."
                )
                % {"places": ", ".join(places)}
            )
    if rules.challenges and not set(rules.challenges) & candidate.challenges:
        found.append(
            _(
                "Votre projet ne porte sur aucun des défis de l’appel (%(challenges)s) : "
                "indiquez ses défis sur sa fiche."
            )
            % {"challenges": ", ".join(rules.challenges.values())}
        )
    return found
