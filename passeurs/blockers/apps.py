from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlockersConfig(AppConfig):
    name = "passeurs.blockers"
    label = "blockers"
    verbose_name = _("Freins réglementaires")
