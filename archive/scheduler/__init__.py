"""The scheduling daemon (`bdt schedule`) and `bdt run-now`.

Entry points: `archive.scheduler.daemon.run_daemon`, `archive.scheduler.run_queue.request_run`,
options in `archive.scheduler.options`; `python -m archive.scheduler` runs the daemon.
"""
