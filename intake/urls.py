from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("locaties/", views.location_list, name="location_list"),
    path("locaties/nieuw/", views.location_create, name="location_create"),
    path("locaties/<int:pk>/wijzigen/", views.location_edit, name="location_edit"),
    path("locaties/<int:pk>/deactiveren/", views.location_deactivate, name="location_deactivate"),
    path(
        "locaties/<int:pk>/spreekuren/nieuw/",
        views.weekly_hour_create,
        name="weekly_hour_create",
    ),
    path("spreekuren/<int:pk>/wijzigen/", views.weekly_hour_edit, name="weekly_hour_edit"),
    path("spreekuren/<int:pk>/verwijderen/", views.weekly_hour_delete, name="weekly_hour_delete"),
    path(
        "loketten/<int:pk>/vervallen-spreekuren/",
        views.walk_in_exceptions,
        name="walk_in_exceptions",
    ),
    path(
        "vervallen-spreekuren/<int:pk>/verwijderen/",
        views.walk_in_exception_delete,
        name="walk_in_exception_delete",
    ),
    path("contacten/", views.visit_list, name="visit_list"),
    path("contacten/nieuw/", views.visit_create, name="visit_create"),
    path("contacten/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("contacten/<int:pk>/wijzigen/", views.visit_edit, name="visit_edit"),
    path("contacten/<int:pk>/verwijderen/", views.visit_delete, name="visit_delete"),
    path("contacten/<int:pk>/doorverwijzen/", views.visit_referral_add, name="visit_referral_add"),
    path("contacten/<int:pk>/traject/", views.traject_start, name="traject_start"),
    path("contacten/<int:pk>/vragenlijst/", views.feedback_invite, name="feedback_invite"),
    path("trajecten/", views.traject_list, name="traject_list"),
    path("trajecten/<int:pk>/", views.traject_detail, name="traject_detail"),
    path("trajecten/<int:pk>/wijzigen/", views.traject_edit, name="traject_edit"),
    path("trajecten/<int:pk>/verwijderen/", views.traject_delete, name="traject_delete"),
    path("trajecten/<int:pk>/gesprek/", views.session_add, name="session_add"),
    path("gesprekken/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("gesprekken/<int:pk>/verwijderen/", views.session_delete, name="session_delete"),
    path("trajecten/<int:pk>/afsluiten/", views.traject_close, name="traject_close"),
    path(
        "trajecten/<int:pk>/doorverwijzen/",
        views.traject_referral_add,
        name="traject_referral_add",
    ),
    path("activiteiten/", views.activity_list, name="activity_list"),
    path("activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path("activiteiten/<int:pk>/wijzigen/", views.activity_edit, name="activity_edit"),
    path("activiteiten/<int:pk>/verwijderen/", views.activity_delete, name="activity_delete"),
    path("vragenlijsten/<int:pk>/", views.feedback_invitation, name="feedback_invitation"),
    path("vragenlijst/<str:token>/", views.feedback_form, name="feedback_form"),
]
