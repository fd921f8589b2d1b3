from .views import meetings, record, reports

urlpatterns = [*reports.urlpatterns, *meetings.urlpatterns, *record.urlpatterns]
