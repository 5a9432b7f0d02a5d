from django.urls import path

from maksora.security import views

urlpatterns = [
    path("", views.overview, name="two_factor"),
    path("set-up/", views.enrol, name="two_factor_enrol"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
    path("backup-codes/new/", views.backup_codes_new, name="two_factor_backup_codes_new"),
]
