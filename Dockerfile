# PMO Portal production image: gunicorn + whitenoise by default; the same image runs the
# Celery worker and beat (see docker-compose.yml). Configuration comes from the environment
# at run time (README.md, "Configuration").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango, HarfBuzz and a font for WeasyPrint (COPIL PDF pack); gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 pmo \
    && useradd --system --uid 1000 --gid pmo --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin pmo

# Dependencies first, from pyproject.toml alone, so that a code change reuses this layer.
# The project installs no package of its own (packages = []): the code runs from /app.
# A placeholder README satisfies pyproject's `readme` field without busting the cache;
# LICENSE is pyproject's `license-files` (a missing one is a setuptools error from 2027).
WORKDIR /tmp/build
COPY pyproject.toml LICENSE ./
RUN echo "PMO Portal" > README.md \
    && pip install . \
    && rm -rf /tmp/build

WORKDIR /app
COPY . .

ENV DJANGO_ENV=production \
    PMO_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# French catalogue and static files (hashed, compressed) at build time. The secret key and
# host below are throw-away values that exist for this step only; the real SECRET_KEY and
# ALLOWED_HOSTS are required at run time. PMO_VAR_DIR points to a scratch folder so that
# nothing this step writes stays in the image.
RUN SECRET_KEY="build-only-not-a-secret-build-only-not-a-secret-build-only" \
    ALLOWED_HOSTS=localhost \
    PMO_VAR_DIR=/tmp/build-var \
    sh -c 'python manage.py compilemessages --verbosity 0 \
        && python manage.py collectstatic --noinput --verbosity 1 \
        && rm -rf /tmp/build-var'

# The code stays owned by root (read-only for the app); only var/ and media are writable.
RUN mkdir -p /app/var /data/media \
    && chown pmo:pmo /app/var /data/media

USER pmo

EXPOSE 8000

CMD ["gunicorn", "pmo_portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
