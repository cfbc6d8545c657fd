"""The typography filter for titles quoted inside the pages' sentences."""

import pytest
from django.template import Context, Template

from passeurs.core.text import inner_quotes


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Connexions innovantes", "Connexions innovantes"),
        (
            "Hackathon « La fonction publique s’engage »",
            "Hackathon “La fonction publique s’engage”",
        ),
        ("«\u00a0Tous\u202fensemble\u00a0» et «Demain»", "“Tous\u202fensemble” et “Demain”"),
        ("un » seul", "un” seul"),
    ],
)
def test_inner_quotation_marks_become_english_ones(title, expected):
    assert inner_quotes(title) == expected


def test_the_title_is_still_escaped():
    rendered = Template(
        "{% load passeurs_text %}{% with title=value|inner_quotes %}« {{ title }} »{% endwith %}"
    ).render(Context({"value": "<b>« Défi »</b>"}))

    assert rendered == "« &lt;b&gt;“Défi”&lt;/b&gt; »"
