from django.urls import path

from shelters import views

app_name = "shelters"

urlpatterns = [
    path("", views.board, name="board"),
    path("admit/", views.admit_choose, name="admit_choose"),
    path("admit/<int:case_pk>/", views.admit, name="admit"),
    path("discharge/<int:case_pk>/", views.discharge, name="discharge"),
    path("stays/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("people/<int:pk>/stays/", views.person_stays, name="person_stays"),
]
