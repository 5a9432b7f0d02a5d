from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views import home
from maksora import accesslog_views, views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/two-factor/", include("maksora.security.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cases/", include("cases.urls")),
    path("shelters/", include("shelters.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("reports/exports-log/", accesslog_views.export_log, name="export_log"),
    path("reports/", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
]

handler403 = "maksora.views.permission_denied"
handler404 = "maksora.views.page_not_found"
handler500 = "maksora.views.server_error"
