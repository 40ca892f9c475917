#!/usr/bin/env bash
# The soak (issue #16; docs/reliability.md): one node from the server jar built here, in its own JVM
# with its embedded PostgreSQL, holds 200 streaming rooms x 2 agents for an hour (--minutes=60)
# while agents come and go, tabs reload and sessions end and start; every minute it samples the
# node's heap after a full GC, threads, open files and database connections. Flags go to the soak
# (see modules/bench/src/main/java/io/tandem/bench/soak/SoakPlan.java and Soak.java).
# Writes modules/bench/target/soak/soak-report.json and soak-report.md after every sample (a run
# cut short keeps its figures, marked partial) and the soak section of docs/reliability.md.
# Exits non-zero when the run found a violation.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build: server jar and bench"
mvn -B -q -Dmaven.test.skip=true install -pl modules/server,modules/bench -am

echo "== soak (report rewritten every minute: modules/bench/target/soak/soak-report.md)"
exec java -Xmx1g -cp modules/bench/target/tandem-bench.jar io.tandem.bench.soak.Soak --docs=docs/reliability.md "$@"
