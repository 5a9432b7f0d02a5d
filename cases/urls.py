from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("intake/", views.intake, name="intake"),
    path("stewards/", views.stewards_queue, name="stewards"),
    path("caseload/", views.caseload, name="caseload"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/history/", views.case_history, name="case_history"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/review/", views.case_review, name="case_review"),
    path("<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/attachments/add/", views.case_attachment_add, name="case_attachment_add"),
    path("goals/<int:pk>/progress/", views.goal_progress, name="goal_progress"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("people/autocomplete/", views.person_autocomplete, name="person_autocomplete"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/history/", views.person_history, name="person_history"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/family/", views.person_family, name="person_family"),
    path("people/<int:pk>/family/add/", views.relationship_add, name="relationship_add"),
    path("people/<int:pk>/family/<int:link_pk>/end/", views.relationship_end, name="relationship_end"),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("people/<int:pk>/merge/<int:keep_pk>/", views.person_merge_confirm, name="person_merge_confirm"),
    path("people/merges/<int:pk>/undo/", views.person_unmerge, name="person_unmerge"),
    path("people/<int:pk>/restriction/", views.person_restriction, name="person_restriction"),
    path("people/<int:pk>/restriction/lift/", views.person_restriction_lift, name="person_restriction_lift"),
    path("people/<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path("people/<int:pk>/attachments/add/", views.person_attachment_add, name="person_attachment_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
