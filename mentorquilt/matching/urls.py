from django.urls import path

from mentorquilt.matching import views

urlpatterns = [
    path("find-mentors/", views.mentor_find, name="mentor_find"),
    path("quilt/suggestions/", views.quilt_suggestion_list, name="quilt_suggestions"),
    path(
        "institutions/<uuid:institution_id>/supply-demand/",
        views.supply_demand_institution,
        name="supply_demand_institution",
    ),
    path("staff/supply-demand/", views.supply_demand_network, name="supply_demand_network"),
]
