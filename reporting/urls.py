from reporting.views import copil, dashboards, milestones, raid, reports

app_name = "reporting"

urlpatterns = [
    *reports.urlpatterns,
    *dashboards.urlpatterns,
    *milestones.urlpatterns,
    *raid.urlpatterns,
    *copil.urlpatterns,
]
