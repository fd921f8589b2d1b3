from .views import records

urlpatterns = [*records.urlpatterns]
