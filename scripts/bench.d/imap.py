"""The IMAP scenario: a full archive of a 2,000-message account (four folders) from a private Dovecot
IMAP server, popvault against mbsync (isync), same data, same run.

Each run starts from an empty archive. Both tools write a Maildir++ tree (mbsync with
`SubFolders Maildir++`) and keep their normal durability: popvault fsyncs every message file (group
commit per batch), the directories and its SQLite commit; mbsync (`FSync yes`, its default) fsyncs
each message file and its sync state. Neither changes anything on the server (mbsync `Sync Pull`,
popvault EXAMINE + BODY.PEEK). One untimed run of each tool first builds Dovecot's indexes and warms
the page cache.
"""
import os
import shutil

import dovecot
import genmail
import measure
import report
import tools

TITLE = "full IMAP archive into Maildir++"
FOLDERS = ["", ".Work", ".Lists", ".Archive.2024"]

CONFIG = dovecot.CONFIG.replace("protocols = pop3", "protocols = imap").replace(
    "service pop3-login {{\n  inet_listener pop3 {{", "service imap-login {{\n  inet_listener imap {{")


def make_account(server, user, messages, seed=21):
    """`messages` generated messages spread over four folders; cached (stamp) in the server's home."""
    home = server.home(user)
    stamp = f"imap {messages} {seed} v1\n"
    stamp_path = os.path.join(home, ".bench-stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return
    shutil.rmtree(home, ignore_errors=True)
    per = [messages // len(FOLDERS) + (1 if k < messages % len(FOLDERS) else 0) for k in range(len(FOLDERS))]
    for k, folder in enumerate(FOLDERS):
        path = os.path.join(server.maildir(user), folder) if folder else server.maildir(user)
        genmail.write_maildir(path, per[k], "realistic", seed + k)
        if folder:
            open(os.path.join(path, "maildirfolder"), "w").close()
    with open(stamp_path, "w") as f:
        f.write(stamp)


def account_size(maildir):
    """(messages, octets on the wire: LF counted as CRLF) of the Maildir++ tree."""
    count = octets = 0
    for root, _, files in os.walk(maildir):
        if os.path.basename(root) not in ("new", "cur"):
            continue
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            count += 1
            octets += len(data) + data.count(b"\n")
    return count, octets


def count_stored(out):
    return sum(len(files) for root, _, files in os.walk(out) if os.path.basename(root) in ("new", "cur"))


def popvault_command(binary, run, port, user):
    tools._write(os.path.join(run, "etc", "config.toml"), f"""\
[archive]
root = "{run}/out"

[[account]]
name = "bench"
protocol = "imap"
host = "127.0.0.1"
port = {port}
tls = "none"
user = "{user}"
password_env = "{tools.PASSWORD_ENV}"
format = "maildir"
path = "mail"
""")
    return [binary, "fetch", "--config", f"{run}/etc/config.toml", "--quiet"]


def mbsync_command(run, port, user):
    tools._write(os.path.join(run, "etc", "mbsyncrc"), f"""\
IMAPAccount bench
Host 127.0.0.1
Port {port}
User {user}
PassCmd "echo ${tools.PASSWORD_ENV}"
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Inbox {run}/out/mail
SubFolders Maildir++

Channel bench
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
Expunge None
SyncState *
""")
    return ["mbsync", "-c", f"{run}/etc/mbsyncrc", "-q", "bench"]


def run(args, wd, popvault, say, as_user):
    """Runs the scenario; `as_user(rundir)` hands a run directory to the unprivileged bench user."""
    user = "imap"
    server = dovecot.Dovecot(os.path.join(wd, "dovecot-imap"), config=CONFIG, greeting=b"* OK")
    os.makedirs(os.path.join(server.dir, "home"), exist_ok=True)
    make_account(server, user, args.messages)
    count, octets = account_size(server.maildir(user))
    title = f"{TITLE}, {count} messages in {len(FOLDERS)} folders, {octets / 1e6:.1f} MB"
    say(f"\n== imap: {title}")
    entry = {"name": "imap", "title": title, "messages": count, "octets": octets, "tools": {}}
    commands = {}
    if popvault:
        commands["popvault"] = lambda rundir: popvault_command(popvault, rundir, server.port, user)
    else:
        entry["tools"]["popvault"] = {"skipped": "no popvault binary", "runs": []}
    if shutil.which("mbsync"):
        commands["mbsync"] = lambda rundir: mbsync_command(rundir, server.port, user)
    else:
        entry["tools"]["mbsync"] = {"skipped": "mbsync (apt: isync) not installed", "runs": []}
    names = [n for n in commands if not args.tools or n in args.tools.split(",")]
    durability = {"popvault": "fsync of every message file (group commit per batch), directory fsync, SQLite WAL",
                  "mbsync": "FSync yes (default): fsync of each message file and of its sync state"}
    for name in names:
        entry["tools"][name] = {"runs": [], "durability": durability[name]}
    logdir = os.path.join(wd, "logs")
    os.makedirs(logdir, exist_ok=True)
    server.start([user])
    try:
        say(f"dovecot (IMAP) on 127.0.0.1:{server.port}")
        for rnd in range(-1, args.runs):
            order = names[rnd % len(names):] + names[:rnd % len(names)] if names else []
            for name in order:
                rundir = os.path.join(wd, "runs", f"imap-{name}-{rnd}")
                shutil.rmtree(rundir, ignore_errors=True)
                for sub in ("etc", "out"):
                    os.makedirs(os.path.join(rundir, sub))
                argv = commands[name](rundir)
                env = {"HOME": f"{rundir}/etc", "USER": dovecot.MAIL_USER, tools.PASSWORD_ENV: dovecot.PASSWORD}
                ids = as_user(rundir)
                log = os.path.join(logdir, f"imap-{name}-{rnd}.log")
                m = measure.run(argv, env, log, user=ids, rss_path=f"{rundir}/etc/.maxrss")
                m["stored"] = count_stored(os.path.join(rundir, "out"))
                m["ok"] = m["rc"] == 0 and m["stored"] == count and not m["timed_out"]
                if not m["ok"]:
                    m["reason"] = (f"exit {m['rc']}, stored {m['stored']} of {count}; log {log}: "
                                   f"{measure.tail(log, 4)!r}")
                os.sync()
                shutil.rmtree(rundir, ignore_errors=True)
                if rnd < 0:
                    say(f"  warm-up {name:14} {m['wall']:8.3f} s (untimed){'' if m['ok'] else ': ' + m['reason']}")
                    continue
                entry["tools"][name]["runs"].append(m)
                if m["ok"]:
                    say(f"  round {rnd + 1}/{args.runs} {name:14} {m['wall']:8.3f} s wall {m['cpu']:8.3f} s CPU "
                        f"{m['maxrss_kb'] / 1024:7.1f} MB RSS")
                else:
                    say(f"  round {rnd + 1}/{args.runs} {name:14} FAILED: {m['reason']}")
    finally:
        server.stop()
    for tdata in entry["tools"].values():
        tdata["summary"] = report.summarize(tdata["runs"], octets)
    return entry
