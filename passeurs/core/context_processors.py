from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

# django-dsfr's own context processor reads a configuration row on every request;
# Passeurs's identity is fixed, so it is served from memory instead.
_SITE = SimpleNamespace(
    site_title=_("Passeurs"),
    site_tagline=_("Administrations et innovateurs sociaux, ensemble"),
    footer_brand_html="république<br>française",
    footer_description=_(
        "Passeurs relie les administrations et les acteurs de l’innovation sociale "
        "pour lever les freins et faire essaimer les solutions qui marchent."
    ),
    mourning=False,
    notice_title="",
    notice_description="",
)


def site(request):
    return {"SITE_CONFIG": _SITE}
