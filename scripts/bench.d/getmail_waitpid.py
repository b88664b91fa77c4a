#!/usr/bin/python3
"""Runs the installed getmail6 with one fix: its delivery child is reaped with a plain waitpid.

Debian's getmail6 6.18.x forks a child per delivered message and installs its SIGCHLD handler only
after fork(), then waits on a condition the handler notifies. A child that exits before the handler
is installed, or before the parent starts waiting, is never noticed: getmail waits its `timeout` and
fails the whole run ("waiting child pid N timed out"; getmail6 issues #52, #226). On a busy machine
that hits most runs of a few hundred messages. Upstream getmail6 has since replaced that wait with
multiprocessing's join, i.e. a waitpid; this launcher does the same and changes nothing else (the
delivery, its fsyncs and its fork per message stay as they are). Usage: like `getmail`.
"""
import os
import runpy
import sys

from getmailcore import baseclasses
from getmailcore.exceptions import getmailOperationError


def forkchild(self, childfun, with_out=True):
    self.child = child = baseclasses.Namespace()
    child.stdout = baseclasses.TemporaryFile23()
    child.stderr = baseclasses.TemporaryFile23()
    child.childpid = os.fork()
    if child.childpid == 0:
        childfun(child.stdout, child.stderr)  # every delivery function ends in os._exit
        os._exit(127)
    _, status = os.waitpid(child.childpid, 0)
    if os.WIFSIGNALED(status):
        raise getmailOperationError(f"child pid {child.childpid} killed by signal {os.WTERMSIG(status)}")
    child.exitcode = os.WEXITSTATUS(status)
    child.stderr.seek(0)
    child.err = child.stderr.read().strip().decode()
    child.stdout.seek(0)
    if with_out:
        child.out = child.stdout.read().strip()
    return child


baseclasses.ForkingBase.forkchild = forkchild
sys.argv[0] = "getmail"
runpy.run_path("/usr/bin/getmail", run_name="__main__")
