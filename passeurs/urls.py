from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from passeurs.api.api import api
from passeurs.events.views.registrations import event_invitation

admin.site.site_header = _("Administration de Passeurs")
admin.site.site_title = _("Passeurs")

urlpatterns = [
    path("", include("passeurs.core.urls")),
    path("comptes/", include("passeurs.accounts.urls")),
    path("annuaire/", include("passeurs.directory.urls")),
    path("freins/", include("passeurs.blockers.urls")),
    path("programmes/", include("passeurs.pairing.urls")),
    path("evenements/", include("passeurs.events.urls")),
    # The address the invitations are known by, in calendars and in the API's documentation.
    path("events/<int:pk>/invitation.ics", event_invitation, name="event_invitation"),
    path("appels/", include("passeurs.calls.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
