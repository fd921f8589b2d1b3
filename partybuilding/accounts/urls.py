from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("two-factor/setup/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/reset/<int:pk>/", views.two_factor_reset, name="two_factor_reset"),
    path("scope/", views.scope_set, name="scope_set"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
