from django.urls import path

from mentorquilt.onboarding import views

urlpatterns = [
    path("checklist/", views.onboarding_checklist, name="onboarding_checklist"),
]
