from django.urls import path

from xuncha.surveys import views

app_name = "surveys"

urlpatterns = [
    path("inspections/<int:pk>/surveys/", views.inspection_surveys, name="inspection-surveys"),
    path("inspections/<int:pk>/surveys/new/", views.survey_create, name="survey-create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/settings/", views.survey_settings, name="survey-settings"),
    path("surveys/<int:pk>/questions/", views.question_add, name="question-add"),
    path("surveys/<int:pk>/tokens/", views.tokens_issue, name="tokens-issue"),
    path("surveys/<int:pk>/tokens/revoke/", views.tokens_revoke, name="tokens-revoke"),
    path("surveys/<int:pk>/results/export/", views.results_export, name="results-export"),
    path("surveys/<int:pk>/slips/", views.survey_slips, name="survey-slips"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey-results"),
    path("surveys/<int:pk>/transition/<str:name>/", views.survey_transition, name="survey-transition"),
    path("survey-questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("survey-questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("survey-questions/<int:pk>/move/", views.question_move, name="question-move"),
    # Public, no sign-in: the respondent's pages (答题).
    path("s/", views.answer_entry, name="answer-entry"),
    path("s/<str:code>/", views.answer, name="answer"),
]
