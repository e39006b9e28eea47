"""Stopping `make run` the way a service manager or a CI teardown does: a signal to make's whole
process group. Nothing of the stack may be left running, and every port must be free, so the
next `make run` starts.

GNU make forwards SIGTERM to its children, so `bot serve` receives it twice; the test also sends
a second SIGTERM to the group during the shutdown, as an impatient operator would.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest

from bot.serve import vrije_poort
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

DRAAIT = "De assistent draait"


def _poort_vrij(port: int) -> bool:
    """Free for a new server: no process listens on it. Like every server here (Sanic, the demo
    page) the check sets SO_REUSEADDR, so closed connections in TIME_WAIT do not count."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _processen() -> dict:
    """{pid: (ppid, state, cmdline)} of every process, from /proc."""
    uit = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                stat = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        uit[int(d)] = (int(stat[1]), stat[0], cmd)
    return uit


def _nakomelingen(pid: int) -> dict:
    """{pid: cmdline} of every process below ``pid`` (children in their own sessions too)."""
    alle = _processen()
    gevonden, rand = {}, [pid]
    while rand:
        ouder = rand.pop()
        for kind, (ppid, _, cmd) in alle.items():
            if ppid == ouder and kind not in gevonden:
                gevonden[kind] = cmd
                rand.append(kind)
    return gevonden


def _levend(pids) -> dict:
    alle = _processen()
    return {p: alle[p][2] for p in pids if p in alle and alle[p][1] != "Z"}


def _wacht_op_start(proc: subprocess.Popen, log_pad, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if DRAAIT in log_pad.read_text(errors="replace"):
            return
        assert proc.poll() is None, f"make run stopte vroeg:\n{log_pad.read_text()[-3000:]}"
        time.sleep(0.5)
    pytest.fail(f"make run niet gestart binnen {timeout} s:\n{log_pad.read_text()[-3000:]}")


def test_make_run_stopt_schoon_bij_signalen_aan_de_hele_procesgroep(settings, model_path, tmp_path):
    # `make run` must start what is there, not train: the test suite trained the model already.
    actueel = subprocess.run(["make", "-q", "models/assistent.tar.gz"], cwd=PROJECT_ROOT)
    assert actueel.returncode == 0, "het model is niet actueel: draai eerst `make train`"
    poorten = {"BOT_RASA_PORT": vrije_poort(), "BOT_ACTIONS_PORT": vrije_poort(),
               "BOT_WEB_PORT": vrije_poort()}
    env = dict(os.environ, BOT_TRACKER_DB=str(tmp_path / "tracker.db"),
               **{k: str(v) for k, v in poorten.items()})
    env.pop("MAKEFLAGS", None)
    log_pad = tmp_path / "make-run.log"
    with open(log_pad, "wb") as log:
        make = subprocess.Popen(["make", "run"], cwd=PROJECT_ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wacht_op_start(make, log_pad, timeout=300)
        stack = _nakomelingen(make.pid)
        namen = " | ".join(stack.values())
        assert "bot serve" in namen and "rasa run actions" in namen and "rasa run" in namen, namen
        assert not any(_poort_vrij(p) for p in poorten.values()), "de stack luistert niet op zijn poorten"

        os.killpg(make.pid, signal.SIGTERM)
        time.sleep(0.5)
        try:
            os.killpg(make.pid, signal.SIGTERM)  # a second signal during the shutdown
        except ProcessLookupError:
            pass
        make.wait(timeout=90)
        deadline = time.monotonic() + 30
        while _levend(stack) and time.monotonic() < deadline:
            time.sleep(0.5)
        over = _levend(stack)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
    assert not over, f"na het stoppen draait nog: {list(over.values())}"
    bezet = [naam for naam, p in poorten.items() if not _poort_vrij(p)]
    assert not bezet, f"poorten nog bezet: {bezet}"
    uitvoer = log_pad.read_text(errors="replace")
    assert "Afsluiten ..." in uitvoer
    assert "Traceback" not in uitvoer, uitvoer[-3000:]
