"""Every read of the directory that other apps, views and the API share."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from passeurs.core.models import Region
from passeurs.core.text import search_terms
from passeurs.directory.models import (
    Initiative,
    Membership,
    Organisation,
    OrganisationFamily,
)
from passeurs.directory.search.results import OrganisationResults


def _search(queryset: QuerySet, query: str) -> QuerySet:
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def organisation_list(*, filters: dict | None = None) -> QuerySet[Organisation]:
    """Organisations matching cleaned filters other than the text query, by name.

    The pages and the API search with `organisation_search`; this queryset feeds choice
    fields and every list that does not rank.
    """
    filters = filters or {}
    queryset = Organisation.objects.select_related("region", "department", "parent")
    if filters.get("status") == "active":
        queryset = queryset.filter(is_active=True)
    elif filters.get("status") == "dissolved":
        queryset = queryset.filter(is_active=False)
    if filters.get("family"):
        queryset = queryset.filter(family=filters["family"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("department"):
        queryset = queryset.filter(department=filters["department"])
    if filters.get("challenge"):
        queryset = queryset.filter(challenges=filters["challenge"])
    return queryset.order_by("name_key", "id")


def organisation_search(*, filters: dict | None = None) -> OrganisationResults:
    """The directory's search: filters, then the text query ranked (see search.results)."""
    filters = filters or {}
    return OrganisationResults(
        organisation_list(filters=filters), filters.get("q") or "", filters=filters
    )


def initiative_list(*, user, filters: dict | None = None) -> QuerySet[Initiative]:
    """Initiatives the user may see, matching cleaned filters (filters.InitiativeFilterForm).

    The pages add "organisation", an Organisation, to list one structure's initiatives.
    """
    filters = filters or {}
    queryset = Initiative.objects.visible_to(user).select_related("organisation")
    if filters.get("q"):
        queryset = _search(queryset, filters["q"])
    if filters.get("organisation"):
        queryset = queryset.filter(organisation=filters["organisation"])
    if filters.get("stage"):
        queryset = queryset.filter(stage=filters["stage"])
    if filters.get("region"):
        queryset = queryset.filter(regions=filters["region"])
    if filters.get("department"):
        queryset = queryset.filter(departments=filters["department"])
    if filters.get("challenge"):
        queryset = queryset.filter(challenges=filters["challenge"])
    return queryset.prefetch_related("challenges").order_by("-created_at", "-id")


def initiative_list_latest(*, user, limit: int = 3) -> list[Initiative]:
    return list(initiative_list(user=user)[:limit])


def organisation_get(*, pk) -> Organisation | None:
    return (
        Organisation.objects.select_related("region", "department", "parent").filter(pk=pk).first()
    )


def initiative_get(*, user, pk) -> Initiative | None:
    """The initiative if the user may see it; None otherwise (shown as a 404)."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("organisation", "created_by")
        .filter(pk=pk)
        .first()
    )


def organisation_children(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The structures attached directly to this one (a ministry's directorates), by name."""
    return organisation.children.order_by("name_key", "id")


def organisation_public_members(*, organisation: Organisation) -> QuerySet:
    """Active members who made their profile public, each with `position`, their post here.

    Only the columns of the public profile are read: the e-mail never leaves the database.
    """
    return (
        get_user_model()
        .objects.filter(
            is_active=True, profile_is_public=True, memberships__organisation=organisation
        )
        # The filter's join is reused: this is the position in this organisation.
        .annotate(position=F("memberships__position"))
        .only("id", "first_name", "last_name", "title")
        .order_by("last_name", "first_name", "id")
    )


def memberships_of(user) -> QuerySet[Membership]:
    """The user's memberships with their organisation, role and position, by organisation."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user belongs to (any role)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name_key")


def directory_counts() -> dict:
    counts = Organisation.objects.aggregate(
        organisations=Count("id"),
        administrations=Count("id", filter=Q(family=OrganisationFamily.ADMINISTRATION)),
    )
    counts["initiatives"] = Initiative.objects.public().count()
    counts["regions"] = Region.objects.filter(initiatives__is_public=True).distinct().count()
    return counts
