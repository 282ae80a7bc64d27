#!/usr/bin/env bash
# Runs every patauth benchmark and rewrites benchmarks/RESULTS.md (about 30 minutes on 2 cores).
#
#   benchmarks/run.sh                 the full run
#   benchmarks/run.sh --quick         a short run to check that everything works (figures mean little)
#   benchmarks/run.sh --parts=jmh     only some parts: jmh, http, propagation, tables, nodes, coldnode, memory, lastused
#
# Needs Java 17, Maven, and a PostgreSQL server that the URL in PATAUTH_BENCH_ADMIN_URL reaches
# (default jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres); a fresh database is created
# for the run and dropped afterwards. Installs wrk from Debian when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi

# Build the filter as it is in this work tree, and the benchmark jar against it, in a private copy:
# filter/target may be stale or in use by another build, and a stale class there would be
# measured as if it were the current code. No module's tests run, but filter's are compiled:
# its test-jar holds the benchmarks' CountingDataSource (so -DskipTests, not -Dmaven.test.skip,
# which would leave that jar empty).
build="$(mktemp -d /tmp/patauth-bench-build.XXXXXX)"
# every module's pom, nested ones (samples/spring-boot) included, so that the reactor resolves
while IFS= read -r pom; do
  mkdir -p "$build/$(dirname "$pom")"
  cp "$pom" "$build/$pom"
done < <(git ls-files -- 'pom.xml' '*/pom.xml')
cp -r filter/src "$build/filter/"
cp -r benchmarks/src "$build/benchmarks/"
mvn -q -B -f "$build/pom.xml" -pl filter,benchmarks -am package -DskipTests
mkdir -p benchmarks/target
cp "$build/benchmarks/target/patauth-benchmarks.jar" benchmarks/target/patauth-benchmarks.jar
rm -rf "$build"

revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- filter 2>/dev/null)" ]; then
  revision="$revision, with uncommitted changes in filter/"
fi
export PATAUTH_BENCH_REVISION="commit $revision"
export PATAUTH_BENCH_COMMAND="benchmarks/run.sh${*:+ $*}"

# a fixed heap, so that heap resizing does not move between scenarios
exec java -Xms2g -Xmx2g -jar benchmarks/target/patauth-benchmarks.jar --out=benchmarks/RESULTS.md "$@"
