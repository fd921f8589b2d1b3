"""The installable phone app: its manifest and service worker at the root (a worker only
controls the pages under its own path), the list of pages it keeps for reading offline,
and the two screens a secretary fills in without a connection."""

from django.urls import path

from . import views

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="pwa_manifest"),
    path("sw.js", views.service_worker, name="pwa_service_worker"),
    path("offline/pages.json", views.pages_to_keep, name="pwa_pages"),
    path("offline/meetings/<int:pk>/", views.attendance, name="pwa_attendance"),
    path("offline/dues/<int:org_id>/<int:year>/<int:month>/", views.cash, name="pwa_cash"),
]
