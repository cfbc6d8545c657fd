"""Open-data files: the RNA (associations) and SIRENE (legal units) registries."""
