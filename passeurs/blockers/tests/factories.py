import factory

from passeurs.accounts.models import Role, User
from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import services
from passeurs.blockers.models import Blocker, BlockerState, ResolutionKind
from passeurs.directory.tests.factories import InitiativeFactory, MembershipFactory

S = BlockerState

# The moves that bring a submitted blocker to each state, made by a coordinator.
PATHS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: (),
    S.WITHDRAWN: (S.WITHDRAWN,),
    S.MERGED: (S.MERGED,),
    S.QUALIFIED: (S.QUALIFIED,),
    S.IN_PROGRESS: (S.QUALIFIED, S.IN_PROGRESS),
    S.KEPT: (S.QUALIFIED, S.IN_PROGRESS, S.KEPT),
    S.RESOLUTION_PROPOSED: (S.QUALIFIED, S.IN_PROGRESS, S.RESOLUTION_PROPOSED),
    S.LIFTED: (S.QUALIFIED, S.IN_PROGRESS, S.RESOLUTION_PROPOSED, S.LIFTED),
    S.WORKED_AROUND: (S.QUALIFIED, S.IN_PROGRESS, S.RESOLUTION_PROPOSED, S.WORKED_AROUND),
}


def a_coordinator() -> User:
    """An existing coordinator, so that building blockers does not add notified people."""
    return User.objects.filter(role=Role.COORDINATOR).first() or UserFactory(coordinator=True)


def move_to(blocker: Blocker, state: str, *, actor=None, merge_into=None) -> Blocker:
    """Walk a submitted blocker along PATHS to `state`, as a coordinator would."""
    actor = actor or a_coordinator()
    for target in PATHS[state]:
        extra = {}
        if target in (S.RESOLUTION_PROPOSED, S.LIFTED, S.WORKED_AROUND):
            extra = {
                "resolution_kind": ResolutionKind.DECREE,
                "resolution_date": blocker.created_at.date(),
                "resolution_text": "décret n° 2019-1234 du 26 novembre 2019",
            }
        if target == S.KEPT:
            extra = {"kept_justification": "La règle protège la sécurité des usagers."}
        if target == S.MERGED:
            extra = {"merge_into": merge_into or BlockerFactory()}
        blocker = services.blocker_transition(
            actor=actor, blocker=blocker, target=target, version=blocker.version, **extra
        )
    return blocker


class BlockerFactory(factory.django.DjangoModelFactory):
    """Declared through the service by a member of the initiative's structure.

    `state` walks the workflow (PATHS) as a coordinator; `assignee` is assigned by the
    coordinator before the walk; `merge_into` is the kept blocker when state is merged.
    """

    class Meta:
        model = Blocker

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.initiative.organisation).user
    )
    title = factory.Sequence(lambda n: f"Matériel médical reconditionné non remboursé n°{n}")
    prevents = (
        "Les fauteuils roulants reconditionnés ne peuvent pas être pris en charge par "
        "l’Assurance maladie : seuls les produits neufs sont inscrits sur la liste."
    )
    consequence = ""
    legal_text = ""
    testimony = ""
    state = S.SUBMITTED
    assignee = None
    merge_into = None

    class Params:
        draft = factory.Trait(state=S.DRAFT)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state")
        assignee = kwargs.pop("assignee")
        merge_into = kwargs.pop("merge_into")
        actor = kwargs.pop("author")
        blocker = services.blocker_declare(actor=actor, submit=state != S.DRAFT, **kwargs)
        if assignee is not None:
            blocker = services.blocker_assign(
                actor=a_coordinator(), blocker=blocker, version=blocker.version, assignee=assignee
            )
        return move_to(blocker, state, merge_into=merge_into)
