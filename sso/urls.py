"""/accounts/sso/: the way to the identity provider and back, and the PMO's group mappings.
(The sign-in and sign-out pages themselves keep their URLs: pmo_portal/urls.py.)"""

from django.urls import path

from sso import pages, views

app_name = "sso"

urlpatterns = [
    path("start/", views.StartView.as_view(), name="login"),
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("groups/", pages.mapping_list, name="mapping_list"),
    path("groups/new/", pages.mapping_create, name="mapping_create"),
    path("groups/<int:pk>/", pages.mapping_update, name="mapping_update"),
    path("groups/<int:pk>/delete/", pages.mapping_delete, name="mapping_delete"),
]
