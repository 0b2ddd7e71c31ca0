"""The rows of a previewed import and their summary, shared by every file import (actual
costs here, the lessons register in lessons/services/lesson_import.py): each line of the file
is new, already imported (a duplicate) or in error, with what the import decided for it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportRow:
    """One line of the file: ``line`` as a spreadsheet shows it (the header is line 1)."""

    line: int
    values: dict = field(default_factory=dict)
    status: str = "new"  # new | duplicate | error (| ignored)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import decided for the row

    @property
    def reason(self) -> str:
        return "; ".join(self.errors)


@dataclass
class ImportPreview:
    rows: list

    @property
    def errors(self) -> list:
        return [row for row in self.rows if row.status == "error"]

    @property
    def new(self) -> list:
        return [row for row in self.rows if row.status == "new"]

    @property
    def duplicates(self) -> list:
        return [row for row in self.rows if row.status == "duplicate"]
