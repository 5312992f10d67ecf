# One image, three ways to run it (scripts/docker-entrypoint.sh):
#   web      gunicorn serving the portal (the default)
#   worker   `flask worker`: sends the outbox, runs the reminder sweep and clean-ups
#   migrate  `flask db upgrade`, once, before web and worker start (web replicas never migrate)
# and `flask ...` for one-off commands (`flask jobcenter add`, `flask staff add`).

# Stage 1: the Danish design system from npm, copied into app/static/vendor by the project's own
# script. The script strips DKFDS's @font-face rules with Python, which node:20-slim lacks.
FROM node:20-slim AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/copy-vendor-assets.sh scripts/
RUN scripts/copy-vendor-assets.sh

# Stage 2: the Python application, run as a non-root user.
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BORGERPORTAL_CONFIG=production \
    UPLOAD_DIR=/srv/borgerportal/uploads \
    PROMETHEUS_MULTIPROC_DIR=/srv/borgerportal/metrics
WORKDIR /srv/borgerportal
# Fonts for the PDF letters (app/letters/pdf.py): DejaVu for Latin and Cyrillic, Noto for Arabic.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /build/app/static/vendor app/static/vendor
# The project's bytecode, compiled once here: the portal's user cannot write __pycache__ and
# PYTHONDONTWRITEBYTECODE is set, so otherwise every gunicorn worker and every flask command
# compiles the whole project again as it starts (~0.15 CPU s each).
RUN python -m compileall -q app migrations config.py wsgi.py jsonlog.py
# pybabel compiles the catalogs without importing the app, so no key is needed at build time.
RUN pybabel compile -d translations \
    && useradd --system --uid 10001 --home-dir /srv/borgerportal borgerportal \
    && mkdir -p instance uploads metrics \
    && chown borgerportal instance uploads metrics
USER 10001
EXPOSE 8000
ENTRYPOINT ["/srv/borgerportal/scripts/docker-entrypoint.sh"]
CMD ["web"]
