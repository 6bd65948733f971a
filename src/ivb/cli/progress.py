"""Progress of long commands (an import of gigabytes, a back-test of every municipality) on stderr, drawn by
tqdm, and only when stderr is a terminal: a pipe, a log file, CI and the tests get the command's output alone.

The commands' own code (storage, fetching, the domain) knows nothing of tqdm: it takes a plain callback,
`progress(done, total)`, that this module turns into a bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

from tqdm import tqdm

Report = Callable[..., None]
T = TypeVar("T")


def screen() -> TextIO:
    """Where bars go: stderr, as it is when the bar starts (a test puts a terminal in its place)."""
    return sys.stderr


def shown(stream: TextIO) -> bool:
    """A bar is drawn only for a person watching: the stream is a terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


@contextmanager
def progress(what: str, unit: str = "", *, total: int | None = None, size: bool = False) -> Iterator[Report]:
    """A bar named `what`, counting `unit`s (`size`: bytes, shown as kB/MB/GB). Yields
    `report(done, total=None, **notes)`: the position so far, the total once it is known, and short notes
    shown after the bar (such as the number of pages). The time left follows from the rate."""
    stream = screen()
    bar = tqdm(total=total, desc=what, unit="B" if size else unit, unit_scale=size, unit_divisor=1024 if size else 1000,
               file=stream, disable=not shown(stream), dynamic_ncols=True)  # left on screen: how long it took

    def report(done: int, total: int | None = None, **notes) -> None:
        if notes:
            bar.set_postfix(notes, refresh=False)
        if total is not None and total != bar.total:
            bar.total = total
            bar.n = done
            bar.refresh()  # a total just learnt is shown at once, with the time left
        else:
            bar.update(done - bar.n)

    try:
        yield report
    finally:
        bar.close()


def counted(items: Iterable[T], report: Report, every: int = 10_000) -> Iterator[T]:
    """The items of a lazy reader, passed on one by one, their number reported every `every` items."""
    n = 0
    for n, item in enumerate(items, 1):
        if n % every == 0:
            report(n)
        yield item
    report(n)
