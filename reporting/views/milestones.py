"""Views of reporting: milestones."""

urlpatterns: list = []
