from django.contrib import admin
from django.urls import include, path

from partybuilding.api.api import api
from partybuilding.core import views as core_views
from partybuilding.core.health import healthz

admin.site.site_header = "Party Building"
# Django admin is for superusers only; everyone else works through the scoped pages.
admin.site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("partybuilding.reports.urls")),
    path("", include("partybuilding.pwa.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("rules/", core_views.rules, name="rules"),
    path("text-size/", core_views.text_size, name="text_size"),
    path("audit/", core_views.audit_recent, name="audit_recent"),
    path("audit/<str:object_type>/<str:object_id>/", core_views.audit_log, name="audit_log"),
    path("jobs/", include("partybuilding.core.urls")),
    path("accounts/", include("partybuilding.accounts.urls")),
    path("organizations/", include("partybuilding.organizations.urls")),
    path("members/", include("partybuilding.members.urls")),
    path("admissions/", include("partybuilding.admissions.urls")),
    path("meetings/", include("partybuilding.meetings.urls")),
    path("dues/", include("partybuilding.dues.urls")),
    path("assessments/", include("partybuilding.assessments.urls")),
    path("inspections/", include("partybuilding.inspections.urls")),
    path("directives/", include("partybuilding.directives.urls")),
    path("cadres/", include("partybuilding.cadres.urls")),
    path("statistics/", include("partybuilding.statistics.urls")),
    path("notifications/", include("partybuilding.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
