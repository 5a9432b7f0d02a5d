from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("cases/<int:pk>/summary/", views.case_summary, name="case_summary"),
    path("cases/<int:pk>/summary.pdf", views.case_summary, {"as_pdf": True}, name="case_summary_pdf"),
    path("intake/<slug:unit_code>/", views.intake_form, name="intake_form"),
    path("intake/<slug:unit_code>/form.pdf", views.intake_form, {"as_pdf": True}, name="intake_form_pdf"),
]
