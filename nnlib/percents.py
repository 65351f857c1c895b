"""How the course writes a share as a percentage: never 0% or 100% unless it is exact.

``percent(count, total)`` rounds down to a tenth of a percent, so 199 of 200 is "99.5%"
and 1995 of 2000 "99.7%"; only a share that is exactly 0 reads "0%" (1 of 2000 is
"0.05%": below a tenth, the first non-zero digit is kept). ``share(fraction)`` writes
a fraction of 1 the same way, to whole percents where that is not 0% or 100%.
"""
from __future__ import annotations

from fractions import Fraction


def percent(count: int, total: int) -> str:
    """count / total as a percentage, rounded down: "100%" and "0%" only when exact."""
    return _write(Fraction(int(count), int(total)) * 100, decimals=1)


def share(fraction: float, decimals: int = 0, *, strip: bool = True) -> str:
    """A fraction in [0, 1] as a percentage to ``decimals`` places, rounded to the
    nearest, except that a fraction that is not exactly 0 or 1 never reads "0%" or "100%".
    ``strip=False`` keeps trailing zeros ("96.0%"), as Python's ``:.1%`` writes them."""
    value = Fraction(float(fraction)) * 100
    text = f"{float(value):.{decimals}f}"
    if 0 < value < 100 and float(text) in (0.0, 100.0):
        return _write(value, decimals=max(decimals, 1))
    return (_strip(text) if strip else text) + "%"


def _write(value: Fraction, decimals: int) -> str:
    """value (a percentage) rounded down to ``decimals`` places, and further down below
    a tenth, until a non-zero value shows a non-zero digit."""
    places = decimals
    while 0 < value and int(value * 10 ** places) == 0:
        places += 1
    shown = Fraction(int(value * 10 ** places), 10 ** places)  # rounded down, exactly
    return _strip(f"{float(shown):.{places}f}") + "%"


def _strip(text: str) -> str:
    """ "66.0" -> "66", "66.6" stays: a whole percentage is written without decimals."""
    return text.rstrip("0").rstrip(".") if "." in text else text
