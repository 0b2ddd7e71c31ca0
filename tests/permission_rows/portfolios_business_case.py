"""Rows of the business-case tab (portfolios/views/business_case.py).

Every reader of a project reads its business case; the grid is saved by the PMO and the
project's manager (empty POST: the page again with its errors, 200); the mandatory flag and
the dependencies are the PMO's (an empty POST of the flag: a message and back to the page,
302; of a dependency: the form again with its errors, 200). Outside the reader's scope: 404.
Writes are POST only.
"""

from tests.permission_rows import ON_DEMAND, row


def _dependency(project_attribute: str, other_attribute: str):
    def build(world):
        from portfolios.models import DependencyKind, ProjectDependency

        return ProjectDependency.objects.create(
            project=getattr(world, project_attribute),
            other=getattr(world, other_attribute),
            kind=DependencyKind.REQUIRES,
            note="Socle commun",
        )

    return build


ON_DEMAND["dependency_a"] = _dependency("project_a", "project_b")
ON_DEMAND["dependency_b"] = _dependency("project_b", "project_a")

BC = "portfolios:business_case"
SAVE = "portfolios:business_case_save"
FLAG = "portfolios:business_case_mandatory"
ADD = "portfolios:business_case_dependency_add"
REMOVE = "portfolios:business_case_dependency_remove"

#                                                anon out pmo pm  exe rm  fin
ROWS = {
    (BC, "project_a", "get"): row("                 L 404 200 200 200 200 200"),
    (BC, "project_b", "get"): row("                 L 404 200 404 404 200 200"),
    (BC, "project_a", "post"): row("                L 405 405 405 405 405 405"),
    (SAVE, "project_a", "post"): row("              L 404 200 200 403 403 403"),
    (SAVE, "project_b", "post"): row("              L 404 200 404 404 403 403"),
    (SAVE, "project_a", "get"): row("               L 405 405 405 405 405 405"),
    (FLAG, "project_a", "post"): row("              L 404 302 403 403 403 403"),
    (FLAG, "project_b", "post"): row("              L 404 302 404 404 403 403"),
    (FLAG, "project_a", "get"): row("               L 405 405 405 405 405 405"),
    (ADD, "project_a", "post"): row("               L 404 200 403 403 403 403"),
    (ADD, "project_b", "post"): row("               L 404 200 404 404 403 403"),
    (ADD, "project_a", "get"): row("                L 405 405 405 405 405 405"),
    (REMOVE, "dependency_a", "post"): row("         L 404 302 403 403 403 403"),
    (REMOVE, "dependency_b", "post"): row("         L 404 302 404 404 403 403"),
    (REMOVE, "dependency_a", "get"): row("          L 405 405 405 405 405 405"),
}
