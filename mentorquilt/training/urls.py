from django.urls import path

from mentorquilt.training import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<slug:kind>/", views.agreement_detail, name="agreement_detail"),
    path("training/", views.training_list, name="training_list"),
    path("training/modules/<uuid:module_id>/", views.training_module, name="training_module"),
    path("training/certificates/", views.certificate_list, name="certificate_list"),
    path(
        "training/certificates/<uuid:completion_id>/pdf/",
        views.certificate_download,
        name="certificate_download",
    ),
]
