from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from maksora import accesslog_views, views
from portal.views import home, search, search_suggest

urlpatterns = [
    path("", home, name="home"),
    path("search/", search, name="search"),
    path("search/suggest/", search_suggest, name="search_suggest"),
    path("healthz", views.healthz, name="healthz"),
    path("signed-in/", views.signed_in, name="signed_in"),
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
    path("data-problems/", include("datachecks.urls")),
    path("notifications/", include("notifications.urls")),
    path("assessments/", include("assessments.urls")),
    path("privacy/", include("privacy.urls")),
    path("documents/", include("documents.urls")),
    path("jobs/", include("jobs.urls")),
]

handler403 = "maksora.views.permission_denied"
handler404 = "maksora.views.page_not_found"
handler500 = "maksora.views.server_error"
