"""``manage.py lessons_model [--train] [--report]``: (re)train the overrun-risk model and
print its measured quality (lessons/prediction.py), the same service as the weekly task."""

from django.core.management.base import BaseCommand

from lessons import prediction


class Command(BaseCommand):
    help = "Train the overrun-risk model and/or print its cross-validated quality."

    def add_arguments(self, parser):
        parser.add_argument("--train", action="store_true", help="train and store a new model")
        parser.add_argument("--report", action="store_true", help="print the current model")

    def handle(self, *args, train: bool, report: bool, **options):
        if train:
            model = prediction.train_model()
            if model is None:
                self.stdout.write(
                    f"Not trained: fewer than {prediction.MIN_CLOSED} closed projects with a "
                    "snapshot and final figures (or too few of either outcome)."
                )
        if report or not train:
            model = prediction.current_model()
            if model is None:
                self.stdout.write("No overrun-risk model yet.")
                return
            top = sorted(
                zip(model.explanation["features"], model.explanation["coef"], strict=True),
                key=lambda pair: -abs(pair[1]),
            )[:5]
            self.stdout.write(
                f"Overrun-risk model (cost > +{prediction.OVERRUN:.0%}) trained "
                f"{model.trained_at:%Y-%m-%d %H:%M}: n={model.n}, overran={model.positives}, "
                f"cross-validated ROC AUC={model.auc:.3f}, Brier={model.brier:.3f}"
            )
            self.stdout.write(
                "Largest standardised coefficients: "
                + ", ".join(f"{name} {coef:+.2f}" for name, coef in top)
            )
