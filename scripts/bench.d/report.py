"""Summaries, the table, and the throughput plot."""
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def summarize(runs, octets):
    ok = [r for r in runs if r.get("ok")]
    if not ok:
        return None
    walls = [r["wall"] for r in ok]
    med = statistics.median(walls)
    return {"runs": len(ok), "failed": len(runs) - len(ok), "median_wall": med, "min_wall": min(walls),
            "max_wall": max(walls), "median_cpu": statistics.median(r["cpu"] for r in ok),
            "max_rss_mb": max(r["maxrss_kb"] for r in ok) / 1024,
            "mb_per_s": (octets / 1e6 / med) if octets and med > 0 else None}


def table(results):
    """Markdown table: one row per scenario and tool."""
    head = ("| scenario | tool | runs | median wall s | min s | max s | median CPU s | max RSS MB | MB/s "
            "| popvault/tool |")
    out = [head, "|" + "---|" * 10]
    for scen in results["scenarios"]:
        tools = scen["tools"]
        pv = (tools.get("popvault") or {}).get("summary")
        for name, t in tools.items():
            s = t.get("summary")
            if s is None:
                why = t.get("skipped", "failed")
                why = why if len(why) < 90 else why[:87] + "..."
                out.append(f"| {scen['name']} | {name} | 0 | {why} |  |  |  |  |  |  |")
                continue
            ratio = f"{pv['median_wall'] / s['median_wall']:.2f}" if pv and name != "popvault" else ""
            mbs = f"{s['mb_per_s']:.1f}" if s["mb_per_s"] else ""
            out.append(f"| {scen['name']} | {name} | {s['runs']} | {s['median_wall']:.3f} | {s['min_wall']:.3f} "
                       f"| {s['max_wall']:.3f} | {s['median_cpu']:.3f} | {s['max_rss_mb']:.1f} | {mbs} | {ratio} |")
        if "popvault" not in tools:
            out.append(f"| {scen['name']} | popvault | 0 | pending |  |  |  |  |  |  |")
    return "\n".join(out)


def fsync_table(audit):
    out = ["| scenario | tool | messages | fsync of files | fsync of directories | fdatasync | other sync calls |",
           "|---|---|---|---|---|---|---|"]
    for row in audit:
        c = row["counts"]
        other = sum(v for k, v in c.items() if k not in ("fsync", "fsync dir", "fdatasync"))
        note = "" if row["ok"] else " (run failed)"
        out.append(f"| {row['scenario']} | {row['tool']}{note} | {row['messages']} | {c.get('fsync', 0)} "
                   f"| {c.get('fsync dir', 0)} | {c.get('fdatasync', 0)} | {other} |")
    return "\n".join(out)


def write_json(path, results):
    with open(path, "w") as f:
        json.dump(results, f, indent=2, sort_keys=False)


def plot(results, png):
    """Write the PNG with whichever Python has matplotlib; returns a message saying what happened."""
    data = json.dumps(results)
    for py in dict.fromkeys([sys.executable, "/usr/bin/python3"]):
        if not os.path.exists(py):
            continue
        probe = subprocess.run([py, "-c", "import matplotlib"], capture_output=True)
        if probe.returncode == 0:
            done = subprocess.run([py, os.path.join(HERE, "plot.py"), png], input=data.encode(),
                                  capture_output=True)
            if done.returncode == 0:
                return f"plot written: {png}"
            return f"plot failed: {done.stderr.decode(errors='replace')[-300:]}"
    return "no plot: matplotlib is not installed (apt-get install python3-matplotlib)"
