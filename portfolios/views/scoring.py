"""Pages of strategic alignment: scoring (issue 12)."""

from __future__ import annotations

# Menu entries and project tabs of these pages (portfolios/contributions.py gathers them).
MENU: list = []
PROJECT_TABS: list = []
urlpatterns: list = []
