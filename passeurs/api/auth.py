"""Personal access tokens ("pas_..."), sent as `Authorization: Bearer <token>`."""

from ninja.security import HttpBearer

from passeurs.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    """Authenticates the token's owner; anything else becomes a 401 (see errors.py)."""

    openapi_description = "Jeton d’accès personnel créé depuis votre profil (pas_…)."

    def authenticate(self, request, token: str):
        return token_authenticate(token.strip())


token_auth = TokenAuth()
