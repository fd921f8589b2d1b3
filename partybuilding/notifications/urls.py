from django.urls import path

from . import views

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("<int:pk>/", views.notice_open, name="notice_open"),
    path("read-all/", views.notices_read_all, name="notices_read_all"),
    path("preferences/", views.preferences, name="notice_preferences"),
    path("rules/", views.rule_list, name="notice_rules"),
    path("rules/new/<int:org_pk>/", views.rule_new, name="notice_rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="notice_rule_edit"),
    path("day/", views.day_notices, name="notice_day"),
    path("day.xlsx", views.day_notices_xlsx, name="notice_day_xlsx"),
]
