# syntax=docker/dockerfile:1
# LeaderDev's one image: gunicorn serves the web by default; docker-compose.yml runs the same image as the
# Celery worker and beat. Configuration comes from environment variables at run time (leaderdev/settings.py).
FROM python:3.11-slim

# WEB_CONCURRENCY is gunicorn's own worker-count variable: (2 x CPU cores) + 1 is the usual rule and 3 suits
# a small host. Raise it with `-e WEB_CONCURRENCY=...` rather than rebuilding.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=3

WORKDIR /app

# The runtime user owns only what it must write (uploaded media, private uploads and the beat schedule),
# never the code.
RUN groupadd --system --gid 10001 leaderdev \
 && useradd --system --uid 10001 --gid leaderdev --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin leaderdev \
 && mkdir -p /app/media /app/var/uploads /var/lib/leaderdev \
 && chown leaderdev:leaderdev /app/media /app/var /app/var/uploads /var/lib/leaderdev

# Dependencies first, read from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# Then the project itself, installed editable: settings find templates/ and static/ beside the package
# (BASE_DIR), as in development, so the tree under /app is exactly what runs.
COPY . .
RUN pip install -e .

# Static files are collected into the image and served by whitenoise. Settings refuse to load in production
# mode without a real SECRET_KEY, so this one step gets a random, throwaway key that lives only in this RUN's
# shell: it is in no ENV layer, not in the image history and not in the running container.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" DEBUG=false \
    python manage.py collectstatic --no-input

USER leaderdev:leaderdev
EXPOSE 8000

# /dev/shm keeps gunicorn's worker heartbeat files off the container's overlay filesystem.
CMD ["gunicorn", "leaderdev.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
