"""The public API under /api/v1/: its error shapes, routers and local documentation page."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from passeurs.api import blockers, calls, directory, errors, events, programmes, territories


class PasseursAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        """Pydantic's errors as French (or translated) messages grouped by field."""
        located = super().validation_error_from_error_contexts(error_contexts).errors
        # Ninja drops the input from its copy; the length of a too-long text needs it.
        raw = [
            error
            for context in error_contexts
            for error in context.pydantic_validation_error.errors(include_url=False)
        ]
        return errors.invalid_input_from_pydantic(
            [{**error, "loc": where["loc"]} for error, where in zip(raw, located, strict=True)]
        )


class LocalDocs(Swagger):
    """The API's documentation as a page of this site: accessible, and nothing from a CDN
    (ninja's Swagger UI would load from one unless "ninja" were an installed app)."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = [
            {"method": method.upper(), "path": path, **operation}
            for path, methods in schema["paths"].items()
            for method, operation in methods.items()
        ]
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "operations": operations,
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )


api = PasseursAPI(
    title="Passeurs API",
    version="1",
    description=(
        "API publique de Passeurs : structures, projets, territoires. "
        "Les listes sont paginées (`page`, `page_size` ≤ 100) ; une page au-delà de la "
        "dernière est vide. Les erreurs ont la forme "
        '`{"detail": …, "errors": {champ: [messages]}}`, en français par défaut '
        "(en anglais avec `Accept-Language: en`). L’écriture demande un jeton d’accès "
        "personnel envoyé dans l’en-tête `Authorization: Bearer pas_…`."
    ),
    urls_namespace="api",
    docs=LocalDocs(),
)
errors.register(api)
api.add_router("", directory.router)
api.add_router("", territories.router)
api.add_router("", blockers.router)
api.add_router("", programmes.router)
api.add_router("", events.router)
api.add_router("", calls.router)

# Last, so that it only catches what no endpoint matched: a JSON 404 rather than a page.
unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_endpoint(request, rest: str):
    raise Http404(_("Ce point d’accès n’existe pas."))


api.add_router("", unknown)
