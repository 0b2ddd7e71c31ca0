from lessons.views import actions, analytics, closure, imports, register, routing

app_name = "lessons"

urlpatterns = [
    *register.urlpatterns,
    *imports.urlpatterns,
    *closure.urlpatterns,
    *actions.urlpatterns,
    *routing.urlpatterns,
    *analytics.urlpatterns,
]
