"""WARC capture: record building, the rolling file writer, mending, reading, checks.

Plain Python (no Scrapy): the crawler's capture extension fills in
:class:`HttpExchange` objects and hands them to :class:`WarcFileWriter`.
"""

from archive.warc import brotli_compat
from archive.warc.check import check_warc
from archive.warc.exchange import HttpExchange, RevisitOf, WrittenExchange, WrittenRecord
from archive.warc.mend import MendReport, mend_open_files
from archive.warc.reader import StoredRecord, iter_records, read_payload, read_record
from archive.warc.records import payload_digest
from archive.warc.writer import WarcFileWriter

brotli_compat.install()

__all__ = [
    "HttpExchange",
    "MendReport",
    "RevisitOf",
    "StoredRecord",
    "WarcFileWriter",
    "WrittenExchange",
    "WrittenRecord",
    "check_warc",
    "iter_records",
    "mend_open_files",
    "payload_digest",
    "read_payload",
    "read_record",
]
