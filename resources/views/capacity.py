"""Views of resources: capacity."""

urlpatterns: list = []
