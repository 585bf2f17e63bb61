from django.urls import path

from . import council_views as views

urlpatterns = [
    path("raadsinformatiebrieven/", views.published_list, name="published_list"),
    path("raadsinformatiebrieven/<int:pk>/", views.published_detail, name="published_detail"),
    path("raadsinformatiebrieven/<int:pk>/pdf/", views.published_pdf, name="published_pdf"),
    path("raadsinformatiebrieven/opstellen/", views.council_list, name="council_list"),
    path("raadsinformatiebrieven/nieuw/", views.council_create, name="council_create"),
    path(
        "raadsinformatiebrieven/publicatieplan/<int:municipality>/",
        views.council_plan,
        name="council_plan",
    ),
    path("raadsinformatiebrieven/<int:pk>/bewerken/", views.council_edit, name="council_edit"),
    path(
        "raadsinformatiebrieven/<int:pk>/figuren/",
        views.council_block_add,
        name="council_block_add",
    ),
    path(
        "raadsinformatiebrieven/<int:pk>/figuren/<int:index>/",
        views.council_block_change,
        name="council_block_change",
    ),
    path(
        "raadsinformatiebrieven/<int:pk>/voorbeeld/", views.council_preview, name="council_preview"
    ),
    path(
        "raadsinformatiebrieven/<int:pk>/publiceren/", views.council_publish, name="council_publish"
    ),
    path(
        "raadsinformatiebrieven/<int:pk>/correctie/", views.council_correct, name="council_correct"
    ),
    path(
        "raadsinformatiebrieven/<int:pk>/verwijderen/", views.council_delete, name="council_delete"
    ),
]
