"""Views of reporting: reports."""

urlpatterns: list = []
