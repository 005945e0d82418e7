#!/usr/bin/env bash
# The throughput of evaluate and score on the README's model (conf/8gaussians.conf: FFJORD toy, exact trace,
# dopri5 at 1e-5), in Spark local mode through submit/run-local. evaluate reads generated 8-Gaussians rows
# (data.toy.rows, made on the executors); score reads a Parquet file of the model's samples (the sample job,
# written once per row count before it is timed) and writes its scores. Reports the wall time of each run,
# evaluate's NFE per solve, and the rows per second of the marginal rows (the difference to the smallest
# run, which takes out the JVM and Spark start-up). Writes a Markdown report.
#
# usage: docs/scripts/evaluate-throughput.sh [--rows "N0 N1 ..."] [--jobs "evaluate score"] [--model DIR]
#                                            [--iterations N] [--work DIR]
#   defaults: rows "100000 1000000 10000000", both jobs; the model trained here for 300 iterations unless
#   --model names an output directory holding one; work folder out/evaluate-throughput, report
#   <work>/report.md. ODESPARK_MASTER chooses the master (default local[*], one task per core).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rows="100000 1000000 10000000"
jobs="evaluate score"
model=
iterations=300
work=$root/out/evaluate-throughput
while [[ $# -gt 0 ]]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "evaluate-throughput: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for job in $jobs; do
  case $job in
    evaluate|score) ;;
    *) echo "evaluate-throughput: --jobs takes evaluate and score, got '$job'" >&2; exit 2 ;;
  esac
done
if [[ -n $model && ! -f $model/model.odsm ]]; then
  echo "evaluate-throughput: --model $model holds no model.odsm" >&2
  exit 2
fi
read -r -a counts <<< "$rows"
if [[ ${#counts[@]} -lt 2 ]]; then
  echo "evaluate-throughput: --rows needs at least two counts (the smallest is the start-up reference)" >&2
  exit 2
fi
mkdir -p "$work"
# Build now if the sources are newer than the jars, so that no timed run includes the launcher's build; a run
# whose log shows a build anyway (sources edited while this script runs) is marked in the report.
(source "$root/submit/launcher-common" && odespark_build_if_stale)
report=$work/report.md
conf=$root/conf/8gaussians.conf
if [[ -z $model ]]; then
  model=$work/model
  "$root/submit/run-local" train --conf "$conf" --set "train.iterations=$iterations" --set "output.dir=$model" \
    --overwrite > "$work/train.log" 2>&1
fi

{
  echo "# evaluate and score throughput: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
    "$(nproc) cores, master ${ODESPARK_MASTER:-local[*]}"
} > "$report"
for job in $jobs; do
  case $job in
    evaluate) header="| rows | wall s | NLL | NFE per solve | load before |"; rule="|---|---|---|---|---|" ;;
    score) header="| rows | wall s | load before |"; rule="|---|---|---|" ;;
  esac
  printf '\n## %s\n\n%s\n%s\n' "$job" "$header" "$rule" >> "$report"
  declare -a seconds=()
  for n in "${counts[@]}"; do
    if [[ $job == score ]]; then
      samples=$work/samples-$n.parquet
      [[ -d $samples ]] || "$root/submit/run-local" sample --conf "$conf" --set "output.dir=$model" \
        --set "sample.count=$n" --set "sample.output=$samples" > "$work/sample-$n.log" 2>&1
      rm -rf "$work/scores-$n.parquet"
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    if [[ $job == evaluate ]]; then
      line=$("$root/submit/run-local" evaluate --conf "$conf" --set "output.dir=$model" --set "data.toy.rows=$n" \
        2> "$work/evaluate-$n.log" | grep '^{"examples"')
    else
      "$root/submit/run-local" score --conf "$conf" --set "output.dir=$model" --set data.format=parquet \
        --set "data.path=$samples" --set "score.output=$work/scores-$n.parquet" > "$work/score-$n.log" 2>&1
    fi
    end=$(date +%s.%N)
    s=$(echo "$end - $start" | bc -l)
    if grep -qs 'run-local: building' "$work/$job-$n.log"; then
      load="$load (includes a rebuild: not comparable)"
    fi
    seconds+=("$s")
    if [[ $job == evaluate ]]; then
      nll=$(echo "$line" | sed 's/.*"nll":\([^,}]*\).*/\1/')
      nfe=$(echo "$line" | sed 's/.*"nfe_per_solve":\([^,}]*\).*/\1/')
      printf '| %s | %.1f | %s | %s | %s |\n' "$n" "$s" "$nll" "$nfe" "$load" >> "$report"
    else
      printf '| %s | %.1f | %s |\n' "$n" "$s" "$load" >> "$report"
    fi
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
done
cat "$report"
