#!/usr/bin/env bash
# Install the Debian packages the tests need, when they are missing:
# Chromium (browser tests), PostgreSQL (the second database), Noto fonts (Arabic in screenshots and
# PDF letters), DejaVu fonts (Latin and Cyrillic in PDF letters), poppler-utils (reading PDFs back),
# wrk (the load benchmark, bench/run), redis-server (limits shared by several instances).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ -e /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || missing+=(fonts-noto-core)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)  # bench/run drives the load with it
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)  # tests/test_limits_across_processes.py
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them (as root): apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
