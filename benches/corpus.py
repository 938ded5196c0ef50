#!/usr/bin/env python3
"""Times `orochart render` against `helm template` on every case of the chart corpus
(`../shared/corpus/charts`: 34 real public charts, 82 cases), side by side, and checks that
both printed the same bytes. Prints a Markdown table, one row per chart (its cases' median
times and the ratio), then the totals. Not part of CI: it needs Helm (tools/get-helm) and a
release build, and takes a few minutes.

    cargo build --release -p orochart-cli
    python3 benches/corpus.py                         # Helm 4.3 (the default profile)
    python3 benches/corpus.py --helm-version 3.17     # another profile and its Helm
    python3 benches/corpus.py --runs 5 -k bitnami     # more runs, some charts only

Wall time is measured around spawn and wait; each case runs Helm and orochart in turn, so
that the machine's slow spells hit both alike. CPU time (user + system of all the process's
threads) is printed beside it: on a loaded machine it moves far less than wall time, so
compare builds by it there. The spawn-only floor (`orochart --version`, `helm version` and
`/bin/true`, timed the same way) is printed first: it is in every figure of the table, and
orochart's times cannot go below it. The machine's load average is printed too.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def case_args(chart_id, case):
    release, namespace = chart_id, "default"
    rel = case / "release"
    if rel.exists():
        words = rel.read_text().split()
        if len(words) >= 2:
            release, namespace = words[0], words[1]
    args = ["-n", namespace]
    for f in sorted(p.name for p in case.iterdir() if p.name.startswith("values") and p.suffix in (".yaml", ".yml")):
        args += ["-f", str(case / f)]
    flags = case / "flags"
    if flags.exists():
        args += [line.strip() for line in flags.read_text().splitlines() if line.strip()]
    return release, args


def timed(cmd, env):
    """Wall time, exit code, stdout and CPU time (user + system, all the process's threads).

    The process is started with `posix_spawn` and reaped with `wait4`, its output going to an
    in-memory file: the least a harness can add around a process (Python's `subprocess`, with
    its pipes and selector loop, adds about half a millisecond, a real share of a run of a few
    milliseconds and none of Helm's)."""
    out = os.memfd_create("stdout")
    err = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, err, 2)]
        t = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t
        os.lseek(out, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(out, 1 << 20):
            chunks.append(chunk)
        code = os.waitstatus_to_exitcode(status)
        return wall, code, b"".join(chunks), usage.ru_utime + usage.ru_stime
    finally:
        os.close(out)
        os.close(err)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--helm-version", default="4.3", help="profile, and the Helm timed (default 4.3)")
    ap.add_argument("--runs", type=int, default=3, help="runs per case and tool (default 3)")
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "charts"))
    ap.add_argument("--orochart", default=str(REPO / "target" / "release" / "orochart"))
    ap.add_argument("-k", default=None, help="only charts whose id contains this")
    opt = ap.parse_args()

    helm = subprocess.run([str(REPO / "tools" / "get-helm"), opt.helm_version],
                          check=True, capture_output=True, text=True).stdout.strip()
    env = {k: v for k, v in os.environ.items()
           if k not in ("HELM_NAMESPACE", "OROCHART_HELM_VERSION", "OROCHART_TEMPLATE_DIALECT")}
    env["KUBECONFIG"] = "/nonexistent"
    corpus = Path(opt.corpus)
    floor_runs = max(opt.runs, 5) * 4
    floor_o = statistics.median(timed([opt.orochart, "--version"], env)[0] for _ in range(floor_runs)) * 1000
    floor_h = statistics.median(timed([helm, "version", "--short"], env)[0] for _ in range(floor_runs)) * 1000
    floor_true = statistics.median(timed(["/bin/true"], env)[0] for _ in range(floor_runs)) * 1000
    load_before = os.getloadavg()
    rows, all_h, all_o, mismatches, names = [], [], [], [], []
    all_hc, all_oc = [], []
    for chart_dir in sorted(p for p in corpus.iterdir() if (p / "cases").is_dir()):
        if opt.k and opt.k not in chart_dir.name:
            continue
        hs, os_, hc_, oc_ = [], [], [], []
        for case in sorted(p for p in (chart_dir / "cases").iterdir() if p.is_dir()):
            release, args = case_args(chart_dir.name, case)
            chart = str(chart_dir / "chart")
            h_cmd = [helm, "template", release, chart] + args
            o_cmd = [opt.orochart, "render", release, chart] + args + ["--helm-version", opt.helm_version]
            h_times, o_times, h_cpu, o_cpu = [], [], [], []
            for _ in range(opt.runs):
                ht, hc, hout, hcpu = timed(h_cmd, env)
                ot, oc, oout, ocpu = timed(o_cmd, env)
                h_times.append(ht)
                o_times.append(ot)
                h_cpu.append(hcpu)
                o_cpu.append(ocpu)
            if hc != 0 or (hc, hout) != (oc, oout):
                mismatches.append(f"{chart_dir.name}/{case.name}")
            names.append(f"{chart_dir.name}/{case.name}")
            hs.append(statistics.median(h_times) * 1000)
            os_.append(statistics.median(o_times) * 1000)
            hc_.append(statistics.median(h_cpu) * 1000)
            oc_.append(max(statistics.median(o_cpu) * 1000, 0.01))
        if hs:
            all_h += hs
            all_o += os_
            all_hc += hc_
            all_oc += oc_
            h, o = statistics.median(hs), statistics.median(os_)
            hcm, ocm = statistics.median(hc_), statistics.median(oc_)
            rows.append((chart_dir.name, len(hs), h, o, h / o, hcm, ocm, hcm / ocm))

    print(f"Helm {opt.helm_version} (`{helm}`) against `{opt.orochart}`, median of {opt.runs} runs per case")
    print(f"Spawn-only floor (median of {floor_runs}): `orochart --version` {floor_o:.2f} ms, "
          f"`helm version` {floor_h:.1f} ms, `/bin/true` {floor_true:.2f} ms")
    load_after = os.getloadavg()
    print(f"Load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}, on {os.cpu_count()} CPUs\n")
    print("| chart | cases | helm template (ms) | orochart render (ms) | ratio | helm CPU (ms) | orochart CPU (ms) | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for name, n, h, o, r, hc, oc, rc in rows:
        print(f"| {name} | {n} | {h:.1f} | {o:.2f} | {r:.0f}× | {hc:.1f} | {oc:.2f} | {rc:.0f}× |")
    if all_h:
        ratios = [h / o for h, o in zip(all_h, all_o)]
        print(f"\n{len(all_h)} cases: helm median {statistics.median(all_h):.1f} ms, orochart median "
              f"{statistics.median(all_o):.2f} ms; ratio per case min {min(ratios):.0f}×, "
              f"median {statistics.median(ratios):.0f}×")
        cpu_ratios = [h / o for h, o in zip(all_hc, all_oc)]
        print(f"CPU time: helm median {statistics.median(all_hc):.1f} ms, orochart median "
              f"{statistics.median(all_oc):.2f} ms; ratio per case min {min(cpu_ratios):.1f}×, "
              f"median {statistics.median(cpu_ratios):.0f}×")
        worst = sorted(zip(ratios, all_h, all_o, names))[:5]
        print("lowest ratios: " + ", ".join(f"{n} {h:.0f}/{o:.1f} ms ({r:.1f}×)" for r, h, o, n in worst))
    if mismatches:
        print(f"\nOutput differs from Helm (or Helm failed) on {len(mismatches)} case(s): {', '.join(mismatches)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
