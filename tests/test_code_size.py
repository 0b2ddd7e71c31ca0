"""A module grows into a package before it passes 500 lines (shared/DESIGN.md, "Inside an
app"): no Python file of the repository, migrations aside, is longer."""

from pathlib import Path

from django.conf import settings

MAX_LINES = 500
SKIPPED = {".venv", "node_modules", "var", "migrations", ".git"}


def test_no_python_file_over_500_lines():
    root = Path(settings.BASE_DIR)
    long = {}
    for path in root.rglob("*.py"):
        if SKIPPED & set(path.relative_to(root).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[str(path.relative_to(root))] = lines
    assert long == {}
