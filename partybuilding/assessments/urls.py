"""The assessment pages: rounds and ratings, organizations and the four-good model, reports."""

from .views import organizations, ratings, reports, rounds

urlpatterns = rounds.urlpatterns + ratings.urlpatterns + organizations.urlpatterns + reports.urlpatterns
