"""A private Dovecot POP3 server on loopback, configured in a directory of its own.

Mail runs as an unprivileged user (created with `useradd -M` when missing). Users (one per mailbox)
live in a passwd-file; each has `<dir>/home/<user>/Maildir`. Flags are never written back by POP3
(`pop3_no_flag_updates`), so a fetch leaves the server mailbox exactly as it was and every tool sees
identical data. UIDLs are `%08Xu%08Xv` (what most real Dovecot installations use).
"""
import os
import pwd
import signal
import socket
import subprocess
import time

MAIL_USER = "popvaultbench"
PASSWORD = "benchpass"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_mail_user():
    """Return (uid, gid) of the unprivileged mail user, creating it when missing."""
    try:
        pw = pwd.getpwnam(MAIL_USER)
    except KeyError:
        subprocess.run(["useradd", "-M", "-r", "-s", "/usr/sbin/nologin", MAIL_USER], check=True)
        pw = pwd.getpwnam(MAIL_USER)
    return pw.pw_uid, pw.pw_gid


CONFIG = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = {first_uid}
pop3_uidl_format = %08Xu%08Xv
pop3_no_flag_updates = yes
mail_max_userip_connections = 50
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home/%u
}}
service pop3-login {{
  inet_listener pop3 {{
    address = 127.0.0.1
    port = {port}
  }}
}}
"""


class Dovecot:
    """Start with `start(users)`, stop with `stop()` (idempotent; also safe after a failed start)."""

    def __init__(self, directory, config=CONFIG, greeting=b"+OK"):
        """`config` is the template (IMAP scenarios pass their own); `greeting` what a ready server says."""
        self.dir = os.path.abspath(directory)
        self.config = config
        self.greeting = greeting
        self.port = None
        self.pid = None

    def home(self, user):
        return os.path.join(self.dir, "home", user)

    def maildir(self, user):
        return os.path.join(self.home(user), "Maildir")

    def start(self, users):
        uid, gid = ensure_mail_user()
        for sub in ("run", "state", "home"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            f.writelines(f"{u}:{{PLAIN}}{PASSWORD}\n" for u in users)
        for u in users:
            os.makedirs(self.maildir(u), exist_ok=True)
        for root, dirs, files in os.walk(os.path.join(self.dir, "home")):
            for name in dirs + files:
                os.chown(os.path.join(root, name), uid, gid)
        os.chown(os.path.join(self.dir, "home"), uid, gid)
        self.port = free_port()
        conf = os.path.join(self.dir, "dovecot.conf")
        with open(conf, "w") as f:
            f.write(self.config.format(d=self.dir, uid=uid, gid=gid, first_uid=min(uid, 1000), port=self.port))
        subprocess.run(["/usr/sbin/dovecot", "-c", conf], check=True)
        pidfile = os.path.join(self.dir, "run", "master.pid")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if os.path.exists(pidfile) and self._listening():
                with open(pidfile) as f:
                    self.pid = int(f.read().strip())
                return
            time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start; see {self.dir}/dovecot.log")

    def _listening(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                return s.recv(100).startswith(self.greeting)
        except OSError:
            return False

    def stop(self):
        pidfile = os.path.join(self.dir, "run", "master.pid")
        if self.pid is None and os.path.exists(pidfile):
            with open(pidfile) as f:
                self.pid = int(f.read().strip() or 0) or None
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(100):
                os.kill(self.pid, 0)
                time.sleep(0.05)
        except ProcessLookupError:
            pass
        self.pid = None
