"""HTTP: thin views that turn requests into use-case calls and results into pages."""
