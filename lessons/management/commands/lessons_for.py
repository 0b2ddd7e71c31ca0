"""``manage.py lessons_for CODE --top N [--json]``: a project's ranked lessons with their
scores and reasons, read by the same service as the project tab (lessons/services/routing.py,
``ranked_lessons``)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from lessons.routing.reasons import reason_texts
from lessons.services.routing import ranked_lessons
from portfolios.models import Project


class Command(BaseCommand):
    help = "Print a project's ranked lessons with their scores and reasons."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the project's code, for example PRJ-0042")
        parser.add_argument("--top", type=int, default=10, help="how many lessons (default 10)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, code, top, json: bool = False, **options):
        if top < 1:
            raise CommandError("--top must be at least 1")
        project = Project.objects.filter(code__iexact=code).first()
        if project is None:
            raise CommandError(f"no project has the code {code!r}")
        items = [
            {
                "lesson": item["lesson"].pk,
                "title": item["lesson"].title,
                "score": round(item["score"], 4),
                "status": str(item["status"]),
                "reasons": reason_texts(item["reasons"]),
            }
            for item in ranked_lessons(project, top=top)
        ]
        if json:
            self.stdout.write(_dumps({"project": project.code, "lessons": items}))
            return
        for rank, item in enumerate(items, start=1):
            self.stdout.write(f"{rank:>2}. {item['score']:.3f}  {item['title']}")
            for reason in item["reasons"]:
                self.stdout.write(f"      - {reason}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
