"""How each tool is configured and started, and how its output is counted.

Every tool gets a fresh run directory with `etc/` (its configuration and state: UIDL lists, ledger
config) and `out/` (the archive it writes). No tool deletes on the server. Where a tool would add a
header (mpop's and getmail's Received/Delivered-To), it is switched off so every tool stores the same
bytes; fetchmail cannot switch off its Received header.

`command(run, fmt, only_new)` returns (argv, extra environment); `fmt` is "maildir", "mbox" or None
(the raw client). A tool's normal durability is kept: nothing here adds or removes an fsync.
"""
import os
import shutil
import sys
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD_ENV = "POPVAULT_BENCH_PASSWORD"


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str


def _write(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def _maildir(path):
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    return path


class Tool:
    name = ""
    binary = ""
    formats = ("maildir", "mbox")
    # what the tool's code does for durability (verified by `--fsync-audit`, counts in docs/BENCHMARKS.md)
    durability = ""

    def available(self):
        return shutil.which(self.binary) is not None

    def version(self):
        return ""


class Popvault(Tool):
    name = "popvault"
    durability = "fsync of every message file (group commit per batch allowed), directory fsync, SQLite WAL commit"

    def __init__(self, binary, name="popvault"):
        self.binary = binary
        self.name = name

    def available(self):
        return self.binary is not None and os.access(self.binary, os.X_OK)

    def command(self, run, server, fmt, only_new):
        extra = '\nrotate = "none"' if fmt == "mbox" else ""
        _write(os.path.join(run, "etc", "config.toml"), f"""\
[archive]
root = "{run}/out"

[[account]]
name = "bench"
protocol = "pop3"
host = "{server.host}"
port = {server.port}
tls = "none"
user = "{server.user}"
password_env = "{PASSWORD_ENV}"
format = "{fmt}"
path = "mail"
delete = "never"{extra}
""")
        return [self.binary, "fetch", "--config", f"{run}/etc/config.toml", "--quiet"], {}


class Mpop(Tool):
    name = "mpop"
    binary = "mpop"
    durability = ("Maildir: fsync of each message file in tmp/ before the rename into new/, no directory fsync; "
                  "mbox: fsync after each message; fsync of its UIDL file")

    def command(self, run, server, fmt, only_new):
        if fmt == "maildir":
            delivery = f"maildir {_maildir(run + '/out/maildir')}"
        else:
            open(f"{run}/out/mbox", "ab").close()
            delivery = f"mbox {run}/out/mbox"
        _write(f"{run}/etc/mpoprc", f"""\
account bench
host {server.host}
port {server.port}
tls off
auth user
user {server.user}
passwordeval echo "${PASSWORD_ENV}"
delivery {delivery}
uidls_file {run}/etc/uidls
keep on
only_new on
pipelining on
received_header off
""")
        return ["mpop", "-C", f"{run}/etc/mpoprc", "--quiet", "bench"], {}


class Getmail(Tool):
    name = "getmail6"
    binary = "getmail"
    durability = ("Maildir: fsync of each message file in tmp/ (plus one of a deleted stderr temp file per message, "
                  "from its delivery child), no directory fsync; Mboxrd: fsync after each message; fsync of oldmail")

    def command(self, run, server, fmt, only_new):
        if fmt == "maildir":
            dest = f"type = Maildir\npath = {_maildir(run + '/out/maildir')}/"
        else:
            open(f"{run}/out/mbox", "ab").close()
            dest = f"type = Mboxrd\npath = {run}/out/mbox"
        _write(f"{run}/etc/getmailrc", f"""\
[retriever]
type = SimplePOP3Retriever
server = {server.host}
port = {server.port}
username = {server.user}
password = {server.password}

[destination]
{dest}

[options]
verbose = 0
read_all = {"false" if only_new else "true"}
delete = false
delivered_to = false
received = false
""")
        # getmail_waitpid.py: the installed getmail6 with its racy child wait replaced by waitpid (see there)
        return ["/usr/bin/python3", os.path.join(HERE, "getmail_waitpid.py"), "--getmaildir", f"{run}/etc", "--rcfile", f"{run}/etc/getmailrc", "--quiet"], {}


class Fetchmail(Tool):
    name = "fetchmail"
    binary = "fetchmail"
    formats = ("maildir",)
    durability = ("no fsync of mail: it hands each message to an MDA (here sh + cat + mv into the Maildir, a fork+exec "
                  "per message, no fsync); only its pid file is fsynced")

    def command(self, run, server, fmt, only_new):
        out = _maildir(run + "/out/maildir")
        mda = f"{run}/etc/mda"
        # the cheapest correct Maildir delivery an MDA can do from sh: tmp/ then rename into new/
        _write(mda, '#!/bin/sh\nn="$(cat /proc/sys/kernel/random/uuid)"\n'
               'cat > "$1/tmp/$n" && exec mv "$1/tmp/$n" "$1/new/$n"\n', 0o700)
        _write(f"{run}/etc/fetchmailrc", f"""\
set no syslog
set no bouncemail
poll {server.host} service {server.port} protocol pop3 auth password
  user "{server.user}" password "{server.password}"
  {"" if only_new else "fetchall "}keep no rewrite sslproto ''
  mda "{mda} {out}"
""")
        env = {"FETCHMAILHOME": f"{run}/etc", "HOME": f"{run}/etc"}
        return ["fetchmail", "-f", f"{run}/etc/fetchmailrc", "--idfile", f"{run}/etc/fetchids", "-s"], env


class Raw(Tool):
    name = "raw-pipelined"
    # the system Python: a per-user interpreter (pyenv under /root) is not reachable by the bench user
    binary = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    formats = (None,)
    durability = "none (discards the bytes: the ceiling)"

    def __init__(self, mode="retr"):
        self.mode = mode
        if mode == "uidl":
            self.name = "raw-uidl"

    def command(self, run, server, fmt, only_new):
        return [self.binary, os.path.join(HERE, "rawpop.py"), server.host, str(server.port), server.user,
                self.mode], {}


def count_stored(out, fmt):
    """Messages stored under `out`: files in Maildir new/ and cur/, or `From ` lines of mbox files
    (ledgers, locks and journals beside them are not counted)."""
    n = 0
    for root, dirs, files in os.walk(out):
        base = os.path.basename(root)
        if fmt == "maildir":
            n += len(files) if base in ("new", "cur") else 0
        elif base not in ("new", "cur", "tmp"):
            for f in files:
                if "sqlite" in f or f.endswith((".lock", ".json")):
                    continue
                n += _count_from_lines(os.path.join(root, f))
    return n


def _count_from_lines(path):
    """Lines that begin with "From " (mboxrd quotes such body lines, so these are the separators)."""
    n, carry = 0, b"\n"
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            # carry is 5 bytes, shorter than the pattern: each match found here is new
            joint = carry + chunk
            n += joint.count(b"\nFrom ")
            carry = joint[-5:]
    return n
