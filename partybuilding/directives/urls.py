from .views import documents, home, reports, study, tasks

urlpatterns = home.urlpatterns + documents.urlpatterns + tasks.urlpatterns + study.urlpatterns + reports.urlpatterns
