from passeurs.events.views import registrations, tables

app_name = "events"
# Each views module lists its own routes: registrations (events, sign-up, invitations, the
# participant list) and tables (seating, outputs).
urlpatterns = [*registrations.urls, *tables.urls]
