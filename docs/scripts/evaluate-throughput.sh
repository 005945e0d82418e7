#!/usr/bin/env bash
# The evaluate job's throughput on the README's model (conf/8gaussians.conf: FFJORD toy, exact trace, dopri5 at
# 1e-5) over generated 8-Gaussians rows (data.toy.rows, made on the executors), in Spark local mode through
# submit/run-local: the wall time of each run, and the rows per second of the marginal rows (the difference to
# the smallest run, which takes out the JVM and Spark start-up). Writes a Markdown report.
#
# usage: docs/scripts/evaluate-throughput.sh [--rows "N0 N1 ..."] [--model DIR] [--iterations N] [--work DIR]
#   defaults: rows "100000 1000000 10000000"; the model trained here for 300 iterations unless --model names
#   an output directory holding one; work folder out/evaluate-throughput, report <work>/report.md
#   ODESPARK_MASTER chooses the master (default local[*], one task per core).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rows="100000 1000000 10000000"
model=
iterations=300
work=$root/out/evaluate-throughput
while [[ $# -gt 0 ]]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "evaluate-throughput: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
read -r -a counts <<< "$rows"
if [[ ${#counts[@]} -lt 2 ]]; then
  echo "evaluate-throughput: --rows needs at least two counts (the smallest is the start-up reference)" >&2
  exit 2
fi
mkdir -p "$work"
report=$work/report.md
conf=$root/conf/8gaussians.conf
if [[ -z $model ]]; then
  model=$work/model
  "$root/submit/run-local" train --conf "$conf" --set "train.iterations=$iterations" --set "output.dir=$model" \
    --overwrite > "$work/train.log" 2>&1
fi

{
  echo "# evaluate throughput: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores,"\
    "master ${ODESPARK_MASTER:-local[*]}"
  echo
  echo "| rows | wall s | NLL | load before |"
  echo "|---|---|---|---|"
} > "$report"
declare -a seconds
for n in "${counts[@]}"; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  line=$("$root/submit/run-local" evaluate --conf "$conf" --set "output.dir=$model" --set "data.toy.rows=$n" \
    2> "$work/evaluate-$n.log" | grep '^{"examples"')
  end=$(date +%s.%N)
  s=$(echo "$end - $start" | bc -l)
  seconds+=("$s")
  nll=$(echo "$line" | sed 's/.*"nll":\([^,}]*\).*/\1/')
  printf '| %s | %.1f | %s | %s |\n' "$n" "$s" "$nll" "$load" >> "$report"
done
{
  echo
  echo "Marginal rows per second (against the ${counts[0]}-row run):"
  echo
  for i in "${!counts[@]}"; do
    [[ $i -eq 0 ]] && continue
    echo "- ${counts[$i]} rows: $(echo "(${counts[$i]} - ${counts[0]}) / (${seconds[$i]} - ${seconds[0]})" | bc -l \
      | xargs printf '%.0f') rows/s"
  done
} >> "$report"
cat "$report"
