#!/usr/bin/env bash
# Runs every test: tracker and console unit tests, Java unit and integration tests, the Kubernetes manifests'
# and monitoring's check (which starts the built jar), the container image (built by jib and run as
# the Deployment runs it), and the browser tests in real Chromium. Installs what it needs (npm
# packages, Debian's chromium and postgresql) itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# A Debian package the tests need and this machine lacks: apt-get install PACKAGE [apt options].
install_package() {
  local package=$1
  shift
  echo "== installing $package (Debian package)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" "$package" >/dev/null
}

command -v chromium >/dev/null 2>&1 || install_package chromium
# the image's smoke run needs PostgreSQL's server binaries
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || install_package postgresql --no-install-recommends

scripts/build.sh

echo "== tracker unit tests (with the golden frames)"
(cd tracker && npm test)

echo "== console unit tests (with the golden frames)"
(cd webapp && npm test)

echo "== Kubernetes manifests and monitoring (k8s/, k8s/monitoring/: offline against their schemas; the built jar's /metrics)"
(cd k8s/test && npm ci --no-audit --no-fund --loglevel=error && npm test)

echo "== container image: jib:buildTar, then run as the Deployment runs it (k8s/image/smoke.sh, as root)"
SKIP_BUILD=1 scripts/image.sh
$SUDO k8s/image/smoke.sh

echo "== browser tests"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
