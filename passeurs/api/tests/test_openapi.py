import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/api/v1/organisations", "get"),
    ("/api/v1/organisations/{organisation_id}", "get"),
    ("/api/v1/initiatives", "get"),
    ("/api/v1/initiatives", "post"),
    ("/api/v1/initiatives/{initiative_id}", "get"),
    ("/api/v1/initiatives/{initiative_id}", "patch"),
    ("/api/v1/territories", "get"),
    ("/api/v1/challenges", "get"),
    ("/api/v1/blockers", "get"),
    ("/api/v1/blockers", "post"),
    ("/api/v1/blockers/similar", "get"),
    ("/api/v1/blockers/{blocker_id}", "get"),
    ("/api/v1/blockers/{blocker_id}/similar", "get"),
    ("/api/v1/blockers/{blocker_id}/join", "post"),
    ("/api/v1/blockers/{blocker_id}/transitions", "post"),
    ("/api/v1/legal-references/parse", "post"),
    ("/api/v1/programmes", "get"),
    ("/api/v1/programmes/{programme_id}", "get"),
    ("/api/v1/programmes/{programme_id}/figures", "get"),
    ("/api/v1/events", "get"),
    ("/api/v1/events/{event_id}", "get"),
    ("/api/v1/calls", "get"),
    ("/api/v1/calls/{call_id}", "get"),
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_every_endpoint_with_a_summary(schema):
    assert schema["openapi"].startswith("3.")
    operations = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert set(operations) == ENDPOINTS
    assert all(operation.get("summary") for operation in operations.values())


def test_the_schema_marks_only_the_writes_as_needing_a_token(schema):
    secured = {
        (path, method)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if operation.get("security")
    }
    assert secured == {
        ("/api/v1/initiatives", "post"),
        ("/api/v1/initiatives/{initiative_id}", "patch"),
        ("/api/v1/blockers", "post"),
        ("/api/v1/blockers/{blocker_id}/join", "post"),
        ("/api/v1/blockers/{blocker_id}/transitions", "post"),
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_schema_references_resolve(schema):
    text = str(schema)
    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in schema["components"]["schemas"]


def test_the_paginated_lists_document_their_page_shape(schema):
    ok = schema["paths"]["/api/v1/organisations"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    page = schema["components"]["schemas"][ref]
    assert set(page["properties"]) == {
        "count",
        "count_is_estimate",
        "page",
        "page_size",
        "next",
        "previous",
        "results",
    }


def test_the_docs_page_loads_nothing_from_another_site(client):
    response = client.get(reverse("api:openapi-view"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    assert "/api/v1/initiatives/{initiative_id}" in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
