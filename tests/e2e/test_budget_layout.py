"""Issue 10 item 15: large negative amounts on the project budget page ran over into the next
column (the estimate-at-completion list next to the earned value). Every amount must stay
inside its own cell at the widths people use."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolios.models import Project
from resources.models import Nature
from tests.resources.factories import ActualCostFactory, BudgetLineFactory

pytestmark = pytest.mark.e2e

OVERFLOWING = """() => [...document.querySelectorAll('main .num')]
  .filter((el) => el.scrollWidth > el.clientWidth + 1
    || el.getBoundingClientRect().right > el.parentElement.getBoundingClientRect().right + 1)
  .map((el) => el.textContent.trim())"""


@pytest.mark.parametrize("width", [1280, 1000, 800, 390])
def test_negative_amounts_stay_in_their_cells(page, live_server, e2e_world, sign_in, french, width):
    project = e2e_world.project_a
    today = timezone.localdate()
    BudgetLineFactory(
        project=project, fiscal_year=today.year, nature=Nature.OPEX, approved_amount=Decimal("1000")
    )
    ActualCostFactory(
        project=project, nature=Nature.OPEX, date=today, amount=Decimal("98765432.10")
    )
    Project.objects.filter(pk=project.pk).update(eac=Decimal("123456789.00"), percent_complete=10)
    sign_in("pmo")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("resources:project_budget", args=[project.pk]))
    assert "98 764 432,10" in page.locator("main").inner_text().replace("\u202f", " ").replace(
        "\xa0", " "
    )
    assert page.evaluate(OVERFLOWING) == []
