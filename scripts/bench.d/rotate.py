"""The rotation scenario: compress one ~1 GB mbox segment (size: --rotate-mb) into a .gz.

Tools: `popvault rotate` (an mbox account whose plain segment is the generated file: it compresses
it in parallel gzip members, fsyncs the .gz and its directory, re-inflates it and compares SHA-256
and length with the plain bytes, updates the ledger, removes the plain file), `gzip -6 FILE` and,
when installed, `pigz -6 FILE` (both compress in place and remove FILE; neither fsyncs nor
verifies). Every run starts from a hard link to the same generated file (untimed, nothing copied,
the file stays in the page cache for every tool); `-f` makes gzip and pigz accept the link.
"""
import os
import random
import shutil

import genmail
import measure
import report

TITLE = "gzip rotation of an mbox segment"


def make_mbox(wd, megabytes, seed=13):
    """Generated realistic mail as one mboxrd file of about `megabytes` MB; cached in `wd`."""
    directory = os.path.join(wd, "rotate")
    path = os.path.join(directory, "segment.mbox")
    stamp_path = os.path.join(directory, "stamp")
    stamp = f"{megabytes} {seed} v1\n"
    if os.path.exists(path) and os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return path, int(open(path + ".count").read()), os.path.getsize(path)
    os.makedirs(directory, exist_ok=True)
    r = random.Random(seed)
    count = 0
    with open(path, "wb") as f:
        while f.tell() < megabytes * 1_000_000:
            count += 1
            raw = genmail.realistic(r, count)
            lines = raw.split(b"\n")
            quoted = [b">" + line if line.lstrip(b">").startswith(b"From ") else line for line in lines]
            f.write(b"From bench@example.org Mon Jan  1 00:00:00 2024\n" + b"\n".join(quoted).rstrip(b"\n") + b"\n\n")
    with open(path + ".count", "w") as f:
        f.write(str(count))
    with open(stamp_path, "w") as f:
        f.write(stamp)
    return path, count, os.path.getsize(path)


CONFIG = """[archive]
root = "{root}"

[[account]]
name = "bench"
host = "127.0.0.1"
user = "bench"
password_env = "UNUSED_BENCH_PASSWORD"
format = "mbox"
path = "work.mbox"
rotate = "size:1MiB"
"""


def prepare(name, popvault, master, rundir):
    """Links the segment into a fresh directory; returns (argv, the .gz the run must leave)."""
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    plain = os.path.join(rundir, "work.mbox")
    os.link(master, plain)
    if name == "popvault":
        config = os.path.join(rundir, "config.toml")
        with open(config, "w") as f:
            f.write(CONFIG.format(root=rundir))
        return [popvault, "rotate", "--config", config, "--quiet"], os.path.join(rundir, "work-0001.mbox.gz")
    tool = "gzip" if name == "gzip-6" else "pigz"
    return [tool, "-6", "-f", plain], plain + ".gz"


DURABILITY = {"popvault": "fsync .gz + directory; re-inflated and SHA-256 compared; ledger transaction",
              "gzip-6": "no fsync, no verification", "pigz-6": "no fsync, no verification"}


def run(args, wd, popvault, say):
    master, count, octets = make_mbox(wd, args.rotate_mb)
    title = f"{TITLE}, {count} messages, {octets / 1e6:.1f} MB"
    say(f"\n== rotate: {title}")
    entry = {"name": "rotate", "title": title, "messages": count, "octets": octets, "tools": {}}
    logdir = os.path.join(wd, "logs")
    os.makedirs(logdir, exist_ok=True)
    names = (["popvault"] if popvault else []) + ["gzip-6"] + (["pigz-6"] if shutil.which("pigz") else [])
    if args.tools:
        names = [n for n in names if n in args.tools.split(",")]
    for name in names:
        entry["tools"][name] = {"runs": [], "durability": DURABILITY[name]}
    if not popvault:
        entry["tools"]["popvault"] = {"skipped": "no popvault binary", "runs": []}
    for rnd in range(args.runs):
        order = names[rnd % len(names):] + names[:rnd % len(names)] if names else []
        for name in order:
            rundir = os.path.join(wd, "runs", f"rotate-{name}")
            argv, output = prepare(name, popvault, master, rundir)
            log = os.path.join(logdir, f"rotate-{name}-{rnd}.log")
            m = measure.run(argv, {}, log, rss_path=os.path.join(wd, f"rss-rotate-{name}"))
            m["compressed"] = os.path.getsize(output) if os.path.exists(output) else 0
            m["ok"] = m["rc"] == 0 and not m["timed_out"] and m["compressed"] > 0
            if m["ok"] and rnd == 0:
                # Once per tool, untimed: gzip(1) accepts the output.
                test = measure.run(["gzip", "-t", output], {}, log + ".test")
                m["ok"] = test["rc"] == 0
            if not m["ok"]:
                m["reason"] = f"exit {m['rc']}, output {m['compressed']} bytes; log {log}: {measure.tail(log, 4)!r}"
            shutil.rmtree(rundir, ignore_errors=True)
            entry["tools"][name]["runs"].append(m)
            if m["ok"]:
                say(f"  round {rnd + 1}/{args.runs} {name:10} {m['wall']:8.3f} s wall {m['cpu']:8.3f} s CPU "
                    f"{m['maxrss_kb'] / 1024:7.1f} MB RSS  {m['compressed'] / 1e6:8.1f} MB "
                    f"({100 * m['compressed'] / octets:.1f} %)")
            else:
                say(f"  round {rnd + 1}/{args.runs} {name:10} FAILED: {m['reason']}")
    for tdata in entry["tools"].values():
        tdata["summary"] = report.summarize(tdata["runs"], octets)
    return entry
