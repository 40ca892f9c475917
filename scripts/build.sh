#!/usr/bin/env bash
# Builds everything the node serves: the tracker and console bundles (npm), then the server jar
# (Maven), which packs them. Pass Maven arguments through, e.g. -DskipTests.
set -euo pipefail
cd "$(dirname "$0")/.."

for app in tracker webapp; do
  echo "== npm: $app"
  (cd "$app" && npm ci --no-audit --no-fund --loglevel=error && npm run build)
done

echo "== maven"
mvn -B -q "$@" install
