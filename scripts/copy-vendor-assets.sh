#!/usr/bin/env bash
# Copy the built parts of DKFDS (from node_modules, installed by npm) into app/static/vendor/.
# Only what the pages use: the borger.dk stylesheet, the script, the fonts the CSS names, icons.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/dkfds/dist
dest=app/static/vendor/dkfds
[ -d "$src" ] || { echo "dkfds is not installed: run 'npm ci' first" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js" "$dest/fonts/IBMPlexSans/complete" "$dest/img"
cp "$src/css/dkfds-borgerdk.min.css" "$dest/css/"
cp "$src/js/dkfds.min.js" "$dest/js/"
cp -r "$src/fonts/IBMPlexSans/complete/woff2" "$src/fonts/IBMPlexSans/complete/woff" \
  "$dest/fonts/IBMPlexSans/complete/"
cp -r "$src/img/svg-icons" "$src/img/all-svg-icons.svg" "$src/img/logo-borgerdk.svg" "$dest/img/"
cp "$src/LICENSE.md" "$dest/"
echo "DKFDS $(node -p "require('./node_modules/dkfds/package.json').version") copied to $dest"
