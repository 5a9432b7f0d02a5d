from django.urls import path

from datachecks import views

app_name = "datachecks"

urlpatterns = [
    path("", views.problem_list, name="problem_list"),
    path("run/", views.checks_run, name="checks_run"),
    path("<int:pk>/dismiss/", views.problem_dismiss, name="problem_dismiss"),
]
