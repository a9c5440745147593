"""Record every attempt to reach a host other than loopback (loaded via PYTHONPATH).

With ``BDT_NETGUARD_LOG=FILE`` set, an audit hook appends one line to FILE for each
``socket.connect`` or ``socket.getaddrinfo`` whose host is not a loopback address, in this
process and in every Python process started with the same environment.  `make test` and
``tests/test_network.py`` fail when the file is not empty.  ``BDT_NETGUARD_SEEN`` (a file)
also records the loopback connections, which proves the hook was active.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("BDT_NETGUARD_LOG")
_SEEN = os.environ.get("BDT_NETGUARD_SEEN")


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in (None, "", "localhost", socket.gethostname()):
        return True  # the machine's own name: /etc/hosts (tests/test_politeness.py uses it)
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _write(path: str, event: str, host: object) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"pid={os.getpid()} {event} host={host!r} argv={' '.join(sys.argv)[:200]!r}\n")


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect":
        sock, address = args
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return  # Unix sockets stay on the machine
        host = address[0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if not _is_local(host):
        _write(_LOG, event, host)  # type: ignore[arg-type]
    elif _SEEN and event == "socket.connect":
        _write(_SEEN, event, host)


if _LOG:
    sys.addaudithook(_hook)
