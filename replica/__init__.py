"""Replica sites of provincial ethnic-affairs agencies, served on loopback for tests and demos."""

from replica.content import Article
from replica.manifest import SiteManifest
from replica.server import ReplicaServer, RequestLogEntry
from replica.wire import SentResponse

__all__ = ["Article", "ReplicaServer", "RequestLogEntry", "SentResponse", "SiteManifest"]
