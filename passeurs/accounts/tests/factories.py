import factory

from passeurs.accounts.models import Role, User

PASSWORD = "motdepasse-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.PROJECT_LEADER
    password = factory.django.Password(PASSWORD)

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        civil_servant = factory.Trait(role=Role.CIVIL_SERVANT)
        partner = factory.Trait(role=Role.SUPPORT_PARTNER)
        local_agent = factory.Trait(role=Role.LOCAL_AGENT)
