from resources.views import alerts, budgets, capacity, imports, team_needs

app_name = "resources"

urlpatterns = [
    *capacity.urlpatterns,
    *budgets.urlpatterns,
    *alerts.urlpatterns,
    *imports.urlpatterns,
    *team_needs.urlpatterns,
]
