"""A hand-counted world of objectives, contributions and business cases (issue 12); no test
of its own: the objective tests build it.

On top of tests/conftest.py's world (project A in P1 managed by ``pm``, project B in P2):

    OBJ-1 (world.objective)            OBJ-2 (nobody serves it)
    ├── OBJ-1.1
    │   └── OBJ-1.1.1
    └── OBJ-1.2

    project      portfolio  status     contributions                      business case 2026
    PRJ-A        P1         active     OBJ-1.1: 3, OBJ-1.2: 2              100 000 + 20 000, 2.5 FTE
    PRJ-B        P2         active     OBJ-1.1.1: 1                         50 000 +      0, 1.0 FTE
    PRJ-C        P1         approved   OBJ-1.1: 0 (assessed: none)         (none)
    PRJ-D        P1         proposed   OBJ-1.1: 3  (a candidate)           777 (not counted)
    PRJ-E        P1         active,    OBJ-1.1: 3                          888 (not counted)
                            archived
    PRJ-F        P2         on hold    OBJ-1: 2                             10 000 +  5 000, 0.5 FTE
    PRJ-G        P1         closed     OBJ-1.2: 3                          999 (not counted)
    PRJ-H        BU North   active     (none: serves no objective)         (none)

PRJ-A also has a 2027 business case (not counted in 2026).

Hand count for a reader of every project (PMO), live projects only (approved, active,
on hold), each project once per node:

    OBJ-1      A, B, F   3 projects   CAPEX 160 000  OPEX 25 000  budget 185 000  FTE 4.0
    OBJ-1.1    A, B      2            150 000        20 000       170 000         3.5
    OBJ-1.1.1  B         1             50 000             0        50 000         1.0
    OBJ-1.2    A         1            100 000        20 000       120 000         2.5
    OBJ-2      —         0                  0             0             0         0.0

The project manager ``pm`` reads P1 (where PRJ-A is): OBJ-1 = A only (1 project, 120 000,
2.5 FTE). Live projects serving no objective: PRJ-C (its only contribution scores 0) and
PRJ-H.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portfolios.models import BusinessCaseYear, ProjectStatus, StrategicObjective
from tests.portfolios.factories import ContributionFactory, ObjectiveFactory, ProjectFactory

YEAR = 2026
TODAY = date(2026, 6, 15)


@dataclass
class Hand:
    root: StrategicObjective
    o11: StrategicObjective
    o111: StrategicObjective
    o12: StrategicObjective
    o2: StrategicObjective
    projects: dict


def case(project, year, capex, opex, fte):
    return BusinessCaseYear.objects.create(
        project=project, year=year, capex=Decimal(capex), opex=Decimal(opex), fte=Decimal(fte)
    )


def build_hand_world(world) -> Hand:
    root = world.objective
    o11 = ObjectiveFactory(code="OBJ-1.1", title="Sous-objectif un", parent=root)
    o111 = ObjectiveFactory(code="OBJ-1.1.1", title="Sous-sous-objectif", parent=o11)
    o12 = ObjectiveFactory(code="OBJ-1.2", title="Sous-objectif deux", parent=root)
    o2 = ObjectiveFactory(code="OBJ-2", title="Objectif deux")
    a, b = world.project_a, world.project_b
    c = ProjectFactory(code="PRJ-C", portfolio=world.p1, status=ProjectStatus.APPROVED)
    d = ProjectFactory(code="PRJ-D", portfolio=world.p1, status=ProjectStatus.PROPOSED)
    e = ProjectFactory(code="PRJ-E", portfolio=world.p1, is_archived=True)
    f = ProjectFactory(code="PRJ-F", portfolio=world.p2, status=ProjectStatus.ON_HOLD)
    g = ProjectFactory(code="PRJ-G", portfolio=world.p1, status=ProjectStatus.CLOSED)
    h = ProjectFactory(code="PRJ-H", portfolio=world.north)
    for project, objective, score in [
        (a, o11, 3),
        (a, o12, 2),
        (b, o111, 1),
        (c, o11, 0),
        (d, o11, 3),
        (e, o11, 3),
        (f, root, 2),
        (g, o12, 3),
    ]:
        ContributionFactory(project=project, objective=objective, score=score)
    case(a, YEAR, "100000", "20000", "2.5")
    case(a, YEAR + 1, "999999", "0", "9")
    case(b, YEAR, "50000", "0", "1")
    case(d, YEAR, "777", "0", "0")
    case(e, YEAR, "888", "0", "0")
    case(f, YEAR, "10000", "5000", "0.5")
    case(g, YEAR, "999", "0", "0")
    projects = {p.code: p for p in (a, b, c, d, e, f, g, h)}
    return Hand(root=root, o11=o11, o111=o111, o12=o12, o2=o2, projects=projects)
