from django.urls import path

from . import views

app_name = "follow_up"

urlpatterns = [path("", views.follow_up, name="form")]
