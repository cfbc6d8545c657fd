"""Production settings refuse unsafe values and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest

PASSEURS = [sys.executable, "-m", "passeurs.cli"]


def run_passeurs(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [*PASSEURS, *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = run_passeurs("check", ALLOWED_HOSTS="passeurs.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = run_passeurs("check", SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_it_refuses_the_development_secret_in_production():
    from passeurs import settings

    result = run_passeurs(
        "check", SECRET_KEY=settings._DEV_SECRET, ALLOWED_HOSTS="passeurs.example.org"
    )
    assert result.returncode != 0


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_refuses_a_boolean_it_cannot_read(value):
    result = run_passeurs("check", DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_deployment_checks_print_no_warning_with_production_values():
    result = run_passeurs(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="passeurs.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
