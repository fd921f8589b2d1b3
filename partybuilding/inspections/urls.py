from .views import appeals, cases, denunciations, disciplines, home, members, overdue, programmes, reports

urlpatterns = (
    home.urlpatterns
    + programmes.urlpatterns
    + cases.urlpatterns
    + disciplines.urlpatterns
    + appeals.urlpatterns
    + denunciations.urlpatterns
    + reports.urlpatterns
    + overdue.urlpatterns
    + members.urlpatterns
)
