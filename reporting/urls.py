from reporting.views import dashboards, milestones, raid, reports

app_name = "reporting"

urlpatterns = [
    *reports.urlpatterns,
    *dashboards.urlpatterns,
    *milestones.urlpatterns,
    *raid.urlpatterns,
]
