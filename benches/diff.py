#!/usr/bin/env python3
"""Times `orochart diff` on a generated 1,002-app git repository (gen-fleet: 3 environments ×
334 services, plus the built-in chart copied to `charts/app`), for the issue's bar: a pull
request that changes a handful of apps diffs in under a second on 2 cores.

    python3 benches/diff.py                 # builds release binaries, 20 runs per case
    python3 benches/diff.py --runs 50 --keep

Cases, each the median wall and CPU time of --runs whole processes (output discarded):
  few      a tag bump, a config change, an app added and one removed (built-in chart)
  few+chart  the same with `--chart charts/app` (the chart folder read from git, unchanged)
  chart    a chart change: every app rendered at both revisions (2,004 renders)
  none     the same revision twice
Exit status 1 if `few` takes a second or more.
"""

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def sh(cmd, cwd=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=cwd).stdout.strip()


def git(repo, *args):
    return sh(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
               "-c", "commit.gpgsign=false", *args], cwd=repo)


def cpu():
    """CPU time (user + system) of finished children, in seconds (git included)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wall(cmd, runs, cwd):
    """Median wall time and median CPU time in ms; diff's exit 1 ("changes") is success here.
    On a shared machine the CPU time is the steadier figure."""
    times, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), cpu()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        times.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
        if r.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode()}")
    return statistics.median(times) * 1000, statistics.median(cpus) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    a = ap.parse_args()

    sh(["cargo", "build", "--release", "-p", "orochart-cli", "-p", "orochart-benches",
        "--bin", "orochart", "--bin", "gen-fleet"], cwd=REPO)
    orochart = str(REPO / "target" / "release" / "orochart")
    gen = str(REPO / "target" / "release" / "gen-fleet")

    tmp = Path(tempfile.mkdtemp(prefix="orochart-diff-bench-"))
    repo = tmp / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    n = sh([gen, str(repo / "envs"), "334"])
    shutil.copytree(REPO / "charts" / "orofi-application", repo / "charts" / "app")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "fleet")

    envs = repo / "envs"
    bump = envs / "production" / "svc-010-reviews" / "values.yaml"
    bump.write_text(bump.read_text().replace('tag: "v', 'tag: "v9', 1))
    config = next(p for p in sorted(envs.glob("dev/*/values.yaml")) if "\nconfig:" in p.read_text())
    config.write_text(config.read_text().replace("\nconfig:\n", "\nconfig:\n  BENCH: changed\n", 1))
    shutil.copytree(envs / "dev" / "svc-003-catalog", envs / "dev" / "svc-999-new")
    shutil.rmtree(envs / "staging" / "svc-004-search")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "few")
    chart = repo / "charts" / "app" / "Chart.yaml"
    chart.write_text(chart.read_text().replace("version: 0.1.0", "version: 0.2.0"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "chart")

    cases = [
        ("few", ["HEAD~2", "HEAD~1", "--root", "envs"]),
        ("few+chart", ["HEAD~2", "HEAD~1", "--root", "envs", "--chart", "charts/app"]),
        ("chart", ["HEAD~1", "HEAD", "--root", "envs", "--chart", "charts/app"]),
        ("none", ["HEAD", "HEAD", "--root", "envs"]),
    ]
    print(f"{n} apps, {a.runs} runs each, {sh(['nproc'])} CPUs\n")
    print("| Case | Apps rendered | Wall (median) | CPU, user + system (median) |\n|---|---|---|---|")
    few = 0.0
    for name, args in cases:
        cmd = [orochart, "diff", *args, "-o", "json"]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=repo).stdout
        rendered = next((l.split(":")[1].strip(" ,") for l in out.splitlines()
                         if l.strip().startswith('"rendered"')), "0")
        ms, cpu_ms = wall(cmd, a.runs, repo)
        if name == "few":
            few = ms
        print(f"| {name} | {rendered} | {ms:.1f} ms | {cpu_ms:.1f} ms |")
    if a.keep:
        print(f"\nrepository kept: {repo}")
    else:
        shutil.rmtree(tmp)
    if few >= 1000:
        sys.exit(f"`few` took {few:.0f} ms: over the one-second bar")


if __name__ == "__main__":
    main()
