"""Pages of strategic alignment: scenarios (issue 12)."""

from __future__ import annotations

# Menu entries and project tabs of these pages (portfolios/contributions.py gathers them).
MENU: list = []
PROJECT_TABS: list = []
urlpatterns: list = []
