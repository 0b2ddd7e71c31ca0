"""Governance URLs (mounted under /governance/): each page family lists its own paths."""

from governance.views import compliance, library, lifecycle, methods

app_name = "governance"
urlpatterns = [
    *methods.urlpatterns,
    *lifecycle.urlpatterns,
    *library.urlpatterns,
    *compliance.urlpatterns,
]
