"""Every read of accounts that views, commands and other apps share."""

from django.db.models import QuerySet

from passeurs.accounts.models import PersonalAccessToken, User


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip()).first()


def token_list(*, user: User) -> QuerySet[PersonalAccessToken]:
    """The user's own tokens, newest first, revoked ones included."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user: User, pk) -> PersonalAccessToken | None:
    """One of the user's own tokens; None for anyone else's (shown as a 404)."""
    return PersonalAccessToken.objects.filter(user=user, pk=pk).first()


def token_list_by_prefix(*, prefix: str) -> QuerySet[PersonalAccessToken]:
    """Tokens whose visible beginning starts with `prefix` (operators' command line)."""
    return PersonalAccessToken.objects.select_related("user").filter(prefix__startswith=prefix)
