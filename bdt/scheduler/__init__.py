"""The scheduling daemon (`bdt schedule`) and `bdt run-now`.

Entry points: `bdt.scheduler.daemon.run_daemon`, `bdt.scheduler.run_queue.request_run`,
options in `bdt.scheduler.options`; `python -m bdt.scheduler` runs the daemon.
"""
