"""The extraction scenario: every attachment out of a ~160 MB mbox of generated mail.

Tools: `popvault extract`, `ripmime --mailbox` (which also writes every text body as a file),
`munpack` once per message (the mbox is split into files beforehand, untimed: munpack reads one
message per call), and Python's `email` package (bench.d/pyextract.py, policy.default). Each run
writes into a fresh empty directory; nothing is fsynced by any of them (popvault extract only
fsyncs with --fsync).
"""
import base64
import mailbox
import os
import shutil
import sys

import genmail
import measure
import report

HERE = os.path.dirname(os.path.abspath(__file__))
TITLE = "attachment extraction from an mbox"


def make_mbox(wd, messages, seed=11):
    """Generated mail as an mbox (mboxrd) plus the same messages one per file; cached in `wd`."""
    path = os.path.join(wd, "extract", "mail.mbox")
    split = os.path.join(wd, "extract", "split")
    if os.path.exists(path) and os.path.isdir(split):
        return path, split, len(os.listdir(split)), os.path.getsize(path)
    maildir = os.path.join(wd, "extract", "maildir")
    genmail.write_maildir(maildir, messages, "realistic", seed)
    os.makedirs(split, exist_ok=True)
    box = mailbox.mbox(path, create=True)
    box.lock()
    names = sorted(os.listdir(os.path.join(maildir, "cur")))
    for index, name in enumerate(names):
        with open(os.path.join(maildir, "cur", name), "rb") as f:
            raw = f.read()
        box.add(raw)
        with open(os.path.join(split, f"{index:06d}.eml"), "wb") as f:
            f.write(raw)
    box.flush()
    box.unlock()
    box.close()
    shutil.rmtree(maildir, ignore_errors=True)
    return path, split, len(names), os.path.getsize(path)


def commands(popvault, mbox, split, out):
    tools = {}
    if popvault:
        tools["popvault"] = [popvault, "extract", "--quiet", "--to", out, mbox]
    if shutil.which("ripmime"):
        tools["ripmime"] = ["ripmime", "--mailbox", "-i", mbox, "-d", out]
    if shutil.which("munpack"):
        script = f'for f in "{split}"/*; do munpack -q -C "{out}" "$f" >/dev/null 2>&1; done; exit 0'
        tools["munpack"] = ["sh", "-c", script]
    tools["python-email"] = [sys.executable, os.path.join(HERE, "pyextract.py"), mbox, out]
    return tools


def count_files(directory):
    return sum(len(files) for _, _, files in os.walk(directory))


def run(args, wd, popvault, say):
    mbox, split, count, octets = make_mbox(wd, args.extract_messages)
    title = f"{TITLE}, {count} messages, {octets / 1e6:.1f} MB"
    say(f"\n== extract: {title}")
    entry = {"name": "extract", "title": title, "messages": count, "octets": octets, "tools": {}}
    logdir = os.path.join(wd, "logs")
    os.makedirs(logdir, exist_ok=True)
    names = list(commands(popvault, mbox, split, "OUT"))
    if args.tools:
        names = [n for n in names if n in args.tools.split(",")]
    for name in names:
        entry["tools"][name] = {"runs": [], "durability": "no fsync"}
    if not popvault:
        entry["tools"]["popvault"] = {"skipped": "no popvault binary", "runs": []}
    for rnd in range(args.runs):
        order = names[rnd % len(names):] + names[:rnd % len(names)] if names else []
        for name in order:
            out = os.path.join(wd, "runs", f"extract-{name}-{rnd}")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            argv = commands(popvault, mbox, split, out)[name]
            log = os.path.join(logdir, f"extract-{name}-{rnd}.log")
            m = measure.run(argv, {}, log, rss_path=os.path.join(wd, f"rss-extract-{name}"))
            m["files"] = count_files(out)
            # popvault exits 65 when some message could not be parsed at all; generated mail has none.
            m["ok"] = m["rc"] == 0 and not m["timed_out"] and m["files"] > 0
            if not m["ok"]:
                m["reason"] = f"exit {m['rc']}, {m['files']} files; log {log}: {measure.tail(log, 4)!r}"
            os.sync()
            shutil.rmtree(out, ignore_errors=True)
            entry["tools"][name]["runs"].append(m)
            if m["ok"]:
                say(f"  round {rnd + 1}/{args.runs} {name:14} {m['wall']:8.3f} s wall {m['cpu']:8.3f} s CPU "
                    f"{m['maxrss_kb'] / 1024:7.1f} MB RSS {m['files']:6d} files")
            else:
                say(f"  round {rnd + 1}/{args.runs} {name:14} FAILED: {m['reason']}")
    for tdata in entry["tools"].values():
        tdata["summary"] = report.summarize(tdata["runs"], octets)
    return entry


# Issue 14: naming at scale and a large mbox. popvault alone (the comparison with the peers is the case above).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4800000000049454e44ae426082")


def make_clash_mbox(wd, messages):
    """`messages` messages that each carry Outlook's inline image001.png (one name, every claim a clash)."""
    path = os.path.join(wd, "extract", f"image001-{messages}.mbox")
    if os.path.exists(path):
        return path, os.path.getsize(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = base64.encodebytes(PNG).decode().rstrip("\n")
    with open(path + ".tmp", "w") as f:
        for i in range(messages):
            f.write(f"From sender@example.org Mon Dec  7 12:00:00 2026\n"
                    f"From: sender{i % 97}@example.org\nTo: archive@example.org\n"
                    f"Subject: weekly report {i}\nDate: Mon, 07 Dec 2026 12:00:00 +0000\n"
                    f"Message-ID: <clash-{i}@example.org>\nMIME-Version: 1.0\n"
                    f"Content-Type: multipart/related; boundary=\"b{i}\"\n\n"
                    f"--b{i}\nContent-Type: text/html\n\n<p>report {i} <img src=\"cid:image001.png@01D\"></p>\n"
                    f"--b{i}\nContent-Type: image/png; name=\"image001.png\"\n"
                    f"Content-Disposition: inline; filename=\"image001.png\"\n"
                    f"Content-ID: <image001.png@01D>\nContent-Transfer-Encoding: base64\n\n{image}\n"
                    f"--b{i}--\n\n")
    os.rename(path + ".tmp", path)
    return path, os.path.getsize(path)


def make_large_mbox(wd, base, megabytes):
    """The generated mixed mail of `base` repeated until the mbox holds `megabytes` MB."""
    path = os.path.join(wd, "extract", f"mixed-{megabytes}MB.mbox")
    if os.path.exists(path):
        return path, os.path.getsize(path)
    with open(base, "rb") as f:
        chunk = f.read()
    with open(path + ".tmp", "wb") as f:
        while f.tell() < megabytes * 1_000_000:
            f.write(chunk)
    os.rename(path + ".tmp", path)
    return path, os.path.getsize(path)


def run_scale(args, wd, popvault, say):
    """One entry per clash count and one for the large mbox; each states the per-message cost."""
    if not popvault:
        return []
    base, _, base_count, base_octets = make_mbox(wd, args.extract_messages)
    cases = []
    for n in [int(x) for x in args.extract_clash.split(",") if x]:
        path, octets = make_clash_mbox(wd, n)
        cases.append((f"extract-image001-{n}", f"{n} messages each carrying image001.png", path, n, octets))
    if args.extract_large_mb > 0:
        path, octets = make_large_mbox(wd, base, args.extract_large_mb)
        n = base_count * (octets // max(base_octets, 1))
        cases.append(("extract-large", f"mixed mail, {octets / 1e9:.2f} GB (target 10 GB)", path, n, octets))
    logdir = os.path.join(wd, "logs")
    os.makedirs(logdir, exist_ok=True)
    entries = []
    for name, title, path, count, octets in cases:
        say(f"\n== {name}: {title}")
        runs = []
        for rnd in range(args.runs):
            out = os.path.join(wd, "runs", f"{name}-{rnd}")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            log = os.path.join(logdir, f"{name}-{rnd}.log")
            m = measure.run([popvault, "extract", "--quiet", "--flat", "--to", out, path], {}, log,
                            rss_path=os.path.join(wd, f"rss-{name}"))
            m["files"] = count_files(out)
            m["ok"] = m["rc"] == 0 and not m["timed_out"] and m["files"] > 0
            if not m["ok"]:
                m["reason"] = f"exit {m['rc']}, {m['files']} files; log {log}: {measure.tail(log, 4)!r}"
            shutil.rmtree(out, ignore_errors=True)
            runs.append(m)
            if m["ok"]:
                say(f"  round {rnd + 1}/{args.runs} {m['wall']:8.3f} s wall {m['wall'] / count * 1e6:8.1f} µs/message "
                    f"{m['maxrss_kb'] / 1024:7.1f} MB RSS {m['files']:6d} files")
            else:
                say(f"  round {rnd + 1}/{args.runs} FAILED: {m['reason']}")
        summary = report.summarize(runs, octets)
        if summary:
            summary["us_per_message"] = summary["median_wall"] / count * 1e6
        entries.append({"name": name, "title": title, "messages": count, "octets": octets,
                        "tools": {"popvault": {"runs": runs, "durability": "no fsync", "summary": summary}}})
    return entries
