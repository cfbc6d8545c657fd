import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Sign-in failures live in the cache: each test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # WhiteNoise warns (an error here) when STATIC_ROOT was never collected; with
    # autorefresh it serves from the finders. Belongs in test_settings.py.
    settings.WHITENOISE_AUTOREFRESH = True
