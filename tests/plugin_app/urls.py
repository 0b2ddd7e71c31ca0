from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from portfolios.selectors import get_project_for_user

app_name = "plugin_app"


@login_required
def index(request):
    if not request.user.has_perm("plugin_app.view"):
        raise PermissionDenied
    return render(request, "plugin_app/index.html")


@login_required
def project(request, pk: int):
    project = get_project_for_user(request.user, pk)
    if not request.user.has_perm("plugin_app.view_project", project):
        raise PermissionDenied
    return render(request, "plugin_app/project.html", {"project": project})


urlpatterns = [
    path("", index, name="index"),
    path("projects/<int:pk>/", project, name="project"),
]
