from django.urls import path

from maksora.security import views

app_name = "two_factor"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("set-up/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("backup-codes/new/", views.backup_codes_new, name="backup_codes_new"),
]
