from django.urls import path

from passeurs.pairing import views

app_name = "pairing"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("mes-binomes/", views.my_pairs, name="mine"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/chiffres/", views.programme_figures, name="figures"),
    path("<int:pk>/promotions/nouvelle/", views.edition_create, name="edition_create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition"),
    path("editions/<int:pk>/candidater/", views.candidacy_apply, name="apply"),
    path("editions/<int:pk>/modifier/", views.edition_update, name="edition_update"),
    path("editions/<int:pk>/pilotage/", views.edition_manage, name="manage"),
    path("candidatures/<int:pk>/retrait/", views.candidacy_withdraw, name="withdraw"),
    path("candidatures/<int:pk>/classement/", views.candidacy_ranking, name="ranking"),
    path(
        "editions/<int:pk>/candidatures/<int:candidacy_pk>/decision/",
        views.candidacy_decide,
        name="decide",
    ),
    path("editions/<int:pk>/appariement/", views.edition_matching_run, name="run"),
    path("editions/<int:pk>/regles/", views.pair_rule_set, name="rule"),
    path("editions/<int:pk>/etat/", views.edition_transition, name="transition"),
    path("binomes/<int:pk>/", views.pair_detail, name="pair"),
    path("binomes/<int:pk>/reponse/", views.pair_respond, name="respond"),
    path("binomes/<int:pk>/objectifs/", views.pair_objectives, name="objectives"),
    path("binomes/<int:pk>/rencontres/", views.meeting_add, name="meeting"),
    path("binomes/<int:pk>/actions/", views.action_log, name="action"),
    path("binomes/<int:pk>/evaluation/", views.pair_evaluate, name="evaluate"),
    path("binomes/<int:pk>/cloture/", views.pair_close, name="close"),
    path("binomes/<int:pk>/interruption/", views.pair_end_early, name="end"),
]
