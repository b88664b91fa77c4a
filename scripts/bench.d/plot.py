#!/usr/bin/env python3
"""Reads the benchmark results (JSON) on stdin and draws throughput per tool: `plot.py OUT.png`.

One panel per scenario: MB/s of the median run for the scenarios that move bytes, and median wall
time (lower is better) for the incremental no-op scenario, where nothing is moved.
"""
import json
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    results = json.load(sys.stdin)
    scenarios = [s for s in results["scenarios"] if any(t.get("summary") for t in s["tools"].values())]
    fig, axes = plt.subplots(1, len(scenarios), figsize=(4.2 * len(scenarios), 4), squeeze=False)
    for ax, scen in zip(axes[0], scenarios):
        names, values = [], []
        noop = scen["name"] == "noop"
        for name, t in scen["tools"].items():
            s = t.get("summary")
            if s:
                names.append(name)
                values.append(s["median_wall"] * 1000 if noop else (s["mb_per_s"] or 0))
        colors = ["#d62728" if n == "popvault" else "#7f7f7f" if n.startswith("raw") else "#1f77b4" for n in names]
        bars = ax.bar(range(len(names)), values, color=colors)
        ax.bar_label(bars, fmt="%.0f", fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
        ax.set_title(textwrap.fill(scen["title"], 40), fontsize=9)
        ax.set_ylabel("median wall ms (lower is better)" if noop else "MB/s (median run)", fontsize=8)
    fig.suptitle(f"popvault benchmark: {results['machine']['cpu']} x{results['machine']['nproc']}, "
                 f"{results['params']['runs']} runs per tool", fontsize=9)
    fig.tight_layout()
    fig.savefig(sys.argv[1], dpi=110)


if __name__ == "__main__":
    main()
