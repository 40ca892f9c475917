#!/usr/bin/env bash
# One command from a fresh clone to a running node on http://localhost:8080:
# the demo page at /demo/, the agent console at /console/. The demo agent's login is printed.
# The demo (its project, its agent, its pages) is on here only: a node is started without it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DskipTests
TANDEM_DEMO=true exec java -jar modules/server/target/tandem-server.jar
