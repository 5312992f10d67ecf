# Stage 1: fetch the Danish design system with npm.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/copy-vendor-assets.sh scripts/
RUN mkdir -p app/static && scripts/copy-vendor-assets.sh

# Stage 2: the Python application under gunicorn, as a non-root user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BORGERPORTAL_CONFIG=production
WORKDIR /srv/borgerportal
# Fonts for the PDF letters (app/letters/pdf.py): DejaVu for Latin and Cyrillic, Noto for Arabic.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /build/app/static/vendor app/static/vendor
RUN SECRET_KEY=build-only flask --app wsgi translate compile \
    && useradd --system --home /srv/borgerportal borgerportal \
    && mkdir -p instance && chown borgerportal instance
USER borgerportal
EXPOSE 8000
CMD ["sh", "-c", "flask --app wsgi db upgrade && exec gunicorn --bind 0.0.0.0:8000 --access-logfile - wsgi:app"]
