# The portal's image: web (gunicorn), Celery worker and Celery beat all run from it (see compose.yaml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# Pango for WeasyPrint; DejaVu covers the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) in the PDF statement.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .
# config.settings.build has no secrets and serves nothing: it only lets collectstatic run.
RUN python scripts/compile_translations.py \
 && DJANGO_SETTINGS_MODULE=config.settings.build VAR_DIR=/tmp/var python manage.py collectstatic --noinput \
 && rm -rf /tmp/var

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"]
