from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:slug>/", views.municipality, name="municipality"),
    path("<slug:slug>/<slug:desk_slug>/", views.desk, name="desk"),
    path("<slug:slug>/<slug:desk_slug>/agenda.ics", views.desk_calendar, name="desk_calendar"),
    path("<slug:slug>/<slug:desk_slug>/flyer.pdf", views.desk_flyer_pdf, name="desk_flyer_pdf"),
    path("<slug:slug>/<slug:desk_slug>/flyer.png", views.desk_flyer_png, name="desk_flyer_png"),
]
