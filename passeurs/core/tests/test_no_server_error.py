"""No input gives a server error: every page of the demo, reached by its links, then each of
its forms sent back with values no one should type (a twenty-digit id, a NUL character, ten
thousand letters, a date that is not one), anonymously and as each kind of user.

Found this way: a multiple choice posted with a twenty-digit id raised OverflowError on
SQLite, in nine forms (see `core.lookups`); in the admin, letters or a NUL posted in an
autocomplete field and a date link beyond any year were server errors (`core.admin`).
"""

import html
import re
from collections import deque
from io import StringIO
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from passeurs.accounts.models import User

pytestmark = pytest.mark.django_db

ODD_VALUES = ["9" * 20, "\x00", "é" * 10_000, "2026-13-45", "-1"]
# Pages of one shape (the same path with other ids) visited at most this many times.
PER_SHAPE = 2
LEFT_OUT = ("/static/", "/media/", "/admin/", "/comptes/deconnexion", "/i18n/")

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b([^>]*)>", re.I)
HREF = re.compile(r'href="([^"#]*)"')


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\b{name}\s*=\s*"([^"]*)"', tag, re.I)
    return html.unescape(found.group(1)) if found else None


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = "&".join(sorted(part.split("=")[0] for part in parts.query.split("&") if part))
    return re.sub(r"\d+", "N", parts.path) + "?" + keys


def _local(base: str, href: str, left_out=LEFT_OUT) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.netloc not in ("", "testserver") or parts.path.startswith(left_out):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _forms(page: str, url: str, left_out=LEFT_OUT):
    """(method, action, {name: value}) of each form that has a field someone fills in."""
    for attributes, body in FORM.findall(page):
        action = _local(url, _attribute(attributes, "action") or url, left_out)
        if action is None:
            continue
        fields = {}
        for tag in FIELD.findall(body):
            name = _attribute(tag, "name")
            kind = (_attribute(tag, "type") or "").lower()
            if name and kind not in ("submit", "button", "file"):
                fields[name] = _attribute(tag, "value") or ""
        typed = [name for name in fields if name != "csrfmiddlewaretoken"]
        if typed:
            yield (_attribute(attributes, "method") or "get").lower(), action, fields, typed


def _crawl(client: Client, start=("/",), *, follow=True, left_out=LEFT_OUT):
    """Pages visited, and each request answered with a server error."""
    errors, visited, shapes, sent = [], set(), {}, set()
    queue = deque(start)

    def check(response, what: str):
        if response.streaming:  # a download holds its file open until it is read
            b"".join(response.streaming_content)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {what}")
        return response

    while queue:
        url = queue.popleft()
        shape = _shape(url)
        if url in visited or shapes.get(shape, 0) >= PER_SHAPE:
            continue
        visited.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = check(client.get(url), f"GET {url}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        if follow:
            queue.extend(
                link for href in HREF.findall(page) if (link := _local(url, href, left_out))
            )
        separator = "&" if "?" in url else "?"
        for value in ODD_VALUES[:2]:
            odd = f"{url}{separator}{urlencode({'page': value, 'q': value})}"
            check(client.get(odd), f"GET {odd!r}")
        for method, action, fields, typed in _forms(page, url, left_out):
            key = (method, _shape(action), tuple(sorted(fields)))
            if key in sent:
                continue
            sent.add(key)
            for value in ODD_VALUES:
                data = {**fields, **dict.fromkeys(typed, value)}
                if method == "post":
                    check(client.post(action, data), f"POST {action} {value[:20]!r}")
                else:
                    check(client.get(action, data), f"GET {action} {value[:20]!r}")
    return len(visited), errors


def test_no_page_or_form_of_the_demo_answers_with_a_server_error():
    call_command("demo", stdout=StringIO())  # once: it takes seconds
    errors = []
    for persona in (None, "coordinator", "leader", "civil-servant"):
        client = Client(raise_request_exception=False)
        if persona:
            client.force_login(User.objects.get(email=f"{persona}@demo.passeurs.test"))
        visited, found = _crawl(client)
        assert visited > 30, persona
        errors.extend(f"{persona or 'anonymous'}: {error}" for error in found)
    assert errors == []


def _admin_pages() -> list[str]:
    """Each admin of ours: its list (with a date link beyond any year where it has dates), its
    form to add and its first row's form to change."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("passeurs."):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{name}_changelist")
        pages.append(changelist)
        if model_admin.date_hierarchy:
            pages.append(f"{changelist}?{model_admin.date_hierarchy}__year={'9' * 20}")
        pages.append(reverse(f"{name}_add"))
        if first := model._default_manager.order_by("pk").first():
            pages.append(reverse(f"{name}_change", args=[first.pk]))
    return pages


def test_no_admin_page_or_form_answers_with_a_server_error():
    call_command("demo", stdout=StringIO())
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email="coordinator@demo.passeurs.test"))
    start = _admin_pages()
    left_out = ("/static/", "/media/", "/i18n/", "/admin/logout/")
    visited, errors = _crawl(client, start, follow=False, left_out=left_out)
    assert visited > 50
    assert errors == []
