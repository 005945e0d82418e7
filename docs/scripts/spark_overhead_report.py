#!/usr/bin/env python3
"""Where a Spark training iteration's time goes, from the Spark event log of a `train` run.

usage: spark_overhead_report.py <event log file> <cores> <skip> [label]
Prints one Markdown table row (medians over the iterations after the first <skip>): the iteration period
(submission of job i to submission of job i+1), the compute (sum of the tasks' executor run time / cores, the
time the iteration would take with no overhead), and the overhead split into
  outside   driver time between jobs (optimizer step, broadcasts, metrics, closure cleaning),
  schedule  the rest of the job's span: submission to the first task's launch, the last task's end to the job's
            end, and each task's time outside its run (deserialization, result serialization and fetch) / cores,
  waiting   cores idle between the first task's launch and the last task's end while other cores finish
            unequal tasks (the time between those two beyond the tasks' total / cores; 0 on one core).
Iterations are the jobs whose description is "odespark train iteration i/N" (SparkTrainer sets it).
"""
import json
import re
import statistics
import sys


def jobs_of(path):
    jobs, stage_job, tasks = {}, {}, {}
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            kind = e.get("Event")
            if kind == "SparkListenerJobStart":
                desc = (e.get("Properties") or {}).get("spark.job.description", "")
                m = re.match(r"odespark train iteration (\d+)/", desc)
                if m:
                    jobs[e["Job ID"]] = {"iteration": int(m.group(1)), "submit": e["Submission Time"]}
                    for s in e.get("Stage IDs", []):
                        stage_job[s] = e["Job ID"]
            elif kind == "SparkListenerJobEnd" and e["Job ID"] in jobs:
                jobs[e["Job ID"]]["end"] = e["Completion Time"]
            elif kind == "SparkListenerTaskEnd" and e["Stage ID"] in stage_job:
                info, metrics = e["Task Info"], e.get("Task Metrics") or {}
                tasks.setdefault(stage_job[e["Stage ID"]], []).append(
                    (info["Launch Time"], info["Finish Time"], metrics.get("Executor Run Time", 0)))
    rows = []
    for job_id, j in jobs.items():
        if "end" in j and job_id in tasks:
            j["tasks"] = tasks[job_id]
            rows.append(j)
    rows.sort(key=lambda j: j["iteration"])
    return rows


def main():
    path, cores, skip = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    label = sys.argv[4] if len(sys.argv) > 4 else path
    jobs = jobs_of(path)
    period, compute, outside, schedule, waiting = [], [], [], [], []
    for j, nxt in zip(jobs, jobs[1:]):
        if j["iteration"] <= skip or nxt["iteration"] != j["iteration"] + 1:
            continue
        p = nxt["submit"] - j["submit"]
        span = j["end"] - j["submit"]
        run = sum(t[2] for t in j["tasks"])
        held = sum(t[1] - t[0] for t in j["tasks"])
        # Idle cores between the first launch and the last end beyond what the tasks held them for. A slot is
        # reported free a little before the driver records the task's end, so this can come out below 0.
        region = max(t[1] for t in j["tasks"]) - min(t[0] for t in j["tasks"])
        wait = max(0.0, region - held / cores)
        period.append(p)
        compute.append(run / cores)
        outside.append(p - span)
        waiting.append(wait)
        schedule.append(span - run / cores - wait)
    if not period:
        sys.exit(f"spark_overhead_report: no consecutive training iterations after {skip} in {path}")
    med = statistics.median
    overhead = [1 - c / p for c, p in zip(compute, period)]
    print(f"| {label} | {len(period)} | {med(period):.1f} | {med(compute):.1f} | {med(outside):.1f} | "
          f"{med(schedule):.1f} | {med(waiting):.1f} | {100 * med(overhead):.0f}% |")


if __name__ == "__main__":
    main()
