"""The COPIL pack's consolidated budget shows the earned value and the declared EAC vs
computed forecast of the meeting's scope (figures computed by hand in
tests/resources/earned_value_helpers.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import time_machine

from pmo_portal import registry
from reporting.copil.data import read_pack
from tests.reporting.copil_pack_helpers import page_texts, render
from tests.reporting.factories_copil import CopilMeetingFactory
from tests.resources.earned_value_helpers import TODAY, build_evm_world


@time_machine.travel(TODAY, tick=False)
def test_the_budget_appendix_shows_the_scope_s_earned_value(world):
    """BU Nord's COPIL covers X, Z (its child P1) and Y (on hold); the project closed this
    year is no longer in a pack. PV 150 + 46, EV 120 + 54, AC 125 + 40 (Z has no % complete);
    EAC 330 + 60 against forecast 315 + 50 (Y declared none)."""
    build_evm_world(world)
    meeting = CopilMeetingFactory(portfolio=world.north, language="en")

    _scope, read = read_pack(meeting, today=date(2026, 7, 2), sections=registry.copil_sections())
    earned = {section.key: data for section, data in read}["appendix-budget"]["earned"]
    assert (earned.projects, earned.without_percent, earned.without_eac) == (3, 1, 1)
    assert (earned.pv, earned.ev, earned.ac) == (
        Decimal("196000.00"),
        Decimal("174000.00"),
        Decimal("165000.00"),
    )
    assert (earned.cpi, earned.spi) == (Decimal("1.05"), Decimal("0.89"))
    assert (earned.eac, earned.forecast, earned.difference) == (
        Decimal("390000.00"),
        Decimal("365000.00"),
        Decimal("25000.00"),
    )

    texts = page_texts(render(meeting).pdf)
    heading = "Earned value and estimate at completion".upper()  # h2 prints in capitals
    page = next(text for text in texts if heading in text)
    table = " ".join(page[page.index(heading) :].split())
    assert "as of 2 Jul 2026" in table
    assert "3 196 174 165 1.05 0.89 390 365 +25" in table  # projects, PV … EAC − forecast
    assert "BU Nord 1 without % complete · 1 without EAC" in table
    assert "ratios of the sums" in table
