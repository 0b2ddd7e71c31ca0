"""The executive's home shows the météo of each portfolio they sit on (issue 14): its live
projects by declared weather, those in difficulty (linking to exactly them) and the trend
since last month's reports."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.test_cockpits import EN, clock, cockpit, rows_of  # noqa: F401 (fixtures)


def weather_rows(client) -> dict[str, dict]:
    response = client.get(reverse("home"), headers=EN)
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="portfolio-weather"') :]
    section = section[: section.index("</section>")]
    rows = {}
    for row in re.findall(r"<tr data-portfolio.*?</tr>", section, flags=re.S):
        name = re.search(r'<th scope="row">(.*?)</th>', row).group(1)
        link = re.search(r'<a href="([^"]*)" data-count="(\d+)"', row)
        cells = re.findall(r'<td class="num">(?:<a[^>]*>)?(\d+)', row)
        trend = re.findall(r"<td>(.*?)</td>", row)[-1]
        rows[name] = {
            "url": link.group(1).replace("&amp;", "&"),
            "count": int(link.group(2)),
            "cells": [int(c) for c in cells],
            "trend": trend,
        }
    return rows


def test_each_portfolio_shows_its_weather_and_trend(cockpit, client_for):  # noqa: F811
    """North (the executive's portfolio) holds P1: A (not reported), the grown C (silent) and
    W (rainy in October after a sunny September), and R (stormy in November after a cloudy
    October). In difficulty now: W and R; last month: W only."""
    world = cockpit
    client = client_for("executive")
    rows = weather_rows(client)
    assert list(rows) == [world.north.name]
    north = rows[world.north.name]
    assert north["count"] == 2
    assert north["count"] == rows_of(client, north["url"])  # the link lists exactly them
    live, sunny, cloudy, rainy, stormy, not_reported, difficulty = north["cells"]
    assert (rainy, stormy, difficulty) == (1, 1, 2)
    assert live == sunny + cloudy + rainy + stormy + not_reported
    assert north["trend"] == "worse: 1 more than last month"


def test_roles_without_portfolios_or_not_executives_see_no_weather_table(
    cockpit,  # noqa: F811
    client_for,
):
    for role in ("pmo", "pm", "finance", "resource_manager"):
        body = client_for(role).get(reverse("home"), headers=EN).content.decode()
        assert 'id="portfolio-weather"' not in body, role
