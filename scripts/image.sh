#!/usr/bin/env bash
# Builds the node's container image as a tarball, without a Docker daemon or a registry:
# modules/server/target/jib-image.tar (load it with `docker load -i` or push it with crane/skopeo).
#   1. scripts/build.sh -DskipTests: tracker, console and server (the image serves them);
#   2. k8s/image/base.sh: the base image (a jlink'd Java 17 and the C libraries it needs);
#   3. jib:buildTar: the node's layers on that base.
# SKIP_BUILD=1 skips step 1 when the build is fresh.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-}" != 1 ]; then
  scripts/build.sh -DskipTests
fi

echo "== base image"
k8s/image/base.sh modules/server/target/jib-base/tandem-base.tar

echo "== jib:buildTar"
mvn -B -q -pl modules/server -Djib.disableUpdateChecks=true jib:buildTar
echo "== image: modules/server/target/jib-image.tar ($(du -h modules/server/target/jib-image.tar | cut -f1))"
