#!/usr/bin/env bash
# Copy the built parts of DKFDS (from node_modules, installed by npm) into app/static/vendor/.
# Only what the pages use: the borger.dk stylesheet, the script, the fonts the CSS names, icons.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/dkfds/dist
dest=app/static/vendor/dkfds
[ -d "$src" ] || { echo "dkfds is not installed: run 'npm ci' first" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js" "$dest/fonts" "$dest/img"
# DKFDS's @font-face rules load whole fonts (about 200 KB on a first visit). app.css declares
# the same family from DKFDS's split files with unicode-range instead, so a Danish page loads
# only the Latin subsets and a Ukrainian page the Cyrillic ones: drop DKFDS's rules here.
python3 -c 'import re, sys; sys.stdout.write(re.sub(r"@font-face\{[^}]*\}", "", sys.stdin.read()))' \
  < "$src/css/dkfds-borgerdk.min.css" > "$dest/css/dkfds-borgerdk.min.css"
cp "$src/js/dkfds.min.js" "$dest/js/"
for weight in Regular SemiBold Bold; do
  for subset in Latin1 Latin2 Cyrillic; do
    cp "$src/fonts/IBMPlexSans/split/woff2/IBMPlexSans-$weight-$subset.woff2" "$dest/fonts/"
  done
done
cp -r "$src/img/svg-icons" "$src/img/all-svg-icons.svg" "$src/img/logo-borgerdk.svg" "$dest/img/"
cp "$src/LICENSE.md" "$dest/"
echo "DKFDS $(node -p "require('./node_modules/dkfds/package.json').version") copied to $dest"
