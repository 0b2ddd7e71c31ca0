"""/api/v1/: the resources the installed apps list in the registry, the OpenAPI schema and
its Swagger UI page (assets served from our own static files, drf-spectacular-sidecar)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from pmo_portal import registry

app_name = "api"


class SchemaView(SpectacularAPIView):
    # JSON first, so that an error (401) reads as the problem details it is; YAML on request
    # (?format=yaml or Accept: application/yaml).
    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


class DocsView(SpectacularSwaggerSplitView):
    # The page without inline style or script (the Content-Security-Policy refuses them).
    template_name = "api/swagger_ui.html"


router = SimpleRouter()
for route in registry.api_routes():
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    # A page for people: signed-in users only (the sign-in page otherwise).
    path("docs/", login_required(DocsView.as_view(url_name="api:schema")), name="docs"),
]
