"""Run one command and measure it: wall time, CPU time and peak RSS of its process tree.

Wall time is taken here around the whole run. The child is reaped with `os.wait4`, whose rusage on
Linux is RUSAGE_BOTH: user and system time include every descendant the child waited for
(fetchmail's MDAs, mpop's passwordeval, getmail's delivery children).
Peak RSS comes from GNU time's `%M` (`/usr/bin/time`, apt package `time`) wrapped around the tool: it
is the `ru_maxrss` of the tool's tree, i.e. the peak of the largest single process (not a sum).
It is not taken from our own wait4 because a child forked from this Python process inherits its
memory high-water mark at exec, so every tool would show at least the driver's ~20 MB.
Without GNU time the wait4 figure is used and marked as such.
The child runs in a session of its own so a timeout or Ctrl-C can end the whole tree, and only it.
"""
import os
import re
import signal
import subprocess
import threading
import time

_current = {"pgid": None}


def kill_current():
    """End the process group of the command being measured, if any (used on Ctrl-C)."""
    pgid = _current["pgid"]
    if pgid is not None:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass


TIME = "/usr/bin/time"


def run(argv, env, log_path, timeout=3600, strace_out=None, user=None, rss_path=None):
    """Runs argv (as `user`=(uid, gid) when given). Returns dict(wall, user, sys, cpu, maxrss_kb,
    rss_source, rc, timed_out). `rss_path` is a scratch file the (unprivileged) child may write."""
    use_time = strace_out is None and rss_path is not None and os.access(TIME, os.X_OK)
    if strace_out:
        argv = ["strace", "-f", "-y", "-qq", "-o", strace_out,
                "-e", "trace=fsync,fdatasync,sync_file_range,syncfs,sync,msync"] + argv
    elif use_time:
        open(rss_path, "w").close()
        if user:
            os.chown(rss_path, *user)
        argv = [TIME, "-f", "%M", "-o", rss_path] + argv
    ids = {"user": user[0], "group": user[1], "extra_groups": []} if user else {}
    full_env = dict(os.environ)
    full_env.update(env)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=full_env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, **ids)
        _current["pgid"] = proc.pid
        timed_out = threading.Event()

        def expire():
            timed_out.set()
            kill_current()

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            _current["pgid"] = None
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss, source = ru.ru_maxrss, "wait4 (includes the driver's high-water mark)"
    if use_time:
        last = tail(rss_path, 1).strip()
        if last.isdigit():
            maxrss, source = int(last), "GNU time %M"
    return {"wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime, "cpu": ru.ru_utime + ru.ru_stime,
            "maxrss_kb": maxrss, "rss_source": source, "rc": proc.returncode, "timed_out": timed_out.is_set()}


def tail(path, lines=8):
    try:
        with open(path, "rb") as f:
            data = f.read()[-4000:]
    except OSError:
        return ""
    return "\n".join(data.decode(errors="replace").splitlines()[-lines:])


SYNC_CALL = re.compile(r"^\d+\s+(fsync|fdatasync|sync_file_range|syncfs|sync|msync)\((?:\d+<([^>]*)>)?")


def strace_counts(path):
    """{syscall: calls} from an `strace -f -y` log; a sync of a directory counts as "<call> dir"."""
    counts = {}
    try:
        with open(path) as f:
            for row in f:
                m = SYNC_CALL.match(row)
                if m:
                    key = m.group(1) + (" dir" if m.group(2) and os.path.isdir(m.group(2)) else "")
                    counts[key] = counts.get(key, 0) + 1
    except OSError:
        pass
    return counts
