"""`bdt serve`: the dashboard archivists open every morning (see `bdt.web.app`)."""
