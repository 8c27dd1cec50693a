"""Ctrl-C during a long statement, through a real pseudo-terminal.

Usage: python3 interrupt.py HWEPLAN_BINARY
Starts hweplan on a pty in a new session, starts a long Monte Carlo, sends SIGINT (what the terminal sends
for Ctrl-C outside the line editor), and checks that the statement stops within a second with a message,
the prompt comes back, and the session is unchanged. Exit 0 on success, 1 with a reason otherwise.
(The Swift pty harness cannot do this step: in its children the signal is caught but never seen by the
running statement, for reasons not yet found; see docs/DECISIONS.md.)
"""
import os, pty, select, signal, subprocess, sys, tempfile, time

binary = sys.argv[1]
master, slave = pty.openpty()
home = tempfile.mkdtemp()
child = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                         env={"HOME": home, "HWEPLAN_HISTORY": "", "TERM": "xterm", "PATH": "/usr/bin:/bin",
                              "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"})
screen = b""


def pump(seconds):
    global screen
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            screen += os.read(master, 65536)


def wait_for(text, since=0, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if text.encode() in screen[since:]:
            return True
        pump(0.02)
    return False


def fail(why):
    print(why)
    print(screen[-600:].decode(errors="replace"))
    child.kill()
    sys.exit(1)


if not wait_for("baseline> "):
    fail("no prompt")
pump(0.3)
os.write(master, b"scenario new a\r")
if not wait_for("a> ", since=len(screen) - 1):
    fail("no prompt after scenario new")
pump(0.3)
mark = len(screen)
os.write(master, b"montecarlo 1000000\r")
if not wait_for("(Ctrl-C cancels)", since=mark, timeout=20):
    fail("no progress line on a terminal")
sent = time.time()
child.send_signal(signal.SIGINT)
if not wait_for("montecarlo interrupted; nothing changed", since=mark, timeout=5):
    fail("Ctrl-C did not stop montecarlo")
elapsed = time.time() - sent
if elapsed > 1.0:
    fail(f"Ctrl-C took {elapsed:.2f} s")
after = len(screen)
if not wait_for("a> ", since=after - 3):
    fail("no prompt after the interruption")
pump(0.3)
os.write(master, b"scenario list\r")
if not wait_for("0 statements", since=after):
    fail("the session changed")
pump(0.2)
os.write(master, b"quit\r")
try:
    status = child.wait(timeout=10)
except subprocess.TimeoutExpired:
    fail("quit did not leave")
if status != 0:
    fail(f"exit status {status}")
print(f"ok: stopped {elapsed * 1000:.0f} ms after Ctrl-C")
