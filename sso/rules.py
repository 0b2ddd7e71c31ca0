"""Who manages the single sign-on group mappings: the PMO."""

import rules

from pmo_portal.roles import is_pmo

MANAGE = "sso.manage_group_mappings"

rules.add_perm(MANAGE, is_pmo)
