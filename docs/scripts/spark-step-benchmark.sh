#!/usr/bin/env bash
# Benchmarks the Spark training step (SparkTrainer: broadcast θ → partial gradients → deterministic
# treeAggregate → optimizer step) in Spark local mode and writes a Markdown report (tables) to REPORT.
# Builds spark-jobs (and core) offline first when the sources are newer than the build.
#
#   docs/scripts/spark-step-benchmark.sh REPORT.md              # the full run (idle 2-core machine)
#   docs/scripts/spark-step-benchmark.sh REPORT.md --quick      # smoke run, a minute at most
#   docs/scripts/spark-step-benchmark.sh REPORT.md --help       # every option (sizes, repetitions, masters)
#
# Environment:
#   OPENBLAS_NUM_THREADS   BLAS threads per task (default 1: Spark runs one task per core already)
#   BENCH_JAVA_OPTS        extra JVM options (default -Xmx8g)
#   BENCH_SKIP_BUILD=1     use the existing build as it is
set -euo pipefail

if [ $# -lt 1 ] || [[ "$1" == -* && "$1" != "--help" && "$1" != "-h" ]]; then
  echo "usage: $0 REPORT.md [--quick] [options; --help lists them]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="$root/spark-jobs/target"
classpath_file="$target/classpath.txt"
stamp="$target/test-classes/org/odespark/spark/bench/SparkStepBenchmark.class"

stale() {
  [ ! -f "$stamp" ] || [ ! -f "$classpath_file" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/core/pom.xml" "$root/spark-jobs/pom.xml" "$root/core/src/main" \
      "$root/spark-jobs/src/main" "$root/spark-jobs/src/test" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && stale; then
  echo "spark-step-benchmark: building core and spark-jobs (mvn -o package, tests skipped) ..." >&2
  (cd "$root" && mvn -o -q -B -DskipTests -pl spark-jobs -am package)
fi

mapfile -t jvm_options < <(grep -v '^\s*#' "$root/submit/jvm-options" | grep -v '^\s*$')
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java "${jvm_options[@]}" ${BENCH_JAVA_OPTS:--Xmx8g} \
  "-Dlog4j.configurationFile=$root/submit/log4j2.properties" \
  -cp "$target/test-classes:$target/classes:$(cat "$classpath_file")" \
  org.odespark.spark.bench.SparkStepBenchmark "$@"
