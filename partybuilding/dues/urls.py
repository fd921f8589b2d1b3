"""The dues pages."""

from django.urls import path

from .views import accounts, collect, fixed, imports, lists

urlpatterns = [
    # lists
    path("", lists.arrears_page, name="dues_arrears"),
    path("arrears.xlsx", lists.arrears_xlsx, name="dues_arrears_xlsx"),
    path("report/", lists.report_page, name="dues_report"),
    path("report.xlsx", lists.report_xlsx, name="dues_report_xlsx"),
    path("report.pdf", lists.report_pdf, name="dues_report_pdf"),
    # collect
    path("collect/<int:org_id>/<int:year>/<int:month>/", collect.dues_collect, name="dues_collect"),
    path("collect/<int:org_id>/<int:year>/<int:month>/open/", collect.dues_open, name="dues_open"),
    # accounts
    path("me/", accounts.my_dues, name="dues_me"),
    path("member/<int:pk>/", accounts.member_dues, name="dues_member"),
    # imports
    path("import/", imports.import_page, name="dues_import"),
    path("import/template.xlsx", imports.import_template, name="dues_import_template"),
    # fixed
    path("fixed/", fixed.fixed_amounts, name="dues_fixed"),
]
