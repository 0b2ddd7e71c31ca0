"""Celery task of the analytics: the weekly retraining of the overrun-risk model (beat,
seeded by lessons/migrations/0002_analytics.py, default queue)."""

from celery import shared_task


@shared_task(
    name="lessons.tasks.retrain_overrun_model",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def retrain_overrun_model() -> dict:
    """Every Monday morning: retrain on the closed projects and store the model with its
    cross-validated quality. Safe to rerun or retry: a rerun stores one more model row (the
    newest is used), never a half-written one (one transaction); below 50 closed projects it
    stores nothing."""
    from lessons.prediction import train_model

    model = train_model()
    if model is None:
        return {"trained": False}
    return {"trained": True, "n": model.n, "auc": model.auc, "brier": model.brier}
