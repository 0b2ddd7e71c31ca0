"""Views of reporting: dashboards."""

urlpatterns: list = []
