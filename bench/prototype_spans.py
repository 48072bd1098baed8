#!/usr/bin/env python3
"""Experiment, not part of the validator: a vectorised span check to compare with checks/spans.py.

    python bench/prototype_spans.py DIR

checks/spans.py runs about five polars queries per (table, source) — 50,000 small queries on the
100k package, 2.5 million at 5M. This does the same comparison (text == source[start:end],
offsets in code points) in one vectorised pass per batch of sources: the batch's texts are joined
into one UTF-8 buffer, numpy finds the byte where each code point starts, the spans' byte ranges
are gathered from the buffer and compared with the cells' bytes. It prints, per table, the rows
it finds out of range or mismatched and the time, and the same for checks/spans.py, so that the
two can be compared on the same package (the copy with seeded errors shows both find the same
rows).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from validate.checks import spans  # noqa: E402
from validate.context import Context  # noqa: E402
from validate.descriptor import load_package  # noqa: E402
from validate.tables import cast_frame, read_text_frame  # noqa: E402

BATCH_SOURCES = 500


def span_rows(frame: pl.DataFrame, texts: dict[str, str]) -> tuple[list[int], list[int]]:
    """(rows out of range, rows whose text differs); frame has __row, source_id, start, end, text."""
    names = list(texts)
    chars = np.array([len(texts[n]) for n in names], dtype=np.int64)
    index = pl.DataFrame({"source_id": names, "__sidx": np.arange(len(names), dtype=np.int64)})
    frame = frame.join(index, on="source_id", how="inner")  # unknown sources: the key check's
    sidx = frame["__sidx"].to_numpy()
    start, end = frame["start"].to_numpy(), frame["end"].to_numpy()
    bad = (start < 0) | (end < start) | (end > chars[sidx])
    out_of_range = frame["__row"].to_numpy()[bad].tolist()
    frame = frame.filter(pl.Series(~bad)).with_columns(
        (pl.col("__sidx") // BATCH_SOURCES).alias("__batch")
    )
    mismatched: list[int] = []
    for (batch,), part in frame.partition_by("__batch", as_dict=True).items():
        first = int(batch) * BATCH_SOURCES
        block = names[first : first + BATCH_SOURCES]
        buffer = np.frombuffer("".join(texts[n] for n in block).encode("utf-8"), dtype=np.uint8)
        # byte offset where each code point starts, plus the end of the buffer
        cp_byte = np.append(np.flatnonzero((buffer & 0xC0) != 0x80), len(buffer))
        base = np.concatenate([[0], np.cumsum(chars[first : first + len(block)])])
        local = part["__sidx"].to_numpy() - first
        b_start = cp_byte[base[local] + part["start"].to_numpy()]
        b_end = cp_byte[base[local] + part["end"].to_numpy()]
        want = b_end - b_start
        cells = part["text"].to_arrow().cast(pa.large_string())
        have = pc.binary_length(cells).to_numpy(zero_copy_only=False)
        same_len = have == want
        rows = part["__row"].to_numpy()
        mismatched.extend(rows[~same_len].tolist())
        keep = np.flatnonzero(same_len & (want > 0))
        if not len(keep):
            continue
        cells = pc.take(cells, pa.array(keep))
        offsets = np.frombuffer(cells.buffers()[1], dtype=np.int64)[: len(keep) + 1]
        data = np.frombuffer(cells.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        lengths = want[keep]
        starts_out = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        gather = np.repeat(b_start[keep] - starts_out, lengths) + np.arange(lengths.sum())
        differs = np.add.reduceat((buffer[gather] != data).astype(np.int64), starts_out) > 0
        mismatched.extend(rows[keep][differs].tolist())
    return sorted(out_of_range), sorted(mismatched)


def main(argv: list[str]) -> int:
    package = load_package(argv[0] if argv else None)
    ctx = Context(package)
    for name, res in package.tables.items():
        text = read_text_frame(res)
        ctx.text[name] = text
        ctx.typed[name] = cast_frame(res, text)
    started = time.perf_counter()
    texts, _ = spans.load_sources(ctx)
    print(f"load_sources: {time.perf_counter() - started:.2f} s, {len(texts)} sources")
    total_new = 0.0
    for name, res in package.tables.items():
        if not all(res.field(f) for f in spans.SPAN_FIELDS):
            continue
        frame = ctx.rows(ctx.typed[name]).select("__row", *spans.SPAN_FIELDS).drop_nulls()
        t0 = time.perf_counter()
        out_of_range, mismatched = span_rows(frame, texts)
        new = time.perf_counter() - t0
        total_new += new
        t0 = time.perf_counter()
        old = list(spans._span_issues(name, frame, texts))
        old_s = time.perf_counter() - t0
        old_range = sorted(i.row for i in old if i.code == "span-out-of-range")
        old_mismatch = sorted(i.row for i in old if i.code == "span-mismatch")
        same = old_range == out_of_range and old_mismatch == mismatched
        print(
            f"{name:<22} rows {len(frame):>9}  vectorised {new:6.2f} s  checks/spans.py "
            f"{old_s:6.2f} s  out-of-range {len(out_of_range)}  mismatch {len(mismatched)}  "
            f"{'same rows' if same else 'DIFFERENT rows'}"
        )
    print(f"vectorised total {total_new:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
