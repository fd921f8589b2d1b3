"""The statistics pages: the list of HD 11 forms, a form for a node and a period (page, Excel,
PDF), its children side by side, and the list behind one figure."""

from django.urls import path

from . import consistency_views, reported_views, views

urlpatterns = [
    path("", views.form_list, name="statistics"),
    # consistency check (before the forms' slugs, which "check" would match)
    path("check/", consistency_views.check_page, name="statistics_check"),
    # end consistency check
    # reported figures (before the forms' slugs, which "reported" would match)
    *reported_views.urlpatterns,
    # end reported figures
    path("<slug:slug>/", views.form_page, name="statistics_form"),
    path("<slug:slug>/excel/", views.form_xlsx, name="statistics_form_xlsx"),
    path("<slug:slug>/pdf/", views.form_pdf, name="statistics_form_pdf"),
    path("<slug:slug>/children/", views.children_page, name="statistics_children"),
    path("<slug:slug>/children/excel/", views.children_xlsx, name="statistics_children_xlsx"),
    path("<slug:slug>/drill/", views.drill_page, name="statistics_drill"),
    path("<slug:slug>/drill/excel/", views.drill_xlsx, name="statistics_drill_xlsx"),
]
