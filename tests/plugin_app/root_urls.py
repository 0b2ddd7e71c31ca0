"""The root URLs with the plugin's: what a new app adds to pmo_portal/urls.py."""

from django.urls import include, path

from pmo_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns, path("plugin/", include("tests.plugin_app.urls"))]
