#!/usr/bin/env python3
"""Counts the instructions of `orochart render` on corpus charts with callgrind (valgrind):
unlike wall or CPU time, the count hardly moves when the machine is busy, so two builds can
be compared on a loaded machine. One case per chart (its first, by name) unless `--all`.

    cargo build --release -p orochart-cli
    python3 benches/instructions.py                              # every chart, first case
    python3 benches/instructions.py -k bitnami --baseline OLD    # against another build

Instructions are not time: a page the process touches for the first time costs several
microseconds on a virtual machine and no instruction here, so fewer allocations help more
than the count shows. `benches/corpus.py` measures time against Helm.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benches"))
from corpus import case_args  # noqa: E402


def count(binary, args):
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        p = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", binary] + args,
            capture_output=True, text=True)
    m = re.search(r"refs:\s+([\d,]+)", p.stderr)
    if not m:
        raise SystemExit(f"valgrind printed no count for {args}:\n{p.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "charts"))
    ap.add_argument("--orochart", default=str(REPO / "target" / "release" / "orochart"))
    ap.add_argument("--baseline", help="another orochart binary to count beside it")
    ap.add_argument("--helm-version", default="4.3", help="profile (default 4.3)")
    ap.add_argument("--all", action="store_true", help="every case, not one per chart")
    ap.add_argument("-k", default=None, help="only charts whose id contains this")
    opt = ap.parse_args()
    env_drop = ("HELM_NAMESPACE", "OROCHART_HELM_VERSION", "OROCHART_TEMPLATE_DIALECT")
    for k in env_drop:
        os.environ.pop(k, None)
    head = "| case | instructions (M) |" + (" baseline (M) | change |" if opt.baseline else "")
    print(head)
    print("|---|---|" + ("---|---|" if opt.baseline else ""))
    total = base_total = 0
    for chart_dir in sorted(p for p in Path(opt.corpus).iterdir() if (p / "cases").is_dir()):
        if opt.k and opt.k not in chart_dir.name:
            continue
        cases = sorted(p for p in (chart_dir / "cases").iterdir() if p.is_dir())
        for case in cases if opt.all else cases[:1]:
            release, args = case_args(chart_dir.name, case)
            args = ["render", release, str(chart_dir / "chart")] + args + ["--helm-version", opt.helm_version]
            n = count(opt.orochart, args)
            total += n
            row = f"| {chart_dir.name}/{case.name} | {n / 1e6:.1f} |"
            if opt.baseline:
                b = count(opt.baseline, args)
                base_total += b
                row += f" {b / 1e6:.1f} | {100 * (n - b) / b:+.0f} % |"
            print(row, flush=True)
    line = f"\nTotal {total / 1e6:.0f} M instructions"
    if opt.baseline:
        line += f", baseline {base_total / 1e6:.0f} M ({100 * (total - base_total) / base_total:+.0f} %)"
    print(line)


if __name__ == "__main__":
    main()
