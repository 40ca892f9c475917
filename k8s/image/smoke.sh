#!/usr/bin/env bash
# Runs the image that scripts/image.sh built the way k8s/deployment.yaml runs it, with no container
# runtime: the layers unpacked, the root file system read-only, tmpfs at /tmp and the data dir,
# the image's user, environment and entrypoint, k8s/configmap.yaml's tandem.json, and a throwaway
# PostgreSQL on loopback. Checks the image config, that /health/ready answers 200, that the console
# and tracker are served, /metrics only on the metrics port, the demo off (no demo agent, no demo
# pages), the first admin from the Secret's password, and that SIGTERM stops the node within its
# drain budget.
# Needs root (chroot, mount namespace) and PostgreSQL's server (Debian: postgresql). About 25 s;
# scripts/test.sh runs it after scripts/image.sh. The node's log is left in modules/server/target/smoke-node.log.
#
# Usage: k8s/image/smoke.sh [modules/server/target/jib-image.tar]
set -euo pipefail
cd "$(dirname "$0")/../.."
image="$(realpath "${1:-modules/server/target/jib-image.tar}")"
[ "$(id -u)" -eq 0 ] || { echo "smoke.sh: needs root (chroot and mounts)" >&2; exit 1; }
initdb="$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)"
[ -n "$initdb" ] || { echo "smoke.sh: needs PostgreSQL's server binaries (apt-get install postgresql)" >&2; exit 1; }
[ -d k8s/test/node_modules ] || (cd k8s/test && npm ci --no-audit --no-fund --loglevel=error)

work="$(mktemp -d /tmp/tandem-smoke.XXXXXX)"
pg_ctl="$(dirname "$initdb")/pg_ctl"
cleanup() {
  [ -n "${node_pid:-}" ] && kill -KILL "$node_pid" 2>/dev/null || true
  [ -f "$work/node.log" ] && cp "$work/node.log" modules/server/target/smoke-node.log
  [ -d "$work/pg" ] && runuser -u nobody -- "$pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
fail() { echo "FAIL: $*" >&2; [ -f "$work/node.log" ] && tail -30 "$work/node.log" >&2; exit 1; }

echo "== image config"
mkdir -p "$work/image" "$work/root" "$work/etc-tandem"
tar -xf "$image" -C "$work/image"
node - "$work/image" >"$work/facts" <<'JS'
const fs = require("fs");
const dir = process.argv[2];
const [manifest] = JSON.parse(fs.readFileSync(`${dir}/manifest.json`));
const { config } = JSON.parse(fs.readFileSync(`${dir}/${manifest.Config}`));
const problems = [];
if (config.Entrypoint?.[0] !== "java" || !config.Entrypoint.includes("io.tandem.server.Main")) problems.push(`entrypoint ${config.Entrypoint}`);
if (config.User !== "10001:10001") problems.push(`user ${config.User}`);
for (const port of ["8080/tcp", "9464/tcp"]) if (!(port in (config.ExposedPorts ?? {}))) problems.push(`${port} not exposed`);
if (problems.length) { console.error(problems.join("; ")); process.exit(1); }
console.log(`user=${config.User}`);
console.log(`layers=${manifest.Layers.join(" ")}`);
console.log(`env=${config.Env.join("\u0001")}`);
console.log(`entrypoint=${config.Entrypoint.join("\u0001")}`);
JS
fact() { sed -n "s/^$1=//p" "$work/facts"; }
IFS=$'\001' read -r -a env <<<"$(fact env)"
IFS=$'\001' read -r -a entrypoint <<<"$(fact entrypoint)"
user="$(fact user)"
echo "   user $user, entrypoint ${entrypoint[*]}"

for layer in $(fact layers); do tar -xzf "$work/image/$layer" -C "$work/root" --numeric-owner --warning=no-unknown-keyword; done
(cd k8s/test && node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { parse } from "yaml";
  process.stdout.write(parse(readFileSync("../configmap.yaml", "utf8")).data["tandem.json"]);
') >"$work/etc-tandem/tandem.json"

echo "== PostgreSQL on loopback"
pg_port="$(free_port)"
mkdir -p "$work/pg" && chown nobody "$work/pg" "$work"
runuser -u nobody -- "$initdb" -D "$work/pg" -U tandem --auth=trust >/dev/null
runuser -u nobody -- "$pg_ctl" -D "$work/pg" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
psql -q -h 127.0.0.1 -p "$pg_port" -U tandem -d postgres -c "create database tandem"

# A JWT pair made as docs/operations.md says, passed as the Secret passes it.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt-private.pem" 2>/dev/null
openssl pkey -in "$work/jwt-private.pem" -pubout -out "$work/jwt-public.pem"

echo "== node: read-only root, tmpfs /tmp and /var/lib/tandem, uid $user"
http_port="$(free_port)"
metrics_port="$(free_port)"
cluster_port="$(free_port)"
stun_port="$(free_port)"
root="$work/root"
# Ports differ from the ConfigMap's only so the check runs beside other nodes on this machine.
unshare -m -- bash -c '
  root=$1; etc=$2; shift 2
  mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  mount -t tmpfs -o mode=0777 tmpfs "$root/var/lib/tandem"
  mount --bind "$etc" "$root/etc/tandem"
  exec "$@"
' _ "$root" "$work/etc-tandem" \
  env -i "${env[@]}" TANDEM_CONFIG=/etc/tandem/tandem.json \
  TANDEM_STORAGE_HOST=127.0.0.1 TANDEM_STORAGE_PORT="$pg_port" TANDEM_STORAGE_PASSWORD=unused \
  TANDEM_HTTP_PORT="$http_port" TANDEM_METRICS_PORT="$metrics_port" TANDEM_CLUSTER_PORT="$cluster_port" TANDEM_STUN_PORT="$stun_port" \
  TANDEM_AUTH_FIRST_ADMIN_PASSWORD=smoke-test-password \
  TANDEM_AUTH_PRIVATE_KEY_PEM="$(cat "$work/jwt-private.pem")" TANDEM_AUTH_PUBLIC_KEY_PEM="$(cat "$work/jwt-public.pem")" \
  /usr/sbin/chroot --userspec="$user" "$root" "${entrypoint[@]}" >"$work/node.log" 2>&1 &
node_pid=$!

started=$(date +%s)
deadline=$((started + 120))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health/ready")" = 200 ]; do
  kill -0 "$node_pid" 2>/dev/null || fail "the node exited before it was ready"
  [ "$(date +%s)" -lt "$deadline" ] || fail "not ready within 120 s"
  sleep 1
done
echo "   ready after $(($(date +%s) - started)) s"
for path in /console/ /tracker.js; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port$path")"
  [ "$code" = 200 ] || fail "GET $path answered $code"
done
for path in /metrics /demo/; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port$path")"
  [ "$code" = 404 ] || fail "GET $path on the HTTP port answered $code, not 404"
done
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$metrics_port/metrics")"
[ "$code" = 200 ] || fail "GET /metrics on the metrics port answered $code"

grep -q "Kubernetes Discovery activated with mode: DNS_LOOKUP" "$work/node.log" || fail "Hazelcast did not use hazelcast-kubernetes.xml"
! grep -q "without proper access to required Java packages" "$work/node.log" || fail "Hazelcast lacks the JVM flags it asks for"
! grep -q "generating development keys" "$work/node.log" || fail "the JWT keys from the environment were not used"
login="$(curl -s -H 'content-type: application/json' -d '{"username":"admin","password":"smoke-test-password"}' "http://127.0.0.1:$http_port/api/auth/login")"
[[ "$login" == *'"token"'* ]] || fail "the first admin's login with the configured keys failed: $login"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"username":"demo","password":"smoke-test-password"}' "http://127.0.0.1:$http_port/api/auth/login")"
[ "$code" = 401 ] || fail "the demo agent exists with the demo off (login answered $code)"

echo "== SIGTERM"
kill -TERM "$node_pid"
stopped=$(date +%s)
while kill -0 "$node_pid" 2>/dev/null; do
  [ "$(date +%s)" -lt $((stopped + 25)) ] || fail "still running 25 s after SIGTERM"
  sleep 1
done
wait "$node_pid" && code=0 || code=$?
node_pid=""
# A JVM ended by SIGTERM exits with 143 once its shutdown hook (the drain) has run.
[ "$code" = 0 ] || [ "$code" = 143 ] || fail "exit code $code after SIGTERM"
echo "   exited with $code after $(($(date +%s) - stopped)) s"
echo "OK"
