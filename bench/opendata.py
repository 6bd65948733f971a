"""Benchmark: the whole country at buurt level per month (police table 47022NED's shape), imported by IVB
against plain DuckDB reading and aggregating the same file, in one run.

The file: the 59 real crime codes × the 18,312 real regions (342 gemeenten, 3,394 wijken, 14,575 buurten,
CBS indeling 2024, shipped in `ivb/data`) × 12 months × 12 years (2012-2023), as a StatLine Untyped CSV (`;`,
quoted, padded keys). Values are synthetic: Poisson counts whose levels follow real data (a buurt's yearly
total drawn from the real 2023 buurt totals of Hillegom, Lisse and Teylingen; wijken and gemeenten scaled by
their number of buurten; crime types in their national shares), so zeros are as common as in real monthly
buurt figures.

Four timings, each in its own process (so peak memory is its own):
- duckdb-country: DuckDB reads the file and sums municipality rows per crime type and month;
- ivb-country: `ivb opendata import FILE --country` into a fresh SQLite database (reading and splitting
  every row, checking every municipality row cell by cell, summing, storing the 8,496 national figures,
  the file's SHA-256);
- duckdb-filter: DuckDB reads the file and keeps the rows of Hillegom, Lisse and Teylingen with their wijken
  and buurten;
- ivb-filter: `ivb opendata import FILE --area GM0534 --area GM0553 --area GM1525`, reading every row,
  checking those municipalities' rows cell by cell and storing their figures (about a million observations).

    .venv/bin/python bench/opendata.py [--years 12] [--keep FILE]

The file takes about 8 GB in the system's temporary directory while the benchmark runs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
HLT_EXTRACT = HERE.parent / "tests" / "data" / "opendata" / "PolRegCrime47018_2023_extract_HLT.csv"
NATIONAL_SHARES = HERE.parent.parent / "shared" / "data" / "opendata" / "bernasco-staat-van-de-misdaad" / "NL_Crime.csv"
AREAS = ["GM0534", "GM0553", "GM1525"]


def regions() -> list[tuple[str, str]]:
    raw = resources.files("ivb.data").joinpath("regions-2024.csv.gz").read_bytes()
    rows = list(csv.reader(io.StringIO(gzip.decompress(raw).decode()), delimiter=";"))[1:]
    return [(code, municipality) for code, _name, municipality in rows if code[:2] in ("GM", "WK", "BU")]


def codes() -> list[str]:
    import yaml

    data = yaml.safe_load(resources.files("ivb.data").joinpath("police-codes.yaml").read_text())
    return list(data["crime"])


def shares(crime_codes: list[str]) -> np.ndarray:
    """Each type's share of all registered crime: from the national 2023 counts when the shared data is there,
    else equal shares. 0.0.0 (the total) is the sum of the others."""
    import yaml

    names = yaml.safe_load(resources.files("ivb.data").joinpath("police-codes.yaml").read_text())["crime"]
    counts = {}
    if NATIONAL_SHARES.exists():
        for row in csv.DictReader(NATIONAL_SHARES.open(encoding="utf-8")):
            if row["year"] == "2023":
                counts[row["incident_type_code"].strip()] = float(row["incident_count"])
    by_code = np.array([counts.get(f"{c} {names[c]}", counts.get(names[c], 0.0)) for c in crime_codes])
    by_code[0] = 0.0
    if by_code[1:].sum() == 0:
        by_code[1:] = 1.0
    by_code = by_code / by_code[1:].sum()
    by_code[0] = 1.0  # the total: all of it
    return by_code


def buurt_totals() -> np.ndarray:
    rows = csv.DictReader(HLT_EXTRACT.open(encoding="utf-8"))
    return np.array([float(r["GeregistreerdeMisdrijven_1"]) for r in rows if r["GeregistreerdeMisdrijven_1"]])


def generate(path: Path, years: int, seed: int = 47022) -> int:
    import polars as pl

    rng = np.random.default_rng(seed)
    region_list = regions()
    crime = codes()
    share = shares(crime)
    n_bu_per = {}
    for code, municipality in region_list:
        if code.startswith("BU"):
            n_bu_per[municipality] = n_bu_per.get(municipality, 0) + 1
            n_bu_per[f"WK{code[2:8]}"] = n_bu_per.get(f"WK{code[2:8]}", 0) + 1
    empirical = buurt_totals()
    yearly = np.array([rng.choice(empirical) * (n_bu_per.get(code, 1) if code[:2] in ("GM", "WK") else 1)
                       for code, _m in region_list])
    labels = pl.Series([f"{code:<10}" for code, _m in region_list])
    crime_labels = pl.Series([f"{c:<6}" for c in crime])
    lam = (yearly[:, None] * share[None, :] / 12.0).ravel()  # region-major, then crime
    n_region, n_crime = len(region_list), len(crime)
    rows = 0
    with path.open("wb") as out:
        out.write('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'.encode())
        for y in range(2012, 2012 + years):
            for month in range(1, 13):
                values = rng.poisson(lam).astype(np.int32)
                idx = np.arange(n_region * n_crime)
                frame = pl.DataFrame({
                    "ID": pl.Series(np.arange(rows, rows + idx.size)).cast(pl.Utf8),
                    "SoortMisdrijf": crime_labels.gather(idx % n_crime),
                    "WijkenEnBuurten": labels.gather(idx // n_crime),
                    "Perioden": pl.repeat(f"{y}MM{month:02d}", idx.size, eager=True),
                    "GeregistreerdeMisdrijven_1": pl.Series(values).cast(pl.Utf8).str.pad_start(8),
                })
                buffer = io.BytesIO()
                frame.write_csv(buffer, separator=";", quote_style="always", include_header=False)
                out.write(buffer.getvalue())
                rows += idx.size
    return rows


DUCKDB_COUNTRY = """
SELECT trim(SoortMisdrijf) AS code, Perioden, SUM(CAST(trim(GeregistreerdeMisdrijven_1) AS BIGINT)) AS n
FROM read_csv(?, delim=';', header=true, quote='"', all_varchar=true)
WHERE WijkenEnBuurten LIKE 'GM%' GROUP BY ALL"""
DUCKDB_FILTER = """
SELECT trim(SoortMisdrijf), trim(WijkenEnBuurten), Perioden, CAST(trim(GeregistreerdeMisdrijven_1) AS BIGINT)
FROM read_csv(?, delim=';', header=true, quote='"', all_varchar=true)
WHERE substr(WijkenEnBuurten, 3, 4) IN ('0534', '0553', '1525')
  AND substr(WijkenEnBuurten, 1, 2) IN ('GM', 'WK', 'BU')"""


def child(case: str, path: str) -> dict:
    """Runs in its own process: one timing and this process's peak memory."""
    start = time.perf_counter()
    if case.startswith("duckdb"):
        import duckdb

        con = duckdb.connect()
        con.execute("SET threads TO 2")
        con.execute("SET enable_progress_bar = false")
        rows = con.execute(DUCKDB_COUNTRY if case == "duckdb-country" else DUCKDB_FILTER, [path]).fetchall()
        result = {"rows": len(rows)}
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivb.settings")
        os.environ["DEBUG"] = "1"
        os.environ["IVB_DATA_DIR"] = tempfile.mkdtemp(prefix="ivb-bench-")
        from ivb.cli import main

        main(["setup"])
        start = time.perf_counter()  # the import itself, not creating the database
        args = ["opendata", "import", path, "--table", "47022NED"]
        args += ["--country"] if case == "ivb-country" else [x for a in AREAS for x in ("--area", a)]
        code = main(args)
        from ivb.store.models import Observation

        result = {"exit": code, "rows": Observation.objects.count()}
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(case: str, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case, path], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(f"{case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--keep", help="reuse (or write and keep) the generated file here")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ivb-47022-")) / "47022NED_bench.csv"
    if not path.exists():
        start = time.perf_counter()
        rows = generate(path, args.years)
        print(f"generated {rows:,} rows, {path.stat().st_size / 1e9:.2f} GB in {time.perf_counter() - start:.0f} s")
    print(f"file: {path} ({path.stat().st_size / 1e9:.2f} GB)")
    results = {}
    for case in ("duckdb-country", "ivb-country", "duckdb-filter", "ivb-filter"):
        results[case] = run(case, str(path))
        r = results[case]
        print(f"{case:15s} {r['seconds']:8.1f} s   peak {r['peak_mb']:8.0f} MB   rows {r['rows']:,}"
              + (f"   exit {r['exit']}" if "exit" in r else ""))
    for what in ("country", "filter"):
        ratio = results[f"ivb-{what}"]["seconds"] / results[f"duckdb-{what}"]["seconds"]
        print(f"ratio ivb/duckdb, {what}: {ratio:.2f}× (aim ≤ 1.5×)")
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
