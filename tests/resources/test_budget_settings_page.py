"""The PMO's budget thresholds page (/resources/settings/budget/, issue 14): saved with who
and when in the history shown under the form, refused when wrong, 409 on a concurrent save,
403 for other roles."""

from decimal import Decimal

import pytest
from django.urls import reverse

from resources.models import BudgetSettings
from resources.services.settings import save_budget_settings

URL = reverse("resources:budget_settings")


def _post(client, **values):
    data = {
        "eac_tolerance_percent": "5.00",
        "alert_step_percent": "10.00",
        "escalation_days": "7",
        "version": "0",
    }
    data.update({key: str(value) for key, value in values.items()})
    return client.post(URL, data)


def test_pmo_saves_the_thresholds_and_sees_who_changed_what(client_for, world):
    client = client_for("pmo")
    response = _post(client, alert_step_percent="15.00", escalation_days="10")
    assert response.status_code == 302
    saved = BudgetSettings.current()
    assert (saved.alert_step_percent, saved.escalation_days) == (Decimal("15.00"), 10)
    assert saved.history.get().history_user == world.users["pmo"]

    response = _post(client, escalation_days="12", version=saved.version)
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "Latest changes" in page or "Dernières modifications" in page
    assert world.users["pmo"].get_full_name() in page
    assert "10 → 12" in page
    assert BudgetSettings.objects.count() == 1


def test_wrong_values_are_refused_and_nothing_is_saved(client_for, world):
    response = _post(client_for("pmo"), alert_step_percent="0", escalation_days="-1")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"alert_step_percent", "escalation_days"}
    assert not BudgetSettings.objects.exists()


def test_a_concurrent_save_is_not_overwritten(client_for, world):
    client = client_for("pmo")
    save_budget_settings(data={"escalation_days": 9})  # someone else, after the page opened
    response = _post(client, escalation_days="3", version=0)
    assert response.status_code == 409
    assert BudgetSettings.current().escalation_days == 9
    assert response.context["conflict"]["rows"]
    # Saving again (the page now holds the stored version) is a deliberate choice: it works.
    version = response.context["form"]["version"].value()
    assert _post(client, escalation_days="3", version=version).status_code == 302
    assert BudgetSettings.current().escalation_days == 3


@pytest.mark.parametrize("role", ["pm", "executive", "resource_manager", "finance", "outsider"])
def test_other_roles_may_not_change_the_thresholds(client_for, world, role):
    assert client_for(role).get(URL).status_code == 403
    assert _post(client_for(role), escalation_days="1").status_code == 403
    assert not BudgetSettings.objects.exists()


def test_the_menu_offers_the_page_to_the_pmo_only(client_for, world):
    assert URL in client_for("pmo").get(reverse("home")).content.decode()
