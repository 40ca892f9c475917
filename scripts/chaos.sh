#!/usr/bin/env bash
# The chaos run (issue #16; docs/reliability.md): 3 clustered nodes as separate JVMs on one
# PostgreSQL, a loopback balancer in front, 300 rooms streaming at 30 events/s to 2 agents each,
# real pages and consoles in Chromium, a SIGKILL every 30 s for 5 minutes, one SIGSTOP and one
# PostgreSQL restart. Everything on 127.0.0.1, bounded in time. Flags go to the run (see
# modules/bench/src/main/java/io/tandem/bench/chaos/ChaosPlan.java), e.g. --rooms=60 --kills=2.
# Writes modules/bench/target/chaos-report.json and the chaos section of docs/reliability.md;
# exits non-zero when the run found a violation.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build: tracker, console, server jar and bench"
(cd tracker && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
(cd webapp && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
mvn -B -q -Dmaven.test.skip=true package -pl modules/server,modules/bench -am
[ -d e2e/node_modules/playwright-core ] || (cd e2e && npm ci --no-audit --no-fund --loglevel=error)

echo "== chaos"
# exits 1 when the run found a violation (pipefail carries it through tee)
java -Xmx2g -cp modules/bench/target/tandem-bench.jar io.tandem.bench.chaos.ChaosRun "$@" 2>&1 | tee modules/bench/target/chaos.log
