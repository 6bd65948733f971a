"""Live series that apps above the store add to every safety picture (the register its yearly counts).

The store sits below them and never imports them (docs/decisions/0030): they add their series at start-up, in
AppConfig.ready. A module of its own, so that start-up loads no picture maths."""

live_series: list = []  # functions: area -> list of SeriesData
live_stamps: list[str] = []  # SQL sub-selects for the data stamp (store.picture.data_stamp)


def add_live_series(series, stamps: list[str]) -> None:
    """`series(area)` gives live series that win over typed-in ones with the same key; `stamps` are SQL
    sub-selects (`(SELECT MAX(id) FROM t)`) that change whenever those series change."""
    if series not in live_series:
        live_series.append(series)
        live_stamps.extend(stamps)
