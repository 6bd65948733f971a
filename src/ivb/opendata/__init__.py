"""Official statistics in: readers for CBS StatLine and the police open data, the table definitions and
code mappings (shipped as data), and the import into the store."""
