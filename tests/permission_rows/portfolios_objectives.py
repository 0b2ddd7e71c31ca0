"""Rows of the objective pages (issue 12): the objective tree, an objective's page, the
PMO's edit pages (objectives, KPIs, contributions), the project tab "Objectives" and the
coverage map.

Every role reads objectives and the coverage map (a user without a role gets 403); only the
PMO edits. A project's tab and its contribution forms answer 404 outside the reader's scope
(the PM does not read project B, the executive reads A through BU North), 403 in scope
without the right. The GET rows of objective_list and objective_detail are in
tests/test_permissions.py. Writes are POST only (GET → 405); an empty post re-renders the
form with its errors (200), a removal redirects (302).
"""

from tests.permission_rows import ON_DEMAND, UrlArgs, row


def _kpi(world):
    from portfolios.models import ObjectiveKPI

    return ObjectiveKPI.objects.create(
        objective=world.objective, name="Part des énergies renouvelables", unit="%", target=40
    )


def _contribution(project_attribute: str):
    def build(world):
        from portfolios.models import ObjectiveContribution

        project = getattr(world, project_attribute)
        # The browser tests' world already has project A contributing: keep its row.
        ObjectiveContribution.objects.get_or_create(
            project=project, objective=world.objective, defaults={"score": 2}
        )
        return UrlArgs((project.pk, world.objective.pk))

    return build


ON_DEMAND.update(
    {
        "objective_kpi": _kpi,
        "contribution_a": _contribution("project_a"),
        "contribution_b": _contribution("project_b"),
    }
)

P = "portfolios:"
#                                                                       anon out pmo pm  exe rm  fin
ROWS = {
    (P + "objective_list", None, "post"): row("                         L 405 405 405 405 405 405"),
    (P + "objective_detail", "objective", "post"): row("                L 405 405 405 405 405 405"),
    (P + "objective_coverage", None, "get"): row("                      L 403 200 200 200 200 200"),
    (P + "objective_coverage", None, "post"): row("                     L 405 405 405 405 405 405"),
    (P + "objective_create", None, "get"): row("                        L 403 200 403 403 403 403"),
    (P + "objective_create", None, "post"): row("                       L 403 200 403 403 403 403"),
    (P + "objective_update", "objective", "get"): row("                 L 403 200 403 403 403 403"),
    (P + "objective_update", "objective", "post"): row("                L 403 200 403 403 403 403"),
    (P + "objective_delete", "objective", "get"): row("                 L 403 200 403 403 403 403"),
    (P + "objective_delete", "objective", "post"): row("                L 403 302 403 403 403 403"),
    (P + "objective_kpi_create", "objective", "get"): row("             L 403 200 403 403 403 403"),
    (P + "objective_kpi_create", "objective", "post"): row("            L 403 200 403 403 403 403"),
    (P + "objective_kpi_update", "objective_kpi", "get"): row("         L 403 200 403 403 403 403"),
    (P + "objective_kpi_update", "objective_kpi", "post"): row("        L 403 200 403 403 403 403"),
    (P + "objective_kpi_delete", "objective_kpi", "get"): row("         L 405 405 405 405 405 405"),
    (P + "objective_kpi_delete", "objective_kpi", "post"): row("        L 403 302 403 403 403 403"),
    (P + "objective_contribution_set", "objective", "get"): row("       L 405 405 405 405 405 405"),
    (P + "objective_contribution_set", "objective", "post"): row("      L 403 200 403 403 403 403"),
    (P + "project_objectives", "project_a", "get"): row("               L 404 200 200 200 200 200"),
    (P + "project_objectives", "project_b", "get"): row("               L 404 200 404 404 200 200"),
    (P + "project_objectives", "project_a", "post"): row("              L 405 405 405 405 405 405"),
    (P + "project_contribution_set", "project_a", "get"): row("         L 405 405 405 405 405 405"),
    (P + "project_contribution_set", "project_a", "post"): row("        L 404 200 403 403 403 403"),
    (P + "project_contribution_set", "project_b", "post"): row("        L 404 200 404 404 403 403"),
    (P + "contribution_remove", "contribution_a", "get"): row("         L 405 405 405 405 405 405"),
    (P + "contribution_remove", "contribution_a", "post"): row("        L 404 302 403 403 403 403"),
    (P + "contribution_remove", "contribution_b", "post"): row("        L 404 302 404 404 403 403"),
    # Exports: whoever reads the pages (figures narrowed to the reader's projects).
    (P + "objective_export_csv", None, "get"): row("                    L 403 200 200 200 200 200"),
    (P + "objective_export_csv", None, "post"): row("                   L 405 405 405 405 405 405"),
    (P + "objective_export_xlsx", None, "get"): row("                   L 403 200 200 200 200 200"),
    (P + "objective_export_xlsx", None, "post"): row("                  L 405 405 405 405 405 405"),
    (P + "objective_coverage_export_csv", None, "get"): row("           L 403 200 200 200 200 200"),
    (P + "objective_coverage_export_csv", None, "post"): row("          L 405 405 405 405 405 405"),
    (P + "objective_coverage_export_xlsx", None, "get"): row("          L 403 200 200 200 200 200"),
    (P + "objective_coverage_export_xlsx", None, "post"): row("         L 405 405 405 405 405 405"),
    # The project suggestions of the PMO's contribution form (an HTMX partial).
    (P + "objective_project_search", None, "get"): row("                L 403 200 403 403 403 403"),
    (P + "objective_project_search", None, "post"): row("               L 405 405 405 405 405 405"),
}
