#!/usr/bin/env python3
"""Times whole processes: `orochart render` against `helm template` on the same example, and
`orochart fleet` against a loop of `helm template` calls over a generated fleet. Prints a
Markdown table (for the README's "Performance" section) and checks that both tools printed
the same bytes. Not part of CI: it needs Helm (tools/get-helm) and takes a few minutes.

    python3 benches/compare.py                  # everything
    python3 benches/compare.py --runs 50        # more runs for the single-render medians
    python3 benches/compare.py --fleet-services 34 --helm-workers 1
    python3 benches/compare.py --criterion      # table of the last `cargo bench` results
    python3 benches/compare.py --dynamic        # also time a dynamically linked build

Wall time is measured around spawn and wait (median of --runs, the single-render commands
taking turns so that the VM's slow spells hit them alike); the floor, spawning /bin/true, is
printed too. Peak memory is the maximum resident set size reported by GNU
`/usr/bin/time -f %M` (median of 5 runs); without it (`apt-get install time`) memory is left out.
"""

import argparse
import concurrent.futures
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "golden" / "orofi-application"
RELEASE = "microservice-identity"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout.strip()


def wall(cmd, runs, cwd=None):
    """Median wall time of `cmd` in milliseconds, output discarded."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def walls(cmds, runs):
    """Median wall time in milliseconds of each of `cmds` (name -> (command, runs)), run in
    turn rather than one after the other: on a noisy machine a slow spell then slows every
    command alike instead of whichever happened to be running."""
    times = {name: [] for name in cmds}
    for i in range(max(n for _, n in cmds.values())):
        for name, (cmd, n) in cmds.items():
            if i < n:
                t = time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def peak_mib(cmd, runs=5, cwd=None):
    """Median peak RSS in MiB (GNU time), or None without /usr/bin/time."""
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return None
    peaks = []
    for _ in range(runs):
        r = subprocess.run([str(gnu_time), "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, cwd=cwd, check=True)
        peaks.append(int(r.stderr.strip().splitlines()[-1]))
    return statistics.median(peaks) / 1024


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Linux {platform.release()}"


def fmt_ms(ms):
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"


def fmt_mib(m):
    return "n/a" if m is None else f"{m:.1f} MiB"


def criterion_table():
    """The medians of the last `cargo bench` run (target/criterion), as a Markdown table."""
    import json

    def unit(ns):
        if ns >= 1e9:
            return f"{ns / 1e9:.2f} s"
        if ns >= 1e6:
            return f"{ns / 1e6:.2f} ms"
        return f"{ns / 1e3:.1f} µs" if ns >= 1e3 else f"{ns:.0f} ns"

    print("| Benchmark | Median | 95% CI |")
    print("|---|---|---|")
    for est in sorted((REPO / "target" / "criterion").glob("*/*/new/estimates.json")):
        median = json.loads(est.read_text())["median"]
        name = json.loads((est.parent / "benchmark.json").read_text())["full_id"]
        ci = median["confidence_interval"]
        print(f"| `{name}` | {unit(median['point_estimate'])} | "
              f"{unit(ci['lower_bound'])} – {unit(ci['upper_bound'])} |")
    return 0


def build_dynamic():
    """Builds orochart linked dynamically (OROCHART_LINK=dynamic, see
    crates/orochart-cli/build.rs) into target/dynamic; its path."""
    print("building a dynamically linked binary…", file=sys.stderr)
    env = dict(os.environ, OROCHART_LINK="dynamic", CARGO_TARGET_DIR=str(REPO / "target" / "dynamic"))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "orochart-cli"], cwd=REPO, check=True, env=env)
    return str(REPO / "target" / "dynamic" / "release" / "orochart")


def linking(path):
    """"static" or "dynamic": whether an ELF binary asks for a dynamic loader (PT_INTERP)."""
    import struct
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return "unknown"
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    types = [struct.unpack_from("<I", data, phoff + i * phentsize)[0] for i in range(phnum)]
    return "dynamic" if 3 in types else "static"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30, help="runs per single-render median (default 30)")
    ap.add_argument("--example", default="microservice-identity-production",
                    help="example to render (golden/orofi-application/example-<name>)")
    ap.add_argument("--helm", help="helm binary (default: tools/get-helm)")
    ap.add_argument("--chart", default=str(REPO.parent / "shared" / "reference" / "orofi-application"),
                    help="the Go-template chart Helm renders (default ../shared/reference/orofi-application)")
    ap.add_argument("--fleet-services", type=int, default=334, help="services per environment (3 envs)")
    ap.add_argument("--helm-workers", type=int, default=2,
                    help="parallel helm processes for the fleet loop (default 2; 1 = a plain loop)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release binaries")
    ap.add_argument("--dynamic", action="store_true",
                    help="also time a dynamically linked build (OROCHART_LINK=dynamic; Linux/glibc)")
    ap.add_argument("--criterion", action="store_true",
                    help="only print the last `cargo bench` results as a table")
    a = ap.parse_args()
    if a.criterion:
        return criterion_table()

    if not a.no_build:
        print("building release binaries…", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "orochart-cli", "-p", "orochart-benches"],
                       cwd=REPO, check=True)
    orochart = str(REPO / "target" / "release" / "orochart")
    dynamic_orochart = build_dynamic() if a.dynamic else None
    gen_fleet = str(REPO / "target" / "release" / "gen-fleet")
    helm = a.helm or sh([str(REPO / "tools" / "get-helm")]).splitlines()[-1]
    values = EXAMPLES / f"example-{a.example}" / "values.yaml"

    print(f"machine: {machine()}", file=sys.stderr)
    versions = {
        "orochart": sh([orochart, "--version"]),
        "helm": sh([helm, "version", "--short"]),
        "rustc": sh(["rustc", "--version"]),
    }

    # --- one render ------------------------------------------------------------------------
    # The Helm from tools/get-helm (no version) is 3.17: render as that Helm, byte for byte.
    oro_cmd = [orochart, "render", "--helm-version", "3.17", RELEASE, "-n", RELEASE, "-f", str(values)]
    helm_cmd = [helm, "template", RELEASE, a.chart, "-n", RELEASE, "-f", str(values)]
    same = sh(oro_cmd) == sh(helm_cmd)
    print("timing one render…", file=sys.stderr)
    timed = {
        "floor": (["/bin/true"], a.runs),
        "oro": (oro_cmd, a.runs),
        "helm": (helm_cmd, max(5, a.runs // 2)),
    }
    dynamic_cmd = None
    if dynamic_orochart:
        dynamic_cmd = [dynamic_orochart] + oro_cmd[1:]
        if sh(dynamic_cmd) != sh(oro_cmd):
            sys.exit("the dynamically linked build printed something else")
        timed["dynamic"] = (dynamic_cmd, a.runs)
    medians = walls(timed, a.runs)
    floor, oro_ms, helm_ms = medians["floor"], medians["oro"], medians["helm"]
    oro_mem = peak_mib(oro_cmd)
    dynamic_ms = dynamic_mem = None
    if dynamic_cmd:
        dynamic_ms = medians["dynamic"]
        dynamic_mem = peak_mib(dynamic_cmd)
    helm_mem = peak_mib(helm_cmd)

    # --- the fleet -------------------------------------------------------------------------
    tmp = Path(tempfile.mkdtemp(prefix="orochart-compare-"))
    try:
        root = tmp / "environments"
        n = int(sh([gen_fleet, str(root), str(a.fleet_services)]))
        apps = sorted((p.parent.parent.name, p.parent.name) for p in root.glob("*/*/values.yaml"))
        print(f"timing the fleet of {n} apps…", file=sys.stderr)
        fleet_ms = {}
        for j in (1, 2):
            out = tmp / f"oro-{j}"
            cmd = [orochart, "fleet", str(root), "--output-dir", str(out), "-j", str(j)]
            fleet_ms[j] = wall(cmd, 3)
        fleet_mem = peak_mib([orochart, "fleet", str(root), "--check", "-j", "2"], runs=3)

        helm_out = tmp / "helm"

        def helm_one(app):
            env, svc = app
            dest = helm_out / env / f"{svc}.yaml"
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "w") as f:
                subprocess.run([helm, "template", svc, a.chart, "-n", svc, "-f",
                                str(root / env / svc / "values.yaml")], stdout=f, check=True)

        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.helm_workers) as pool:
            list(pool.map(helm_one, apps))
        helm_fleet_ms = (time.perf_counter() - t) * 1000

        differ = [f"{e}/{s}" for e, s in apps
                  if (tmp / "oro-2" / e / f"{s}.yaml").read_bytes() != (helm_out / e / f"{s}.yaml").read_bytes()]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # --- report ----------------------------------------------------------------------------
    print(f"Machine: {machine()}; {versions['rustc']}; {versions['orochart']} (linked "
          f"{linking(orochart)}); Helm {versions['helm']}.")
    print(f"Spawning `/bin/true` takes {fmt_ms(floor)} here (the floor for any process).\n")
    print("| Measurement | orochart | helm template | Helm ÷ orochart |")
    print("|---|---|---|---|")
    print(f"| One render (`{a.example}`), wall, median of {a.runs} | {fmt_ms(oro_ms)} | {fmt_ms(helm_ms)} "
          f"| {helm_ms / oro_ms:.0f}× |")
    if oro_mem is not None and helm_mem is not None:
        print(f"| One render, peak memory | {fmt_mib(oro_mem)} | {fmt_mib(helm_mem)} | {helm_mem / oro_mem:.1f}× |")
    if dynamic_ms is not None:
        print(f"| One render, dynamically linked build (`--dynamic`), wall | {fmt_ms(dynamic_ms)} "
              f"| {fmt_ms(helm_ms)} | {helm_ms / dynamic_ms:.0f}× |")
        if dynamic_mem is not None:
            print(f"| One render, dynamically linked build, peak memory | {fmt_mib(dynamic_mem)} | | |")
    print(f"| Fleet of {n} apps, wall, 2 threads / {a.helm_workers} helm processes "
          f"| {fmt_ms(fleet_ms[2])} | {fmt_ms(helm_fleet_ms)} | {helm_fleet_ms / fleet_ms[2]:.0f}× |")
    print(f"| Fleet of {n} apps, wall, 1 thread | {fmt_ms(fleet_ms[1])} | | |")
    if fleet_mem is not None:
        print(f"| Fleet, peak memory (`--check -j 2`) | {fmt_mib(fleet_mem)} | | |")
    print()
    print(f"Same bytes as Helm: one render {'yes' if same else 'NO'}; fleet "
          f"{len(apps) - len(differ)}/{len(apps)} apps" + (f" (differ: {', '.join(differ[:5])})" if differ else ""))
    return 0 if same and not differ else 1


if __name__ == "__main__":
    sys.exit(main())
