from .views import board, candidates, imports, reports

urlpatterns = [*imports.urlpatterns, *candidates.urlpatterns, *board.urlpatterns, *reports.urlpatterns]
