"""Hostile input against the limits of issue 14 (item 2): time and memory for each refusal.

    PYTHONPATH=src .venv/bin/python bench/bounded_input.py

Memory is the peak of Python allocations during the call (tracemalloc) and the growth of the process's
maximum resident size (ru_maxrss); time is wall-clock, the median of 5 runs.
"""

import io
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivb.settings_test")
sys.path.insert(0, str(Path(__file__).parents[1]))

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIRequest  # noqa: E402

from ivb.domain.policy import validate_text  # noqa: E402
from ivb.store.observation_import import FileProblem, read_table  # noqa: E402
from tests import bombs  # noqa: E402


def measure(name, run, runs=5):
    run()  # warm: imports and caches are not what is measured
    times = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(runs):
        start = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(f"| {name} | {statistics.median(times) * 1000:.1f} ms (max {max(times) * 1000:.1f}) | "
          f"{peak / 1048576:.2f} MB | {rss_growth / 1024:.1f} MB | {answer} |")


def refused(content, name="bom.xlsx"):
    def run():
        try:
            read_table(name, content)
        except FileProblem as exc:
            return str(exc)
        return "NIET GEWEIGERD"
    return run


class Endless(io.RawIOBase):
    def __init__(self, size):
        self.head = (b"--g\r\nContent-Disposition: form-data; name=\"file\"; filename=\"groot.csv\"\r\n"
                     b"Content-Type: text/csv\r\n\r\n")
        self.tail, self.left = b"\r\n--g--\r\n", size
        self.length = len(self.head) + size + len(self.tail)

    def read(self, n=-1):
        if self.head:
            out, self.head = self.head, b""
            return out
        if self.left:
            chunk = min(self.left, 1 << 16)
            self.left -= chunk
            return b"x" * chunk
        out, self.tail = self.tail, b""
        return out


def upload(size):
    def run():
        body = Endless(size)
        request = WSGIRequest({"REQUEST_METHOD": "POST", "PATH_INFO": "/", "wsgi.input": body,
                               "CONTENT_TYPE": "multipart/form-data; boundary=g", "CONTENT_LENGTH": str(body.length)})
        f = request.FILES["file"]
        return f"{type(f).__name__}, {f.size:,} bytes counted"
    return run


def policy(text):
    def run():
        problems = validate_text(text).problems
        return problems[0].render("f") if problems else "geldig"
    return run


if __name__ == "__main__":
    lisse = (Path(__file__).parents[1] / "src/ivb/policies/lisse-2020-2023.yaml").read_text()
    i = lisse.index("    indicators:\n") + len("    indicators:\n")
    one = ("      - key: x{k}\n        name: Extra {k}\n        series: vm.rapportcijfer_veiligheid_buurt\n"
           "        unit: grade\n        source: Veiligheidsmonitor\n        direction: higher_is_better\n"
           "        ref: \"x\"\n")
    filled = lisse[:i] + "".join(one.format(k=k) for k in range(190)) + lisse[i:]
    print("| input | time | peak Python memory | process growth | answer |")
    print("|---|---|---|---|---|")
    measure(f"XLSX dimension bomb ({len(bombs.dimension_bomb()):,} bytes, A1:XFD1048576)", refused(bombs.dimension_bomb()))
    measure("XLSX with a cell in column XFD", refused(bombs.wide_row()))
    measure(f"XLSX zip bomb ({len(bombs.zip_bomb(200)):,} bytes, 200 MB shared strings)", refused(bombs.zip_bomb(200)))
    measure("upload of 1 GB streamed in (limit 50 MB)", upload(1024 ** 3), runs=1)
    measure("policy nested 130,000 deep (260 kB)", policy("a: " + "[" * 130_000))
    measure(f"policy: Lisse + 190 indicators ({len(filled.encode()) // 1024} kB, valid)", policy(filled), runs=3)
    worst = lisse[:i] + "".join(one.format(k=k) for k in range(1000)) + lisse[i:]
    measure(f"policy: Lisse + 1,000 indicators ({len(worst.encode()) // 1024} kB, parsed whole, then refused)",
            policy(worst), runs=3)
    measure("policy of 1 MB (refused by size)", policy("# x\n" * 262_144))
