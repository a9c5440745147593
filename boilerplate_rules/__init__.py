"""The boilerplate rule files (``*.yaml``), shipped inside the installed package.

Nothing to import: ``archive.extract.rules`` finds this directory and loads the files.
"""
