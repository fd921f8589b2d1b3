"""The member pages. The fixed paths come first: "<pk>/<kind>/" (a lifecycle event) would take "import/…"."""

from django.urls import path

from .badges import views as badges
from .cards import views as cards
from .committees import views as committees
from .imports import views as imports
from .lifecycle import views as lifecycle
from .records import views as records
from .rewards import views as rewards
from .transfers import views as transfers

urlpatterns = [
    # records
    path("", records.member_list, name="member_list"),
    path("export.xlsx", records.member_export, name="member_export"),
    path("find/", records.member_find_by_citizen_id, name="member_find"),
    path("new/", records.member_create, name="member_create"),
    path("me/", records.my_record, name="my_record"),
    path("me/data/", records.my_data, name="my_data"),
    path("me/data.json", records.my_data_json, name="my_data_json"),
    path("me/data.xlsx", records.my_data_xlsx, name="my_data_xlsx"),
    path("<int:pk>/", records.member_detail, name="member_detail"),
    path("<int:pk>/reveal/", records.member_reveal, name="member_reveal"),
    path("<int:pk>/edit/", records.member_edit, name="member_edit"),
    path("<int:pk>/record.pdf", records.member_record_pdf, name="member_record_pdf"),
    # transfers
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/export.xlsx", transfers.transfer_export, name="transfer_export"),
    path("transfers/arrival/", transfers.transfer_arrival, name="transfer_arrival"),
    path("transfers/new/<int:member_pk>/", transfers.transfer_issue, name="transfer_issue"),
    path("transfers/member/<int:member_pk>/", transfers.member_record_sections, name="member_record_sections"),
    path("transfers/<int:pk>/<slug:action>/", transfers.transfer_action, name="transfer_action"),
    # badges
    path("badges/", badges.badge_due, name="badge_due"),
    path("badges/export.xlsx", badges.badge_export, name="badge_export"),
    path("badges/award/<int:member_pk>/", badges.badge_award, name="badge_award"),
    # cards
    path("cards/", cards.card_list, name="card_list"),
    path("cards/export.xlsx", cards.card_export, name="card_export"),
    path("cards/issue/<int:member_pk>/", cards.card_issue, name="card_issue"),
    path("cards/member/<int:member_pk>/", cards.card_member_section, name="card_member_section"),
    # end cards
    # rewards
    path("rewards/", rewards.reward_list, name="reward_list"),
    path("rewards/export.xlsx", rewards.reward_export, name="reward_export"),
    path("rewards/new/", rewards.reward_create, name="reward_create"),
    path("rewards/new/<int:member_pk>/", rewards.reward_create_member, name="reward_create_member"),
    path("rewards/<int:pk>/edit/", rewards.reward_edit, name="reward_edit"),
    path("rewards/<int:pk>/delete/", rewards.reward_delete, name="reward_delete"),
    path("rewards/member/<int:member_pk>/", rewards.reward_member_section, name="reward_member_section"),
    path("rewards/organization/<int:org_pk>/", rewards.reward_organization_section, name="reward_organization_section"),
    # end rewards
    # committees
    path("committees/warnings/", committees.committee_warnings, name="committee_warnings"),
    path("committees/terms/<int:pk>/", committees.committee_term, name="committee_term"),
    path("committees/terms/<int:pk>/assign/", committees.committee_role_assign, name="committee_role_assign"),
    path("committees/roles/<int:pk>/end/", committees.committee_role_end, name="committee_role_end"),
    # imports
    path("import/", imports.import_start, name="member_import_start"),
    path("import/template.xlsx", imports.import_template, name="member_import_template"),
    path("import/<int:pk>/", imports.import_job, name="member_import_job"),
    path("import/<int:pk>/status/", imports.import_status, name="member_import_status"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="member_import_confirm"),
    path("import/<int:pk>/cancel/", imports.import_cancel, name="member_import_cancel"),
    # lifecycle
    path("<int:pk>/<slug:kind>/", lifecycle.member_event, name="member_event"),
]
