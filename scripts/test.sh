#!/usr/bin/env bash
# Runs every test: tracker unit tests, Java unit and integration tests, the Kubernetes manifests'
# check, the container image (built by jib and run as the Deployment runs it), and the browser
# tests in real Chromium. Installs what it needs (npm packages, Debian's chromium and postgresql)
# itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== installing postgresql (Debian package; the image's smoke run needs its server binaries)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

scripts/build.sh

echo "== tracker unit tests"
(cd tracker && npm test)

echo "== Kubernetes manifests (k8s/, offline against the API schemas)"
(cd k8s/test && npm ci --no-audit --no-fund --loglevel=error && npm test)

echo "== container image: jib:buildTar, then run as the Deployment runs it (k8s/image/smoke.sh, as root)"
SKIP_BUILD=1 scripts/image.sh
if [ "$(id -u)" -eq 0 ]; then k8s/image/smoke.sh; else sudo k8s/image/smoke.sh; fi

echo "== browser tests"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
