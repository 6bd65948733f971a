"""IVB: integral safety policy (integraal veiligheidsbeleid) for Dutch municipalities."""

__version__ = "0.1.0"
