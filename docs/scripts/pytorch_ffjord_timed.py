#!/usr/bin/env python3
"""Runs the reference FFJORD toy training (shared/reference/pytorch-ffjord/run_toy.py, unmodified) and records
the wall-clock and thread-CPU time at the end of every optimizer step, for docs/scripts/ffjord-side-by-side.sh.

usage: pytorch_ffjord_timed.py <path to run_toy.py> [train_toy.py arguments ... --save DIR ...]
Writes DIR/step_times.csv (step, wall_seconds, cpu_seconds: clocks read after each Adam step). The time of
iteration i is the difference between steps i-1 and i; after a [TEST] iteration it includes that evaluation,
so the report skips those. With TORCH_THREADS=1 all of PyTorch's arithmetic runs on the main thread, whose
CPU time is what a loaded machine cannot inflate by preemption. Needs Debian's python3-torch (/usr/bin/python3).
"""
import os
import runpy
import sys
import time

import torch

run_toy = sys.argv[1]
args = sys.argv[2:]
save = args[args.index("--save") + 1] if "--save" in args else "experiments/cnf"
os.makedirs(save, exist_ok=True)
# One line per step, flushed: a run stopped early (kill, time limit) keeps the clocks of the steps it made.
clocks = open(os.path.join(save, "step_times.csv"), "w", buffering=1)
clocks.write("step,wall_seconds,cpu_seconds\n")
steps = [0]
clocks.write(f"0,{time.perf_counter():.6f},{time.thread_time():.6f}\n")
adam_step = torch.optim.Adam.step


def timed_step(self, *a, **k):
    result = adam_step(self, *a, **k)
    steps[0] += 1
    clocks.write(f"{steps[0]},{time.perf_counter():.6f},{time.thread_time():.6f}\n")
    return result


torch.optim.Adam.step = timed_step
sys.argv = [run_toy] + args
runpy.run_path(run_toy, run_name="__main__")
