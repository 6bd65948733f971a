"""Download a table from CBS's OData service (v3, the one StatLine's open data offers), page by page, with
retries, keeping every raw page with the date it was fetched. Only when a user asks: IVB never downloads on
its own. No Django here."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ivb.domain.opendata_tables import Table
from ivb.opendata.readers import OpenDataError

DEFAULT_BASE = "https://opendata.cbs.nl/ODataApi/odata"
MAX_PAGES = 10_000


def first_url(base: str, table: Table, areas: list[str]) -> str:
    """TypedDataSet of the table, filtered to these municipalities and their wijken and buurten."""
    dim = table.region_dimension
    parts = []
    for area in areas:
        digits = area[2:]
        parts += [f"startswith({dim},'GM{digits}')", f"startswith({dim},'WK{digits}')",
                  f"startswith({dim},'BU{digits}')"] if area.startswith("GM") else [f"startswith({dim},'{area}')"]
    query = {"$format": "json"}
    if parts:
        query["$filter"] = " or ".join(parts)
    return f"{base.rstrip('/')}/{table.id}/TypedDataSet?{urllib.parse.urlencode(query, safe='$,()')}"


def fetch_pages(url: str, folder: Path, *, retries: int = 3, timeout: float = 60, pause: float = 1.0,
                opener=urllib.request.urlopen, progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Follow `odata.nextLink` until the last page. Each page is saved as it arrives; `bron.json` records
    where from and when. `progress(pages, bytes)` is told the pages and bytes fetched so far."""
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    received = 0
    record: dict[str, Any] = {"url": url, "opgehaald": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "paginas": []}
    while url:
        if len(pages) >= MAX_PAGES:
            raise OpenDataError(f"meer dan {MAX_PAGES} pagina's; is het filter te ruim?")
        body = _get(url, retries=retries, timeout=timeout, pause=pause, opener=opener)
        try:
            data = json.loads(body)
        except ValueError:
            raise OpenDataError(f"{url}: het antwoord is geen JSON") from None
        path = folder / f"pagina-{len(pages) + 1:04d}.json"
        path.write_bytes(body)
        pages.append(path)
        received += len(body)
        if progress:
            progress(len(pages), received)
        record["paginas"].append({"bestand": path.name, "url": url})
        url = (data.get("odata.nextLink") or "") if isinstance(data, dict) else ""
    (folder / "bron.json").write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    return pages


def fetch_periods(base: str, table: Table, folder: Path, **options) -> bytes:
    """The table's Perioden metadata, which says which periods are still provisional; kept beside the pages."""
    url = f"{base.rstrip('/')}/{table.id}/Perioden?$format=json"
    body = _get(url, retries=options.get("retries", 3), timeout=options.get("timeout", 60),
                pause=options.get("pause", 1.0), opener=options.get("opener", urllib.request.urlopen))
    (folder / "perioden.json").write_bytes(body)
    return body


def _get(url: str, *, retries: int, timeout: float, pause: float, opener) -> bytes:
    last = ""
    for attempt in range(1, retries + 1):
        try:
            with opener(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=timeout) as r:
                return r.read()
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code != 429:
                break  # the request itself is wrong: asking again will not help
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last = str(getattr(exc, "reason", exc))
        if attempt < retries:
            time.sleep(pause * 2 ** (attempt - 1))
    raise OpenDataError(f"kan {url} niet ophalen ({last}); probeer het later opnieuw of download het bestand zelf")
