"""Rows of prioritisation: scoring models, a project's prioritisation tab and scores, the
proposals awaiting the PMO, the prioritised backlog and its exports.

Every role reads the models and the backlog (scoped by the projects it reads); only the PMO
edits models and their criteria and decides proposals; the project's manager proposes scores
for their project (the PMO's are validated at once). Writes are POST only. An empty post:
the scores form and a criterion's edit form are valid (back to the tab / the criteria), the
other forms are refused on the page (200).
"""

from tests.permission_rows import ON_DEMAND, row


def _default_model(world):
    from portfolios.models import ScoringModel

    return ScoringModel.objects.get(is_default=True)


def _p1_model(world):
    from portfolios.services.scoring import create_portfolio_model

    return create_portfolio_model(portfolio=world.p1, user=world.users["pmo"])


def _proposal(project_attribute: str):
    def build(world):
        from portfolios.models import ProjectScore, ScoringCriterion
        from portfolios.selectors.scoring import model_index
        from portfolios.services.scoring_scores import propose_scores

        project = getattr(world, project_attribute)
        # The model that applies to the project (P1 may have a model of its own by now).
        model_id = model_index().model_id_for(project.portfolio_id)
        value = ScoringCriterion.objects.get(model_id=model_id, key="value")
        propose_scores(project=project, user=project.manager, values={value.pk: 4})
        return ProjectScore.objects.get(project=project, criterion=value)

    return build


def _criterion(key: str):
    def build(world):
        from portfolios.models import ScoringCriterion

        return ScoringCriterion.objects.get(model__is_default=True, key=key)

    return build


ON_DEMAND.update(
    {
        "scoring_default": _default_model,
        "criterion_urgency": _criterion("urgency"),
        "criterion_risk": _criterion("risk"),
        "scoring_p1": _p1_model,
        "score_proposal_a": _proposal("project_a"),
        "score_proposal_b": _proposal("project_b"),
    }
)

_PROPOSAL_A, _PROPOSAL_B = "score_proposal_a", "score_proposal_b"
_SPEC = [
    # url name (portfolios:…), object, method,                  anon out pmo pm  exe rm  fin
    ("backlog", None, "get", "                                    L 403 200 200 200 200 200"),
    ("backlog", None, "post", "                                   L 405 405 405 405 405 405"),
    ("backlog_export_csv", None, "get", "                         L 403 200 200 200 200 200"),
    ("backlog_export_csv", None, "post", "                        L 405 405 405 405 405 405"),
    ("backlog_export_xlsx", None, "get", "                        L 403 200 200 200 200 200"),
    ("backlog_export_xlsx", None, "post", "                       L 405 405 405 405 405 405"),
    ("scoring_models", None, "get", "                             L 403 200 200 200 200 200"),
    ("scoring_models", None, "post", "                            L 405 405 405 405 405 405"),
    ("scoring_model_create", None, "get", "                       L 405 405 405 405 405 405"),
    ("scoring_model_create", None, "post", "                      L 403 200 403 403 403 403"),
    ("scoring_model_weights", "scoring_default", "get", "         L 403 200 403 403 403 403"),
    ("scoring_model_weights", "scoring_default", "post", "        L 403 200 403 403 403 403"),
    ("scoring_model_pairwise", "scoring_default", "get", "        L 403 200 403 403 403 403"),
    ("scoring_model_pairwise", "scoring_default", "post", "       L 403 200 403 403 403 403"),
    ("scoring_model_delete", "scoring_p1", "get", "               L 405 405 405 405 405 405"),
    ("scoring_model_delete", "scoring_p1", "post", "              L 403 302 403 403 403 403"),
    ("scoring_model_criteria", "scoring_default", "get", "        L 403 200 403 403 403 403"),
    ("scoring_model_criteria", "scoring_default", "post", "       L 403 200 403 403 403 403"),
    ("scoring_criterion_edit", "criterion_urgency", "get", "      L 403 200 403 403 403 403"),
    ("scoring_criterion_edit", "criterion_urgency", "post", "     L 403 302 403 403 403 403"),
    ("scoring_criterion_remove", "criterion_risk", "get", "       L 403 200 403 403 403 403"),
    ("scoring_criterion_remove", "criterion_risk", "post", "      L 403 200 403 403 403 403"),
    ("scoring_project", "project_a", "get", "                     L 404 200 200 200 200 200"),
    ("scoring_project", "project_b", "get", "                     L 404 200 404 404 200 200"),
    ("scoring_project", "project_a", "post", "                    L 405 405 405 405 405 405"),
    ("scoring_project_scores", "project_a", "get", "              L 405 405 405 405 405 405"),
    ("scoring_project_scores", "project_a", "post", "             L 404 302 302 403 403 403"),
    ("scoring_project_scores", "project_b", "post", "             L 404 302 404 404 403 403"),
    ("scoring_proposals", None, "get", "                          L 403 200 403 403 403 403"),
    ("scoring_proposals", None, "post", "                         L 405 405 405 405 405 405"),
    ("scoring_proposal_validate", _PROPOSAL_A, "get", "           L 405 405 405 405 405 405"),
    ("scoring_proposal_validate", _PROPOSAL_A, "post", "          L 404 302 403 403 403 403"),
    ("scoring_proposal_validate", _PROPOSAL_B, "post", "          L 404 302 404 404 403 403"),
    ("scoring_proposal_reject", _PROPOSAL_A, "get", "             L 405 405 405 405 405 405"),
    ("scoring_proposal_reject", _PROPOSAL_A, "post", "            L 404 200 403 403 403 403"),
    ("scoring_proposal_reject", _PROPOSAL_B, "post", "            L 404 200 404 404 403 403"),
]
ROWS = {(f"portfolios:{name}", obj, method): row(spec) for name, obj, method, spec in _SPEC}
