from .views import badges, committees, imports, records, reports, transfers

urlpatterns = [*records.urlpatterns, *reports.urlpatterns]
urlpatterns += [*transfers.urlpatterns, *badges.urlpatterns, *committees.urlpatterns]
urlpatterns += imports.urlpatterns
