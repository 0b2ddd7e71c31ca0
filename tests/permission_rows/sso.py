"""Rows of single sign-on (sso/): the way to the identity provider and back answer 404 while
SSO is off (as in these tests: tests/sso/ walks them with a provider), and the group mapping
pages are the PMO's. An empty POST of the form is bad input: the form comes back with its
errors (200), nothing saved."""

from tests.permission_rows import ON_DEMAND, row


def _mapping(world):
    from pmo_portal.roles import Role
    from sso.models import SsoGroupMapping

    return SsoGroupMapping.objects.create(group="pmo-nord", role=Role.EXECUTIVE, portfolio=world.p1)


ON_DEMAND["sso_mapping"] = _mapping

#                                                                anon out pmo pm  exe rm  fin
ROWS = {
    ("sso:login", None, "get"): row("                            404 404 404 404 404 404 404"),
    ("sso:callback", None, "get"): row("                         404 404 404 404 404 404 404"),
    ("sso:mapping_list", None, "get"): row("                       L 403 200 403 403 403 403"),
    ("sso:mapping_create", None, "get"): row("                     L 403 200 403 403 403 403"),
    ("sso:mapping_create", None, "post"): row("                    L 403 200 403 403 403 403"),
    ("sso:mapping_update", "sso_mapping", "get"): row("            L 403 200 403 403 403 403"),
    ("sso:mapping_update", "sso_mapping", "post"): row("           L 403 200 403 403 403 403"),
    ("sso:mapping_delete", "sso_mapping", "get"): row("            L 403 200 403 403 403 403"),
    ("sso:mapping_delete", "sso_mapping", "post"): row("           L 403 302 403 403 403 403"),
}
