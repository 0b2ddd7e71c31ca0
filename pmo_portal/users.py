"""How a user is named on every page, export and e-mail (one rule, in one place)."""

from __future__ import annotations


def user_label(user) -> str:
    """A user's full name, or their username when they have none; "" for no user. Never a raw
    id."""
    if user is None:
        return ""
    return names_label(user.first_name, user.last_name, user.get_username())


def names_label(first_name: str, last_name: str, username: str) -> str:
    """``user_label`` from the columns alone (a list read with ``values_list``)."""
    return f"{first_name} {last_name}".strip() or username
