"""Answer comparison for LogBench: engines print the same answer in
different clothes (CSV text, Python values, timestamps with or without `T`,
`Z` or `.000`, floats to different digits), so values are normalised first,
then rows are compared as multisets.
"""

import math
import re

INT = re.compile(r"^-?\d+$")
FLOAT = re.compile(r"^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
TIMESTAMP = re.compile(
    r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)(\.\d+)?(?:Z| ?UTC|[+-]00(?::?00)?)?$")


def value(v):
    """One value in a form every engine's answer can be compared in.
    NULL and the empty string are one (CSV cannot tell them apart)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    s = str(v).strip()
    if s == "":
        return None
    if INT.match(s):
        return int(s)
    if FLOAT.match(s):
        return float(s)
    m = TIMESTAMP.match(s)
    if m:
        day, clock, frac = m.groups()
        if len(clock) == 5:
            clock += ":00"
        frac = (frac or "").rstrip("0").rstrip(".")
        return f"{day} {clock}{frac}"
    return s


def rows(raw):
    return [tuple(value(v) for v in row) for row in raw]


def _key(row):
    exact = tuple((0, "") if v is None else (1, str(v)) for v in row if not isinstance(v, float))
    approx = tuple(v for v in row if isinstance(v, float))
    return exact, approx


def _same(a, b, tol):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or isinstance(a, str) or isinstance(b, str):
            return False
        return abs(a - b) <= max(tol, 1e-9) * max(abs(a), abs(b), 1e-12)
    return a == b


def agree(left, right, tol=1e-6):
    """(True, "") when the two answers hold the same rows, else (False, why)."""
    a, b = sorted(rows(left), key=_key), sorted(rows(right), key=_key)
    if len(a) != len(b):
        return False, f"{len(a)} rows against {len(b)}"
    for i, (ra, rb) in enumerate(zip(a, b)):
        if len(ra) != len(rb):
            return False, f"{len(ra)} columns against {len(rb)}"
        if not all(_same(x, y, tol) for x, y in zip(ra, rb)):
            return False, f"row {i + 1} (sorted): {ra!r} against {rb!r}"
    return True, ""


if __name__ == "__main__":
    # Self-check of the normal forms (python3 benches/compare.py).
    assert value("2026-11-01T05:00:00Z") == value("2026-11-01 05:00:00.000 UTC") == "2026-11-01 05:00:00"
    assert value("2026-11-01T05:00:00") == value("2026-11-01 05:00") == "2026-11-01 05:00:00"
    assert value("42") == 42 and value("0.5") == 0.5 and value("") is None and value("x") == "x"
    assert agree([["a", 1, 0.1000001]], [("a", "1", "0.1")])[0]
    assert not agree([["a", 1]], [["a", 2]])[0]
    assert agree([[None, 3]], [["", "3"]])[0]
    assert agree([["/p", 10, 1.0]], [["/p", 10, 1.1]], tol=0.15)[0]
    assert not agree([["/p", 10, 1.0]], [["/p", 10, 1.3]], tol=0.15)[0]
    print("compare.py: ok")
