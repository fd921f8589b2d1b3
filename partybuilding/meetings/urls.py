"""The meetings pages."""

from django.urls import path

from .views import checkin, meetings, record, reports

urlpatterns = [
    # reports
    path("missing/", reports.missing_report, name="meeting_missing"),
    path("missing.xlsx", reports.missing_export, name="meeting_missing_xlsx"),
    path("mine/", reports.my_meetings, name="my_meetings"),
    path("schemes/", reports.scheme_list, name="meeting_schemes"),
    path("schemes/new/<int:province_pk>/", reports.scheme_new, name="meeting_scheme_new"),
    # meetings
    path("", meetings.meeting_list, name="meeting_list"),
    path("export.xlsx", meetings.meeting_export, name="meeting_export"),
    path("quality.pdf", meetings.meeting_quality_pdf, name="meeting_quality_pdf"),
    path("plan/<int:org_pk>/", meetings.meeting_plan, name="meeting_plan"),
    path("plan-year/<int:org_pk>/", meetings.meeting_plan_year, name="meeting_plan_year"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/close/", meetings.meeting_close, name="meeting_close"),
    # record
    path("<int:pk>/record/", record.meeting_record, name="meeting_record"),
    path("<int:pk>/attendance/", record.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/documents/", record.document_upload, name="meeting_document_upload"),
    path("documents/<int:pk>/", record.document_download, name="meeting_document"),
    path("<int:pk>/minutes.pdf", record.meeting_minutes, name="meeting_minutes"),
    # check-in by QR code, leave requests, marks that disagreed
    path("<int:pk>/check-in/", checkin.meeting_checkin, name="meeting_checkin"),
    path("scan/<str:meeting_code>/", checkin.meeting_scan, name="meeting_scan"),
    path("<int:pk>/leave/", checkin.meeting_leave, name="meeting_leave"),
    path("conflicts/<int:pk>/settle/", checkin.conflict_settle, name="meeting_conflict_settle"),
]
