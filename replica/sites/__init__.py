"""The replica sites, one module per CMS family."""

from replica.sites.aspnet import AspNetSite
from replica.sites.base import BaseSite, Request, Response
from replica.sites.joomla import JoomlaSite
from replica.sites.legacy import LegacySite
from replica.sites.liferay import LiferaySite
from replica.sites.liferay7 import Liferay7Site
from replica.sites.newspaper import NewspaperSite
from replica.sites.portal_dnn import PortalDnnSite
from replica.sites.sharepoint import SharePointSite
from replica.sites.wordpress import WordPressSite

SITES: dict[str, type[BaseSite]] = {
    cls.key: cls
    for cls in (
        LiferaySite,
        SharePointSite,
        AspNetSite,
        JoomlaSite,
        WordPressSite,
        NewspaperSite,
        LegacySite,
        PortalDnnSite,
        Liferay7Site,
    )
}

__all__ = ["SITES", "BaseSite", "Request", "Response"]
