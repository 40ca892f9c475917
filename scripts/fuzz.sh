#!/usr/bin/env bash
# The protocol fuzzer, then the REST fuzzer (issue #16; docs/reliability.md), each against a node
# of its own on 127.0.0.1 started from the server jar built here. Flags go to the protocol fuzzer
# (default --frames=1000000 --rounds=2: the same million twice on one node, the heap measured after
# each; see modules/bench/src/main/java/io/tandem/bench/fuzz/FuzzPlan.java).
# Reports: modules/bench/target/fuzz-report.json and rest-fuzz-report.json. Exits non-zero when
# either found a violation.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build: server jar and bench"
mvn -B -q -Dmaven.test.skip=true install -pl modules/server,modules/bench -am

bench=modules/bench/target/tandem-bench.jar
echo "== protocol fuzzer"
java -cp "$bench" io.tandem.bench.fuzz.Fuzzer "$@" >modules/bench/target/fuzz.log
echo "== REST fuzzer"
java -cp "$bench" io.tandem.bench.fuzz.RestFuzzer >modules/bench/target/rest-fuzz.log

violations=0
for report in modules/bench/target/fuzz-report.json modules/bench/target/rest-fuzz-report.json; do
  found=$(grep -o '"violations" : [0-9]*' "$report" | tail -n 1 | grep -o '[0-9]*$')
  echo "$report: $found violation(s)"
  violations=$((violations + found))
done
[ "$violations" -eq 0 ]
