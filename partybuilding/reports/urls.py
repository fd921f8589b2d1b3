"""The dashboard's pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # Under /members/ since the dashboard's member figures and attention list were first there.,
    path("members/dashboard.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("members/attention/", views.dashboard_attention, name="dashboard_attention"),
]
