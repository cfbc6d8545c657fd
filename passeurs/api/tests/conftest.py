import pytest

from passeurs.accounts.services import token_create


def bearer(user) -> dict:
    _token, raw = token_create(user=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def member_auth(member):
    return bearer(member)


@pytest.fixture
def stranger_auth(stranger):
    return bearer(stranger)


@pytest.fixture
def coordinator_auth(coordinator):
    return bearer(coordinator)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # WhiteNoise warns (an error here) when STATIC_ROOT was never collected; with
    # autorefresh it serves from the finders instead. Belongs in test_settings.py.
    settings.WHITENOISE_AUTOREFRESH = True
