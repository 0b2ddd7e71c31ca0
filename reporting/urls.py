from reporting.views import copil, dashboards, milestones, policies, raid, reports

app_name = "reporting"

urlpatterns = [
    *reports.urlpatterns,
    *dashboards.urlpatterns,
    *milestones.urlpatterns,
    *raid.urlpatterns,
    *copil.urlpatterns,
    *policies.urlpatterns,
]
