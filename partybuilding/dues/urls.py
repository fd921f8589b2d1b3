from .views import accounts, collect, fixed, imports, lists

urlpatterns = [*lists.urlpatterns, *collect.urlpatterns, *accounts.urlpatterns, *imports.urlpatterns, *fixed.urlpatterns]
