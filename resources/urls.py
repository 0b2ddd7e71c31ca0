from resources.views import alerts, budgets, capacity, imports

app_name = "resources"

urlpatterns = [
    *capacity.urlpatterns,
    *budgets.urlpatterns,
    *alerts.urlpatterns,
    *imports.urlpatterns,
]
