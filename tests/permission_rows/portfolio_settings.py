"""Rows of the PMO's settings pages (issue 14): the budget thresholds, and per portfolio its
envelopes, its reporting policy and the recipients of its budget alerts.

All are the PMO's. A portfolio's pages answer 404 outside the user's reading scope (as the
portfolio tree: the executive, member of BU North, and the PM of project A read P1, not P2;
the outsider reads nothing) and 403 inside it; the resource manager and finance read every
portfolio, so 403. Empty POSTs re-render the form with its errors (200), except the policy,
whose values may all be empty (inherited): saved, 302. Removing a recipient redirects (302).
"""

from tests.permission_rows import ON_DEMAND, UrlArgs, row


def _envelope(portfolio_attribute: str):
    def build(world):
        from portfolios.models import PortfolioEnvelope

        portfolio = getattr(world, portfolio_attribute)
        envelope = PortfolioEnvelope.objects.create(portfolio=portfolio, fiscal_year=2026)
        return UrlArgs((portfolio.pk, envelope.pk))

    return build


def _recipient(portfolio_attribute: str):
    def build(world):
        from resources.models import AlertRecipient

        portfolio = getattr(world, portfolio_attribute)
        recipient = AlertRecipient.objects.create(portfolio=portfolio, user=world.users["finance"])
        return UrlArgs((portfolio.pk, recipient.pk))

    return build


ON_DEMAND["envelope_p1"] = _envelope("p1")
ON_DEMAND["envelope_p2"] = _envelope("p2")
ON_DEMAND["recipient_p1"] = _recipient("p1")
ON_DEMAND["recipient_p2"] = _recipient("p2")

#                                                                     anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:budget_settings", None, "get"): row("                   L 403 200 403 403 403 403"),
    ("resources:budget_settings", None, "post"): row("                  L 403 200 403 403 403 403"),
    ("portfolios:portfolio_envelopes", "p1", "get"): row("              L 404 200 403 403 403 403"),
    ("portfolios:portfolio_envelopes", "p1", "post"): row("             L 404 200 403 403 403 403"),
    ("portfolios:portfolio_envelopes", "p2", "get"): row("              L 404 200 404 404 403 403"),
    ("portfolios:portfolio_envelopes", "p2", "post"): row("             L 404 200 404 404 403 403"),
    ("portfolios:envelope_edit", "envelope_p1", "get"): row("           L 404 200 403 403 403 403"),
    ("portfolios:envelope_edit", "envelope_p1", "post"): row("          L 404 200 403 403 403 403"),
    ("portfolios:envelope_edit", "envelope_p2", "get"): row("           L 404 200 404 404 403 403"),
    ("reporting:portfolio_policy", "p1", "get"): row("                  L 404 200 403 403 403 403"),
    ("reporting:portfolio_policy", "p1", "post"): row("                 L 404 302 403 403 403 403"),
    ("reporting:portfolio_policy", "p2", "get"): row("                  L 404 200 404 404 403 403"),
    ("resources:alert_recipients", "p1", "get"): row("                  L 404 200 403 403 403 403"),
    ("resources:alert_recipients", "p1", "post"): row("                 L 404 200 403 403 403 403"),
    ("resources:alert_recipients", "p2", "get"): row("                  L 404 200 404 404 403 403"),
    ("resources:alert_recipient_remove", "recipient_p1", "get"): row("  L 405 405 405 405 405 405"),
    ("resources:alert_recipient_remove", "recipient_p1", "post"): row(" L 404 302 403 403 403 403"),
    ("resources:alert_recipient_remove", "recipient_p2", "post"): row(" L 404 302 404 404 403 403"),
}
