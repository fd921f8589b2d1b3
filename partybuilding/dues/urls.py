"""The dues pages."""

from django.urls import path

from .views import accounts, bank, collect, fixed, imports, lists

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
    path("collect/<int:org_id>/<int:year>/<int:month>/qr/", bank.qr_cards, name="dues_qr_cards"),
    path("collect/<int:org_id>/<int:year>/<int:month>/qr.pdf", bank.qr_cards_pdf, name="dues_qr_cards_pdf"),
    # accounts
    path("me/", accounts.my_dues, name="dues_me"),
    path("me/qr.png", bank.my_qr_png, name="dues_me_qr"),
    path("member/<int:pk>/", accounts.member_dues, name="dues_member"),
    # imports
    path("import/", imports.import_page, name="dues_import"),
    path("import/template.xlsx", imports.import_template, name="dues_import_template"),
    # bank transfers
    path("bank/account/<int:org_id>/", bank.bank_account, name="dues_bank_account"),
    path("bank/statements/", bank.statement_import, name="dues_statement_import"),
    path("bank/statements/imported/", bank.statement_list, name="dues_statements"),
    path("bank/statements/<int:pk>/", bank.statement_detail, name="dues_statement"),
    path("bank/credits/", bank.credit_list, name="dues_credits"),
    path("bank/credits.xlsx", bank.credit_xlsx, name="dues_credits_xlsx"),
    path("bank/credits/<int:pk>/", bank.credit_detail, name="dues_credit"),
    path("bank/credits/<int:pk>/not-dues/", bank.credit_not_dues, name="dues_credit_not_dues"),
    path("bank/credits/<int:pk>/back-to-queue/", bank.credit_back_to_queue, name="dues_credit_back_to_queue"),
    # fixed
    path("fixed/", fixed.fixed_amounts, name="dues_fixed"),
]
