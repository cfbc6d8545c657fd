"""Every write on accounts: sign-up, profile, roles, personal access tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from passeurs.accounts.models import PersonalAccessToken, User

TOKEN_PREFIX = "pas_"


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[PersonalAccessToken, str]:
    """Create a token; the raw secret is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user, name=name.strip()[:100] or "jeton", prefix=raw[:12], digest=_digest(raw)
    )
    return token, raw


def token_revoke(*, user: User, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.user_id != user.pk:
        raise PersonalAccessToken.DoesNotExist
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw_token: str) -> User | None:
    """The active user owning this unrevoked token, or None."""
    if not raw_token or not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(digest=_digest(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
