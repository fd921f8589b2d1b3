"""The pages of background jobs, under /jobs/."""

from __future__ import annotations

from django.urls import path

from . import job_views

urlpatterns = [
    path("", job_views.job_list, name="job_list"),
    path("<int:pk>/", job_views.job_page, name="job_page"),
    path("<int:pk>/status/", job_views.job_status, name="job_status"),
    path("<int:pk>/download/", job_views.job_download, name="job_download"),
]
