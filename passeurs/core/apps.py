from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "passeurs.core"
    label = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        # Registers the `in` lookup of integer columns (see the module).
        from passeurs.core import lookups  # noqa: F401
