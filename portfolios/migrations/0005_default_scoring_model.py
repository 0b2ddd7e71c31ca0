"""The company's default scoring model: the five criteria of the brief, weights in %.

Names are left empty so each reader sees the criterion's kind in their own language; the
definitions say what 0 and 5 mean (the PMO edits them). Strategic fit is computed from the
contributions to objectives; risk counts inverted."""

from decimal import Decimal

from django.db import migrations

CRITERIA = [
    ("fit", "fit", "30", "Calculé : contributions (0–3) aux objectifs, pondérées par le poids des objectifs, ramenées sur 0–5."),
    ("value", "value", "25", "0 : aucun bénéfice mesurable. 5 : bénéfices d'au moins trois fois le coût."),
    ("risk", "risk", "15", "0 : technologie maîtrisée, périmètre stable. 5 : technologie nouvelle, nombreuses inconnues (compte à l'envers)."),
    ("urgency", "urgency", "15", "0 : peut attendre deux ans. 5 : nécessaire sous six mois."),
    ("regulatory", "regulatory", "15", "0 : aucune obligation. 5 : échéance légale ou réglementaire (les projets obligatoires passent hors classement)."),
]


def create(apps, schema_editor):
    ScoringModel = apps.get_model("portfolios", "ScoringModel")
    ScoringCriterion = apps.get_model("portfolios", "ScoringCriterion")
    if ScoringModel.objects.filter(is_default=True).exists():
        return
    model = ScoringModel.objects.create(name="Modèle de la société", is_default=True)
    for order, (key, kind, weight, definition) in enumerate(CRITERIA):
        ScoringCriterion.objects.create(
            model=model, key=key, kind=kind, weight=Decimal(weight), definition=definition,
            order=order,
        )


def remove(apps, schema_editor):
    apps.get_model("portfolios", "ScoringModel").objects.filter(is_default=True).delete()


class Migration(migrations.Migration):
    dependencies = [("portfolios", "0004_strategic_alignment")]

    operations = [migrations.RunPython(create, remove)]
