#!/usr/bin/env bash
# Runs the benchmark: builds the server jar and the bench, installs the socket.io baseline's npm
# packages (and, if missing, those the console-seek figure borrows from e2e/ and webapp/), then runs
# every scenario against Tandem, the socket.io relay and the bare Vert.x relay, each in a process of
# its own on 127.0.0.1. Writes modules/bench/target/bench-report.json and the results section of
# docs/benchmarks.md. Flags pass through (e.g. --rooms=200 --targets=tandem --scenarios=seek);
# see modules/bench/src/main/java/io/tandem/bench/BenchOptions.java and docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== build: server jar and bench"
mvn -B -q -Dmaven.test.skip=true install -pl modules/server,modules/bench -am

echo "== npm: socket.io baseline"
(cd modules/bench/baselines/socketio-relay && npm ci --no-audit --no-fund --loglevel=error)
[ -d e2e/node_modules/playwright-core ] || (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
[ -d webapp/node_modules/@rrweb/replay ] || (cd webapp && npm ci --no-audit --no-fund --loglevel=error)

echo "== bench"
exec java -Xms1g -Xmx3g -jar modules/bench/target/tandem-bench.jar "$@"
