from resources.views import alerts, budgets, capacity

app_name = "resources"

urlpatterns = [*capacity.urlpatterns, *budgets.urlpatterns, *alerts.urlpatterns]
