"""Beat schedules seeded by data migrations (django-celery-beat, so the PMO can change them
in the admin). Migrations pass their historical ``apps``; nothing here imports a model."""


def add_crontab_task(
    apps, *, name: str, task: str, minute: str, hour: str, description: str
) -> None:
    """A periodic task on a daily-style crontab (Paris time, default queue), created once:
    a schedule the PMO has already changed is left as it is."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=minute,
        hour=hour,
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=name,
        defaults={
            "task": task,
            "crontab": crontab,
            "queue": "default",
            "description": description,
        },
    )


def add_interval_task(
    apps, *, name: str, task: str, seconds: int, description: str, expire_seconds: int
) -> None:
    """A periodic task every ``seconds`` (default queue), created once. Its messages expire
    after ``expire_seconds``: ticks that pile up while no worker runs are dropped, not all
    run when one comes back."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _created = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=name,
        defaults={
            "task": task,
            "interval": interval,
            "queue": "default",
            "description": description,
            "expire_seconds": expire_seconds,
        },
    )


def remove_task(apps, *, name: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
