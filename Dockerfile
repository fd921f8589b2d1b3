# The application image: gunicorn serving Django (static files by WhiteNoise), the same
# image running the background worker. Built by compose.yaml; see docs/deploy.md.
FROM python:3.11-slim-bookworm

# WeasyPrint draws the PDFs with Pango; pg_dump and pg_restore run the backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin partybuilding
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=partybuilding . .
# htmx is served by the application itself; it comes from the npm registry at build time.
RUN apt-get update && apt-get install -y --no-install-recommends npm && npm install --omit=dev --no-audit --no-fund \
 && apt-get purge -y npm && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* /root/.npm
RUN pybabel compile --domain=django --directory=partybuilding/locale \
 && SECRET_KEY=collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))') python manage.py collectstatic --no-input -v 0

USER partybuilding
ENV DJANGO_SETTINGS_MODULE=partybuilding.settings PYTHONUNBUFFERED=1 GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
