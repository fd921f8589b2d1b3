from django.urls import path

from . import views

urlpatterns = [
    path("", views.tree, name="organization_tree"),
    path("options/", views.options, name="organization_options"),
    path("export.xlsx", views.export, name="organization_export"),
    path("<int:pk>/", views.detail, name="organization_detail"),
    path("<int:pk>/children/", views.children, name="organization_children"),
    path("<int:pk>/new/", views.create_child, name="organization_create"),
    path("<int:pk>/terms/new/", views.term_create, name="term_create"),
    path("<int:pk>/facts/", views.facts, name="organization_facts"),  # before the restructuring steps' <slug>
    path("<int:pk>/<slug:action>/", views.restructure, name="organization_restructure"),
]
