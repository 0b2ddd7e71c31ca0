from lessons.views import (
    actions,
    analytics,
    closure,
    copil_summary,
    imports,
    register,
    routing,
)

app_name = "lessons"

urlpatterns = [
    *register.urlpatterns,
    *imports.urlpatterns,
    *closure.urlpatterns,
    *actions.urlpatterns,
    *routing.urlpatterns,
    *analytics.urlpatterns,
    *copil_summary.urlpatterns,
]
