#!/usr/bin/env bash
# The README's train job (conf/8gaussians.conf) in Spark local[1] and local[2], and FFJORD's toy in one JVM
# without Spark (FfjordToyBenchmark), in one run; a Markdown report of the median seconds per iteration and,
# from Spark's event log, where each iteration's time goes (docs/scripts/spark_overhead_report.py).
#
# usage: docs/scripts/spark-overhead.sh [--iterations N] [--skip S] [--partitions P] [--batch B] [--work DIR]
#                                       [--out FILE]
#   defaults: 300 iterations, medians after 50 warm-up iterations, data.partitions as in the README's
#   configuration (--partitions 0: Spark's default parallelism, one partition per core), the README's global
#   batch of 100 rows (--batch: train.batch_size, and the one-JVM run's batch), work folder
#   out/spark-overhead, report <work>/report.md
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
iterations=300
skip=50
partitions=
batch=100
work=$root/out/spark-overhead
out=
while [[ $# -gt 0 ]]; do
  case $1 in
    --iterations) iterations=$2; shift 2 ;;
    --skip) skip=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "spark-overhead: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
out=${out:-$work/report.md}
jar=$root/core/target/benchmarks.jar
if [[ ! -f $jar ]]; then
  (cd "$root" && mvn -B -o -q -Pbench package -pl core -am -DskipTests)
fi
rm -rf "$work"
mkdir -p "$work"
loads=()

train() {  # train <label> <master> : the README job with an event log in <work>/<label>
  local label=$1 dir=$work/$1
  mkdir -p "$dir/events"
  loads+=("$label: $(cut -d' ' -f1-3 /proc/loadavg)")
  local set=(--set "train.iterations=$iterations" --set "train.batch_size=$batch" --set "output.dir=$dir/out")
  [[ -n $partitions ]] && set+=(--set "data.partitions=$partitions")
  ODESPARK_MASTER=$2 ODESPARK_JAVA_OPTS="-Dspark.eventLog.enabled=true \
    -Dspark.eventLog.dir=file://$dir/events -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false" \
    "$root/submit/run-local" train --conf "$root/conf/8gaussians.conf" "${set[@]}" > "$dir/log.txt" 2>&1
}

one_jvm() {
  local dir=$work/one-jvm
  loads+=("one JVM: $(cut -d' ' -f1-3 /proc/loadavg)")
  OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$jar" org.odespark.bench.FfjordToyBenchmark \
    8gaussians "$iterations" "$iterations" "$dir" "batch=$batch" > "$work/one-jvm.txt" 2>&1
}

train local-1 'local[1]'
train local-2 'local[2]'
one_jvm

median_seconds() {  # the median "seconds" of the metrics lines after the first <skip>
  python3 - "$1" "$skip" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"{statistics.median(r['seconds'] for r in rows if r['iteration'] > int(sys.argv[2])):.4f}")
EOF
}
one=$(python3 - "$work/one-jvm/metrics.csv" "$skip" <<'EOF'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if int(r["iteration"]) > int(sys.argv[2])]
print(f"{statistics.median(float(r['seconds']) for r in rows):.4f}")
EOF
)
l1=$(median_seconds "$work/local-1/out/metrics.jsonl")
l2=$(median_seconds "$work/local-2/out/metrics.jsonl")
{
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "$(grep -m1 -o 'partitions, aggregation.*' "$work/local-2/log.txt" || true); global batch $batch"
  echo
  echo "| run | median s/iter (the job's own clock) |"
  echo "|---|---|"
  echo "| one JVM (FfjordToyBenchmark) | $one |"
  echo "| local[1] | $l1 |"
  echo "| local[2] | $l2 |"
  echo
  python3 -c "print(f'local[2] is {$l1 / $l2:.2f}x local[1] and {$one / $l2:.2f}x one JVM per iteration')"
  echo
  echo "Milliseconds per iteration, medians after iteration $skip (from the event logs):"
  echo
  echo "| run | iterations | period | compute / cores | outside the job | scheduling | waiting | overhead |"
  echo "|---|---|---|---|---|---|---|---|"
  for run in local-1:1 local-2:2; do
    python3 "$root/docs/scripts/spark_overhead_report.py" "$(ls "$work/${run%%:*}"/events/* | head -1)" \
      "${run##*:}" "$skip" "${run%%:*}"
  done
  echo
  echo "Load average (1, 5, 15 min) before each run:"
  echo
  printf '    %s\n' "${loads[@]}"
} > "$out"
cat "$out"
