import factory

from passeurs.core.models import Department
from passeurs.directory import services
from passeurs.directory.models import (
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Stage,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Builds through the service so that family, region and search text are derived."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association Solidaire n°{n}")
    kind = OrganisationKind.ASSOCIATION
    department = factory.LazyFunction(lambda: Department.objects.get(code="69"))

    class Params:
        ministry = factory.Trait(kind=OrganisationKind.MINISTRY, department=None)
        commune = factory.Trait(kind=OrganisationKind.COMMUNE)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        challenges = kwargs.pop("challenges", ())
        return services.organisation_create(actor=None, challenges=challenges, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("passeurs.accounts.tests.factories.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER

    class Params:
        admin = factory.Trait(role=MembershipRole.ADMIN)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Épicerie solidaire itinérante {n}")
    summary = "Une épicerie qui va au-devant des habitants des villages sans commerce."
    stage = Stage.EXPERIMENTATION
    is_public = True

    class Params:
        private = factory.Trait(is_public=False)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        extra = {k: kwargs.pop(k) for k in ("challenges", "regions", "departments") if k in kwargs}
        return services.initiative_create(actor=None, **kwargs, **extra)
