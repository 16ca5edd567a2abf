"""Runs a command under a real pseudo-terminal and plays a script of (expect, send) steps.

Usage: pty_driver.py '<json>' where json = {"argv": [...], "cwd": "...", "steps": [{"expect": "regex", "send": "text"}], "timeout": s, "env": {...}}
Prints one JSON object: {"exit": code or -signal, "output": everything the program wrote (ANSI escapes removed),
"raw": the same with its escapes, "failed_step": index or null}.
"""
import json
import os
import pty
import re
import select
import signal
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")


def main() -> None:
    spec = json.loads(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(spec["cwd"])
        os.environ["TERM"] = "xterm"
        os.environ["COLUMNS"] = "120"
        os.environ.pop("NO_COLOR", None)
        os.environ.update(spec.get("env", {}))
        os.execvp(spec["argv"][0], spec["argv"])
    output = ""
    deadline = time.time() + spec.get("timeout", 60)
    failed = None

    def read_some(wait: float) -> bool:
        nonlocal output
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        output += chunk.decode("utf-8", "replace")
        return True

    for index, step in enumerate(spec["steps"]):
        pattern = re.compile(step["expect"])
        seen_from = len(output)
        alive = True
        while alive and not pattern.search(ANSI.sub("", output[seen_from:])) and time.time() < deadline:
            alive = read_some(0.2)
        if not pattern.search(ANSI.sub("", output[seen_from:])):
            failed = index
            break
        time.sleep(0.15)
        os.write(fd, step["send"].encode())
        seen_from = len(output)
    while time.time() < deadline and read_some(0.2):
        pass
    try:
        _, status = os.waitpid(pid, os.WNOHANG)
        if _ == 0:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"exit": code, "output": ANSI.sub("", output), "raw": output, "failed_step": failed}))


main()
