#!/usr/bin/env bash
# Vendor the page's third-party assets from the npm registry into dyad/web/static/vendor/.
# The page loads nothing from outside the server: no CDN, no tile server. Today that is one file,
# world-atlas's country outlines (Natural Earth 1:110m as TopoJSON, ISC licence), which the server
# turns into the map's SVG. Run it to update the committed copy: bash dyad/web/vendor.sh
set -euo pipefail
cd "$(dirname "$0")"
VERSION=2.0.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$VERSION" >/dev/null && tar xzf "world-atlas-$VERSION.tgz")
mkdir -p static/vendor/world-atlas
cp "$work/package/countries-110m.json" "$work/package/LICENSE" static/vendor/world-atlas/
echo "world-atlas@$VERSION" > static/vendor/world-atlas/VERSION
