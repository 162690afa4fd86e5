#!/usr/bin/env bash
# Copy the dashboard's front-end libraries and basemap data from node_modules/ (installed
# from the npm registry by `npm ci`, pinned in package-lock.json) into
# src/warclaims/web/static/vendor/, which is git-ignored: these files are installed at
# build time and served by the app itself (no CDN, no tile server). Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NM="$ROOT/node_modules"
VENDOR="$ROOT/src/warclaims/web/static/vendor"

if [[ ! -f "$NM/leaflet/dist/leaflet.js" || ! -f "$NM/swagger-ui-dist/swagger-ui-bundle.js" || "${1:-}" == "--install" ]]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund --ignore-scripts)
fi

mkdir -p "$VENDOR/leaflet/images"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$VENDOR/leaflet/"
cp "$NM/leaflet/dist/images/"*.png "$VENDOR/leaflet/images/"
cp "$NM/leaflet/LICENSE" "$VENDOR/leaflet/LICENSE"
mkdir -p "$VENDOR/topojson-client"
cp "$NM/topojson-client/dist/topojson-client.min.js" "$VENDOR/topojson-client/"
cp "$NM/topojson-client/LICENSE" "$VENDOR/topojson-client/LICENSE"
mkdir -p "$VENDOR/world-atlas"
cp "$NM/world-atlas/countries-50m.json" "$VENDOR/world-atlas/"
cp "$NM/world-atlas/LICENSE" "$VENDOR/world-atlas/LICENSE"
mkdir -p "$VENDOR/swagger-ui"
cp "$NM/swagger-ui-dist/swagger-ui-bundle.js" "$NM/swagger-ui-dist/swagger-ui.css" "$NM/swagger-ui-dist/LICENSE" \
  "$VENDOR/swagger-ui/"
echo "web assets copied to $VENDOR"
