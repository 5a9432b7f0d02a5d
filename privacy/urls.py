from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.due, name="due"),
    path("people/<int:pk>/destroy/", views.destroy, name="destroy"),
    path("people/<int:pk>/export/", views.subject_access, name="subject_access"),
    path("acts/<int:pk>/", views.act_detail, name="act_detail"),
    path("acts/<int:pk>/pdf/", views.act_pdf, name="act_pdf"),
]
