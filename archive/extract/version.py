"""The extractor's version, recorded with every document version it makes."""

EXTRACTOR_VERSION = "1.3.0"  # 1.1: bare list items, captions, leads; 1.2: foreign pages;
# 1.3: marked-up bylines in the body (p.author, itemprop=author); no title, no date: not an article
