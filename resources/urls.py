from resources.views import (
    alerts,
    budgets,
    capacity,
    import_log,
    imports,
    settings,
    team_needs,
)

app_name = "resources"

urlpatterns = [
    *capacity.urlpatterns,
    *budgets.urlpatterns,
    *alerts.urlpatterns,
    *imports.urlpatterns,
    *import_log.urlpatterns,
    *team_needs.urlpatterns,
    *settings.urlpatterns,
]
