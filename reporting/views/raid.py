"""Views of reporting: raid."""

urlpatterns: list = []
