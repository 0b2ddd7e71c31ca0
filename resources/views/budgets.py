"""Views of resources: budgets."""

urlpatterns: list = []
