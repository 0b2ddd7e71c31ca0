"""How a user is named on every page, export and e-mail (one rule, in one place)."""

from __future__ import annotations


def user_label(user) -> str:
    """A user's full name, or their username when they have none; "" for no user. Never a raw
    id."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
