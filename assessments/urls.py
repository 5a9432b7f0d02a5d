from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("cases/<int:pk>/add/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/", views.assessment_correct, name="assessment_correct"),
    path("<int:pk>/unlock/", views.assessment_unlock, name="assessment_unlock"),
]
