"""The CMS families the extractor knows, in the order fingerprinting prefers them.

One list for the registry (`cms:` of a site entry) and the rules (`boilerplate_rules/`).
"""

FAMILIES = ("liferay", "sharepoint", "aspnet", "joomla", "wordpress", "3cms", "table",
            "newspaper", "generic")
