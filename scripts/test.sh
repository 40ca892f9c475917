#!/usr/bin/env bash
# Runs every test: tracker unit tests, Java unit and integration tests, the Kubernetes manifests'
# check, and the browser tests in real Chromium. Installs what it needs (npm packages, Debian's
# chromium) itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

scripts/build.sh

echo "== tracker unit tests"
(cd tracker && npm test)

echo "== Kubernetes manifests (k8s/, offline against the API schemas)"
(cd k8s/test && npm ci --no-audit --no-fund --loglevel=error && npm test)

echo "== browser tests"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
