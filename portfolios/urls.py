from django.urls import path

from portfolios import views
from portfolios.views import business_case, envelopes, history, objectives, scenarios, scoring

app_name = "portfolios"

urlpatterns = [
    path("portfolios/", views.portfolio_tree, name="tree"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.csv", views.project_export_csv, name="project_export_csv"),
    path("projects/export.xlsx", views.project_export_xlsx, name="project_export_xlsx"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_update, name="project_update"),
]
# Strategic alignment (issue 12): each page family lists its own URLs.
for _module in (objectives, scoring, scenarios, business_case, history, envelopes):
    urlpatterns += _module.urlpatterns
