"""Views of resources: alerts."""

urlpatterns: list = []
