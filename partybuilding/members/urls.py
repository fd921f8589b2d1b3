from .badges import views as badges
from .committees import views as committees
from .imports import views as imports
from .lifecycle import views as lifecycle
from .records import views as records
from .transfers import views as transfers

# The records' fixed paths first: "<pk>/<kind>/" (a lifecycle event) would take "import/…".
urlpatterns = [*records.urlpatterns, *transfers.urlpatterns, *badges.urlpatterns, *committees.urlpatterns]
urlpatterns += [*imports.urlpatterns, *lifecycle.urlpatterns]
