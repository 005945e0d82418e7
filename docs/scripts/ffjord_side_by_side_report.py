#!/usr/bin/env python3
"""Report of docs/scripts/ffjord-side-by-side.sh: reads the run folders it made and writes a Markdown table.

usage: ffjord_side_by_side_report.py <work dir> <report.md> <skip>   (skip: leading iterations left out of
the medians, the warm-up of the JIT and of PyTorch's allocator)
Each round has <work>/pytorch-<r>/ (FFJORD's logs plus step_times.csv) and <work>/odespark-<r>/ (metrics.csv,
test.csv, stdout.txt); <work>/machine.txt and <work>/loads.txt hold the machine and the load before each run.
"""
import csv
import os
import re
import statistics
import sys


def median(values):
    return statistics.median(values) if values else float("nan")


def pytorch_run(folder, skip):
    it_re = re.compile(r"Iter (\d+) \| Time [\d.]+\([\d.]+\) \| Loss [-\d.]+\([-\d.]+\) \| NFE Forward (\d+)\([\d.]+\)"
                       r" \| NFE Backward (\d+)\(")
    test_re = re.compile(r"\[TEST\] Iter (\d+) \| Test Loss ([-\d.]+)")
    nfe, tests = {}, {}
    with open(os.path.join(folder, "logs")) as f:
        for line in f:
            m = it_re.search(line)
            if m:
                nfe[int(m.group(1))] = (int(m.group(2)), int(m.group(3)))
            m = test_re.search(line)
            if m:
                tests[int(m.group(1))] = float(m.group(2))
    with open(os.path.join(folder, "step_times.csv")) as f:
        clocks = [(int(r["step"]), float(r["wall_seconds"]), float(r["cpu_seconds"])) for r in csv.DictReader(f)]
    wall, cpu, per_eval = [], [], []
    for (i0, w0, c0), (i1, w1, c1) in zip(clocks, clocks[1:]):
        # Iteration i1 runs between steps i0 and i1; after a test iteration the interval holds the evaluation.
        if i1 <= skip or i0 in tests or i1 not in nfe:
            continue
        wall.append(w1 - w0)
        cpu.append(c1 - c0)
        per_eval.append((w1 - w0) / sum(nfe[i1]))
    iters = [i for i in nfe if i > skip]
    return {
        "wall": median(wall), "cpu": median(cpu), "ms_per_eval": 1000 * median(per_eval),
        "nfe_f": statistics.mean(nfe[i][0] for i in iters), "nfe_b": statistics.mean(nfe[i][1] for i in iters),
        "tests": tests,
    }


def odespark_run(folder, skip):
    with open(os.path.join(folder, "metrics.csv")) as f:
        rows = [r for r in csv.DictReader(f) if int(r["iteration"]) > skip]
    with open(os.path.join(folder, "test.csv")) as f:
        tests = {int(r["iteration"]): float(r["test_nll"]) for r in csv.DictReader(f)}
    nfe = lambda r: int(r["nfe_forward"]) + int(r["nfe_backward"])
    return {
        "wall": median([float(r["seconds"]) for r in rows]), "cpu": median([float(r["cpu_seconds"]) for r in rows]),
        "ms_per_eval": 1000 * median([float(r["seconds"]) / nfe(r) for r in rows]),
        "nfe_f": statistics.mean(int(r["nfe_forward"]) for r in rows),
        "nfe_b": statistics.mean(int(r["nfe_backward"]) for r in rows),
        "tests": tests,
    }


def main():
    work, report, skip = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = sorted(int(d.split("-")[1]) for d in os.listdir(work) if re.fullmatch(r"odespark-\d+", d)
                    and os.path.isdir(os.path.join(work, "pytorch-" + d.split("-")[1])))
    runs = {"PyTorch": [pytorch_run(os.path.join(work, f"pytorch-{r}"), skip) for r in rounds],
            "odespark": [odespark_run(os.path.join(work, f"odespark-{r}"), skip) for r in rounds]}
    checkpoints = sorted(set.intersection(*[set(run["tests"]) for side in runs.values() for run in side]))
    with open(os.path.join(work, "machine.txt")) as f:
        machine = f.read().strip()
    with open(os.path.join(work, "loads.txt")) as f:
        loads = f.read().strip()
    out = [f"# FFJORD toy side by side: PyTorch and odespark, {len(rounds)} alternating rounds", "",
           machine, "", f"Medians over iterations after the first {skip} (and, for PyTorch, not those right after a"
           " test evaluation); wall = elapsed time, CPU = CPU time of the training thread.", "",
           "| side | round | median s/iter (wall) | median s/iter (CPU) | ms per evaluation (wall) | NFE fwd / bwd | "
           + " | ".join(f"test NLL @ {c}" for c in checkpoints) + " |",
           "|---" * (6 + len(checkpoints)) + "|"]
    summary = {}
    for side, side_runs in runs.items():
        for r, run in zip(rounds, side_runs):
            out.append(f"| {side} | {r} | {run['wall']:.4f} | {run['cpu']:.4f} | {run['ms_per_eval']:.3f} | "
                       f"{run['nfe_f']:.1f} / {run['nfe_b']:.1f} | "
                       + " | ".join(f"{run['tests'][c]:.3f}" for c in checkpoints) + " |")
        s = {k: median([run[k] for run in side_runs]) for k in ("wall", "cpu", "ms_per_eval", "nfe_f", "nfe_b")}
        s["tests"] = {c: median([run["tests"][c] for run in side_runs]) for c in checkpoints}
        summary[side] = s
        out.append(f"| **{side}, median** | | **{s['wall']:.4f}** | **{s['cpu']:.4f}** | **{s['ms_per_eval']:.3f}** | "
                   f"{s['nfe_f']:.1f} / {s['nfe_b']:.1f} | "
                   + " | ".join(f"**{s['tests'][c]:.3f}**" for c in checkpoints) + " |")
    p, o = summary["PyTorch"], summary["odespark"]
    out += ["", f"odespark is **{p['wall'] / o['wall']:.2f}×** PyTorch per iteration (wall), "
            f"**{p['cpu'] / o['cpu']:.2f}×** (CPU), **{p['ms_per_eval'] / o['ms_per_eval']:.2f}×** per function "
            "evaluation.", "", "Load average (1, 5, 15 min) before each run:", "", "```", loads, "```", ""]
    with open(report, "w") as f:
        f.write("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
