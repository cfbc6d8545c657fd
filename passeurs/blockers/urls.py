from django.urls import path

from passeurs.blockers import views

app_name = "blockers"
urlpatterns = [
    path("", views.blocker_list, name="list"),
    path("declarer/", views.blocker_declare, name="declare"),
    path("suggestions/", views.blocker_suggestions, name="suggestions"),
    path("tableau/", views.blocker_board, name="board"),
    path("mes-freins/", views.blocker_mine, name="mine"),
    path("notifications/", views.blocker_notifications, name="notifications_all"),
    path("<int:pk>/", views.blocker_detail, name="detail"),
    path("<int:pk>/modifier/", views.blocker_update, name="update"),
    path("<int:pk>/etat/", views.blocker_transition, name="transition"),
    path("<int:pk>/prise-en-charge/", views.blocker_take_on, name="take_on"),
    path("<int:pk>/attribution/", views.blocker_assign, name="assign"),
    path("<int:pk>/aiguillage/", views.blocker_route, name="route"),
    path("<int:pk>/rejoindre/", views.blocker_join, name="join"),
    path("<int:pk>/notifications/", views.blocker_notifications, name="notifications"),
]
