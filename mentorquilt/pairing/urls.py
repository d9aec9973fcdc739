from django.urls import path

from mentorquilt.pairing import views

urlpatterns = [
    path("pairing/", views.round_list, name="pairing_round_list"),
    path("pairing/new/", views.round_create, name="pairing_round_create"),
    path("pairing/<uuid:round_id>/", views.round_detail, name="pairing_round_detail"),
    path("pairing/<uuid:round_id>/progress/", views.round_progress, name="pairing_round_progress"),
    path("pairing/<uuid:round_id>/run/", views.round_run, name="pairing_round_run"),
    path("pairing/<uuid:round_id>/swap/", views.pair_swap, name="pairing_pair_swap"),
    path("pairing/<uuid:round_id>/add/", views.pair_add, name="pairing_pair_add"),
    path(
        "pairing/<uuid:round_id>/pairs/<uuid:pair_id>/remove/",
        views.pair_remove,
        name="pairing_pair_remove",
    ),
    path("pairing/<uuid:round_id>/publish/", views.round_publish, name="pairing_round_publish"),
    path("pairing/<uuid:round_id>/export.json", views.round_export, name="pairing_round_export"),
    path(
        "pairing/<uuid:round_id>/engine-input.json",
        views.round_engine_input,
        name="pairing_round_engine_input",
    ),
    path("pairing/<uuid:round_id>/import/", views.round_import, name="pairing_round_import"),
]
