#!/usr/bin/env bash
# FFJORD's toy experiment trained by PyTorch (the public FFJORD code with torchdiffeq, unmodified) and by
# odespark on the same machine in one run, alternating the two sides, and a Markdown report of the medians.
#
# usage: docs/scripts/ffjord-side-by-side.sh --reference DIR [--iterations N] [--rounds R] [--eval E]
#            [--test ROWS] [--data NAME] [--skip S] [--work DIR] [--out FILE] [--odespark-option KEY=VALUE ...]
#   --reference  the folder with FFJORD's launcher run_toy.py and its ref/ tree (also FFJORD_REFERENCE)
#   defaults: 1000 iterations, 3 rounds, test NLL every 500 iterations on 20000 fresh samples, 8gaussians,
#   medians after 50 warm-up iterations, work folder out/ffjord-side-by-side, report <work>/report.md
#
# Both sides use FFJORD's toy settings: ConcatSquash MLP 64-64-64, tanh, exact trace, dopri5 at
# rtol = atol = 1e-5 forward and backward (adjoint), batch 100, Adam lr 1e-3 with weight decay 1e-5, end time
# T = 0.5 not trained (FFJORD's code cuts T's gradient), one thread each (OMP/OPENBLAS/TORCH threads = 1).
# PyTorch needs Debian's python3-torch python3-sklearn python3-matplotlib python3-six; its interpreter is
# /usr/bin/python3 unless PYTORCH_PYTHON says otherwise. odespark runs from core/target/benchmarks.jar (built
# offline when missing) with FfjordToyBenchmark.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
reference=${FFJORD_REFERENCE:-}
iterations=1000
rounds=3
eval_every=500
test_rows=20000
data=8gaussians
skip=50
work=$root/out/ffjord-side-by-side
out=
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --reference) reference=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --eval) eval_every=$2; shift 2 ;;
    --test) test_rows=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --skip) skip=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --odespark-option) extra+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ffjord-side-by-side: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z $reference || ! -f $reference/run_toy.py ]]; then
  echo "ffjord-side-by-side: --reference must name the folder holding FFJORD's run_toy.py, got '${reference}'" >&2
  exit 2
fi
python=${PYTORCH_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import torch, sklearn, matplotlib, six' 2>/dev/null; then
  echo "ffjord-side-by-side: $python cannot import torch, sklearn, matplotlib and six" \
       "(apt-get install python3-torch python3-sklearn python3-matplotlib python3-six)" >&2
  exit 2
fi
out=${out:-$work/report.md}
jar=$root/core/target/benchmarks.jar
if [[ ! -f $jar ]]; then
  (cd "$root" && mvn -B -o -q -Pbench package -pl core -am -DskipTests)
fi
mkdir -p "$work"
{
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "PyTorch: $("$python" -c 'import torch; print(torch.__version__)') (float32), odespark: double precision"
} > "$work/machine.txt"
: > "$work/loads.txt"

run_pytorch() {
  local dir=$work/pytorch-$1
  rm -rf "$dir"
  echo "round $1 pytorch: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/loads.txt"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TORCH_THREADS=1 SKIP_TRAJ=1 \
    "$python" "$root/docs/scripts/pytorch_ffjord_timed.py" "$reference/run_toy.py" --data "$data" \
    --niters "$iterations" --val_freq "$eval_every" --test_batch_size "$test_rows" --viz_freq 1000000000 \
    --save "$dir" > "$work/pytorch-$1.out" 2>&1
}

run_odespark() {
  local dir=$work/odespark-$1
  rm -rf "$dir"
  echo "round $1 odespark: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/loads.txt"
  mkdir -p "$dir"
  OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$jar" org.odespark.bench.FfjordToyBenchmark \
    "$data" "$iterations" "$eval_every" "$dir" trainT=false test="$test_rows" "${extra[@]}" > "$dir/stdout.txt" 2>&1
  grep -m1 '^BLAS' "$dir/stdout.txt" >> "$work/machine.txt" || true
}

for ((r = 1; r <= rounds; r++)); do
  # Alternate which side goes first, so that a drift in the machine's load does not favour one side.
  if ((r % 2 == 1)); then
    run_pytorch "$r"; run_odespark "$r"
  else
    run_odespark "$r"; run_pytorch "$r"
  fi
  echo "round $r of $rounds done" >&2
done
sort -u -o "$work/machine.txt" "$work/machine.txt"
python3 "$root/docs/scripts/ffjord_side_by_side_report.py" "$work" "$out" "$skip"
echo "report: $out" >&2
