"""The admissions pages."""

from django.urls import path

from .views import board, candidates, imports, reports

urlpatterns = [
    # imports
    path("import/", imports.candidate_import_page, name="candidate_import"),
    # candidates
    path("", candidates.candidate_list, name="candidate_list"),
    path("new/", candidates.candidate_create, name="candidate_create"),
    path("<int:pk>/", candidates.candidate_detail, name="candidate_detail"),
    path("<int:pk>/edit/", candidates.candidate_edit, name="candidate_edit"),
    path("<int:pk>/<slug:kind>/", candidates.candidate_step, name="candidate_step"),
    # board
    path("board/", board.admission_board, name="admission_board"),
    path("targets/<int:pk>/", board.admission_targets, name="admission_targets"),
    # reports
    path("report/", reports.admission_report_page, name="admission_report"),
    path("report.xlsx", reports.admission_report_xlsx, name="admission_report_xlsx"),
    path("report.pdf", reports.admission_report_pdf, name="admission_report_pdf"),
]
