"""Pure domain layer: no Django, no database. Plain values in, plain results out."""
