#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright. Find it, or install it
# when we may (root), or say exactly what to run. Never skip silently. The GeoJSON
# export test also needs ogr2ogr (gdal-bin), and the read-aloud tests espeak-ng (generated
# speech in Czech and Ukrainian) with opusenc (opus-tools: that speech as Ogg/Opus), installed on the same line.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ] && command -v ogr2ogr >/dev/null && command -v espeak-ng >/dev/null && command -v opusenc >/dev/null; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ] && [ ! -x "$path" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core libzbar0 gdal-bin espeak-ng opus-tools >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium (and the export tests ogr2ogr). Install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-dejavu-core libzbar0 gdal-bin espeak-ng opus-tools" >&2
echo "or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
