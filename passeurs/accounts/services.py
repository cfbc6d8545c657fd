"""Every write on accounts: sign-up, profile, roles, personal access tokens."""

import hashlib
import logging
import secrets
from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.accounts import permissions
from passeurs.accounts.models import PersonalAccessToken, Role, User

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "pas_"

SELF_SERVICE_ROLES = permissions.SELF_SERVICE_ROLES


def _duplicate_email_error() -> ValidationError:
    return ValidationError(
        {"email": _("Un compte existe déjà avec cette adresse.")}, code="duplicate_email"
    )


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


@transaction.atomic
def user_signup(*, email: str, password: str, first_name: str, last_name: str, role: str) -> User:
    """Create an account for a person signing up; raises ValidationError by field."""
    email = normalise_email(email)
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=role)
    errors: dict[str, list] = {}
    if role not in SELF_SERVICE_ROLES:
        errors["role"] = [
            ValidationError(
                _("Ce rôle ne peut pas être choisi à l’inscription."), code="invalid_role"
            )
        ]
    try:
        user.full_clean(exclude=["password", "role"], validate_unique=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors.update(_duplicate_email_error().error_dict)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    try:
        # A savepoint, so that a concurrent sign-up with the same address fails cleanly.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise _duplicate_email_error() from None
    logger.info("accounts: user %s signed up as %s", user.pk, role)
    return user


_UNCHANGED = object()


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    first_name: str = _UNCHANGED,
    last_name: str = _UNCHANGED,
    title: str = _UNCHANGED,
    bio: str = _UNCHANGED,
    expertise: str = _UNCHANGED,
    regions: Iterable = _UNCHANGED,
    departments: Iterable = _UNCHANGED,
    mentoring_capacity: int = _UNCHANGED,
    profile_is_public: bool = _UNCHANGED,
) -> User:
    """Change the person's own profile; arguments left out stay as they are."""
    fields = {
        "first_name": first_name,
        "last_name": last_name,
        "title": title,
        "bio": bio,
        "expertise": expertise,
        "mentoring_capacity": mentoring_capacity,
        "profile_is_public": profile_is_public,
    }
    changed = [name for name, value in fields.items() if value is not _UNCHANGED]
    for name in changed:
        value = fields[name]
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password"], validate_unique=False)
    if changed:
        user.save(update_fields=changed)
    if regions is not _UNCHANGED:
        user.regions.set(regions)
    if departments is not _UNCHANGED:
        user.departments.set(departments)
    return user


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> User:
    """Give `user` a role; only a coordinator appoints coordinators or changes others."""
    if role not in Role.values:
        raise ValidationError({"role": _("Rôle inconnu.")}, code="invalid_role")
    decision = permissions.can_set_role(actor, user, role)
    if not decision:
        raise PermissionDenied(decision.reason)
    if user.role != role:
        previous = user.role
        user.role = role
        user.save(update_fields=["role"])
        logger.info(
            "accounts: user %s set the role of user %s from %s to %s",
            actor.pk,
            user.pk,
            previous,
            role,
        )
    return user


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
    """Revoke a token; `user` is the one asking (its owner, or a coordinator)."""
    if not permissions.can_revoke_token(user, token):
        # Someone else's token does not exist as far as the caller can tell.
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
