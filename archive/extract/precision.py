"""How precise an extracted publication date is: a day, or a time of day.

A page that prints only "09/07/2021" gives a date; the extractor stores it as midnight
(``2021-07-09T00:00:00+07:00``).  ``published_precision`` tells that apart from a page
that really printed "00:00", so the clean archive can write a plain date for the first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from lxml import etree

from .dates import VN_TZ, find_dates

DAY, MINUTE = "day", "minute"
# the texts of ``tree.itertext()`` holding "00", as plain strings: several times faster;
# style sheets left out (no date is printed in CSS, and "#000", "100%" would each be searched).
# ``descendant::`` rather than ``.//``: libxml2 then does not gather every node first
_TEXTS_WITH_00 = etree.XPath("descendant::text()[contains(., '00')][not(parent::style)]",
                             smart_strings=False)


def published_precision(tree: Any, published: datetime | None) -> str | None:
    """``"minute"`` when the page shows the time, ``"day"`` when only the day; None if no date."""
    if published is None:
        return None
    local = published.astimezone(VN_TZ) if published.tzinfo else published
    if (local.hour, local.minute, local.second) != (0, 0, 0):
        return MINUTE
    # a date written in another time zone shows a day from two before to one after the local
    # one (offsets under 24 hours): its year is one of these (only such texts are searched)
    first, last = (str((local + timedelta(days=k)).year) for k in (-2, 1))
    for text in _TEXTS_WITH_00(tree):
        if (first in text or last in text) and any(
                hit.has_time and hit.value == published for hit in find_dates(text)):
            return MINUTE  # a real midnight, printed as such
    return DAY
