"""`manage.py serve [addr:port]`: the development server and one job worker, stopped together.

`make run` uses it. Both children get this process's environment (DATABASE_URL
included), so the worker uses the same database as the site. Ctrl-C (SIGINT) or SIGTERM
stops both; if either stops on its own, the other is stopped too. In production run the
WSGI server and `manage.py procrastinate worker` as separate services instead.
"""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development server and a background-job worker together (Ctrl-C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, sys.argv[0]]
        children = [
            subprocess.Popen([*manage, "runserver", addrport]),
            subprocess.Popen([*manage, "procrastinate", "worker"]),
        ]
        stopping = []

        def stop(signum, _frame):
            stopping.append(signum)

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Server and worker stopped.")
