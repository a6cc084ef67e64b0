# SPDX-License-Identifier: BSL-1.0
"""One `chime-voice-local` process for the e2e scripts (run_e2e.py,
cli_parity.py, hostile_client.py, lifecycle.py): started on a port it picks
and writes to a port file, its stderr kept in a log file, stopped with
SIGTERM. Every wait is bounded."""
import os
import signal
import subprocess
import time


class LoopbackService:
    """argv: the service and its options, without --port/--port-file.
    error: the exception type the calling script reports failures with."""

    def __init__(self, argv, port_file, error=RuntimeError, preexec_fn=None):
        self.error = error
        self.port_file = port_file
        self.log_path = port_file + ".log"
        self.log_file = open(self.log_path, "w")
        self.proc = subprocess.Popen(list(argv) + ["--port", "0", "--port-file", port_file],
                                     stdout=subprocess.DEVNULL, stderr=self.log_file, preexec_fn=preexec_fn,
                                     close_fds=True)
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if self.proc.poll() is not None:
                raise error("chime-voice-local exited early:\n" + self.log())
            if time.monotonic() > deadline:
                raise error("chime-voice-local did not write its port file in 10 s")
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read().strip())
        self.url = "http://127.0.0.1:%d" % self.port

    def log(self):
        if not self.log_file.closed:
            self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self, strict=False):
        """Stops the service and returns its exit status; with strict, a
        non-zero status or a sanitizer report in its log is a failure."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise self.error("chime-voice-local did not stop on SIGTERM")
        self.log_file.close()
        if strict:
            log = self.log()
            if self.proc.returncode != 0 or "Sanitizer" in log or "runtime error:" in log:
                # The head of the log (where a sanitizer report starts) and its end.
                shown = log if len(log) <= 4000 else log[:3000] + "\n…\n" + log[-1000:]
                raise self.error("chime-voice-local exited with %s:\n%s" % (self.proc.returncode, shown))
        return self.proc.returncode
