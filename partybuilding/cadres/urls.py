from .views import appointments, cadres, home, moves, planning, positions, reports, training

urlpatterns = (
    home.urlpatterns
    + positions.urlpatterns
    + cadres.urlpatterns
    + training.urlpatterns
    + planning.urlpatterns
    + appointments.urlpatterns
    + moves.urlpatterns
    + reports.urlpatterns
)
