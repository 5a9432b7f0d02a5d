from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.yearly, name="yearly"),
    path("figure/<str:source>/<str:key>/", views.drilldown, name="drilldown"),
    path("figure/<str:source>/<str:key>/export/<str:fmt>/", views.drilldown_export, name="drilldown_export"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("print/", views.print_view, name="print"),
    path("save/", views.save, name="save"),
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/<int:pk>/", views.saved_detail, name="saved_detail"),
    path("saved/<int:pk>/figure/<str:ref>/", views.saved_drilldown, name="saved_drilldown"),
    path(
        "saved/<int:pk>/figure/<str:ref>/export/<str:fmt>/",
        views.saved_drilldown_export,
        name="saved_drilldown_export",
    ),
    path("saved/<int:pk>/export/<str:fmt>/", views.saved_export, name="saved_export"),
]
