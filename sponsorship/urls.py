from django.urls import path

from sponsorship import views

app_name = "sponsorship"

urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("awaiting/", views.child_awaiting, name="child_awaiting"),
    path("children/enrol/", views.child_enrol, name="child_enrol"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:pk>/exit/", views.child_exit, name="child_exit"),
    path("children/<int:pk>/match/", views.sponsorship_start, name="sponsorship_start"),
    path("sponsorships/<int:pk>/end/", views.sponsorship_end, name="sponsorship_end"),
    path("sponsorships/<int:pk>/contributions/add/", views.contribution_add, name="contribution_add"),
    path("sponsorships/<int:pk>/correspondence/add/", views.correspondence_add, name="correspondence_add"),
    path("sponsors/", views.sponsor_list, name="sponsor_list"),
    path("sponsors/add/", views.sponsor_add, name="sponsor_add"),
    path("sponsors/<int:pk>/", views.sponsor_detail, name="sponsor_detail"),
    path("sponsors/<int:pk>/edit/", views.sponsor_edit, name="sponsor_edit"),
    path("sponsors/<int:pk>/statement/", views.sponsor_statement, name="sponsor_statement"),
    path("sponsors/<int:pk>/statement.csv", views.sponsor_statement_csv, name="sponsor_statement_csv"),
    path("sponsors/<int:pk>/statement/print/", views.sponsor_statement_document, name="sponsor_statement_print"),
    path(
        "sponsors/<int:pk>/statement.pdf",
        views.sponsor_statement_document,
        {"as_pdf": True},
        name="sponsor_statement_pdf",
    ),
    path("tracker/", views.tracker, name="tracker"),
    path("tracker/mark-sent/", views.tracker_mark_sent, name="tracker_mark_sent"),
    path("tracker/schedule/", views.yearly_schedule, name="yearly_schedule"),
    path("correspondence/<int:pk>/", views.correspondence_detail, name="correspondence_detail"),
    path("correspondence/<int:pk>/edit/", views.correspondence_edit, name="correspondence_edit"),
    path("correspondence/<int:pk>/checklist/", views.correspondence_checklist, name="correspondence_checklist"),
    path("correspondence/<int:pk>/sent/", views.correspondence_mark_sent, name="correspondence_mark_sent"),
    path("correspondence/<int:pk>/letter/", views.yearly_update_letter, name="yearly_update_letter"),
    path(
        "correspondence/<int:pk>/letter.pdf",
        views.yearly_update_letter,
        {"as_pdf": True},
        name="yearly_update_letter_pdf",
    ),
    path("correspondence/<int:pk>/photo/", views.correspondence_photo, name="correspondence_photo"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/apply/", views.import_apply, name="import_apply"),
]
