from django.urls import path

from passeurs.directory import views

app_name = "directory"
urlpatterns = [
    path("structures/", views.organisation_list, name="organisation_list"),
    path("structures/nouvelle/", views.organisation_create, name="organisation_create"),
    path("structures/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("structures/<int:pk>/modifier/", views.organisation_update, name="organisation_update"),
    path("projets/", views.initiative_list, name="initiative_list"),
    path("projets/nouveau/", views.initiative_create, name="initiative_create"),
    path("projets/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("projets/<int:pk>/modifier/", views.initiative_update, name="initiative_update"),
]
