from reporting.views import dashboards, raid, reports

app_name = "reporting"

urlpatterns = [*reports.urlpatterns, *dashboards.urlpatterns, *raid.urlpatterns]
