"""One number formatter for every text surface (terminal tables, report prose).

Text output rounds to three significant figures and never uses scientific notation:
money reads ``$10 bn``, tonnages ``14.8 Mt``, plain numbers ``1.48 million``. Exact values
belong to the ``--json`` contract and are never formatted here.

Trailing zeros after the decimal point are dropped (``10 bn``, not ``10.0 bn``), so a value
shows at most ``digits`` significant figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

MISSING = "—"

# (threshold, divisor, suffix) from the largest down; the first threshold <= |x| is used
_MONEY_SCALES = ((1e12, 1e12, "tn"), (1e9, 1e9, "bn"), (1e6, 1e6, "m"), (1e3, 1e3, "k"))
_TONNE_SCALES = ((1e9, 1e9, "Gt"), (1e6, 1e6, "Mt"), (1e3, 1e3, "kt"))
_WORD_SCALES = ((1e12, 1e12, "trillion"), (1e9, 1e9, "billion"), (1e6, 1e6, "million"))
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def _finite(value: Any) -> float | None:
    """The value as a finite float, or None (None, NaN, inf, non-numbers)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def significant(value: float, digits: int = 3) -> str:
    """``value`` rounded to ``digits`` significant figures, positional notation.

    Parameters
    ----------
    value : float
        A finite number.
    digits : int
        Significant figures kept (>= 1).

    Returns
    -------
    str
        Thousands separated, no exponent, trailing decimal zeros dropped:
        ``significant(1234567)`` is ``'1,230,000'``, ``significant(0.000123456)`` is
        ``'0.000123'``.
    """
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    decimals = digits - 1 - exponent
    rounded = round(value, decimals)
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > exponent:
        decimals -= 1  # 999.6 rounds to 1000: one figure moved left of the point
    text = f"{rounded:,.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _scaled(x: float, scales: tuple[tuple[float, float, str], ...], digits: int) -> tuple[str, str]:
    for threshold, divisor, suffix in scales:
        # round first so that 999,999 t reads '1 Mt', not '1,000 kt'
        if abs(float(significant(x, digits).replace(",", ""))) >= threshold:
            return significant(x / divisor, digits), suffix
    return significant(x, digits), ""


def number(value: Any, digits: int = 3) -> str:
    """A plain number: ``1.48 million``, ``0.123``, ``12,300``; ``—`` when missing.

    Integers below a million are printed exactly (counts, years); other values are
    rounded to ``digits`` significant figures, with million/billion/trillion words from a
    million up.
    """
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int) and abs(value) < 1_000_000:
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    x = _finite(value)
    if x is None:
        return MISSING if value is None or _is_nan(value) else str(value)
    text, suffix = _scaled(x, _WORD_SCALES, digits)
    return f"{text} {suffix}" if suffix else text


def money(value: Any, currency: str = "USD", digits: int = 3) -> str:
    """An amount of money: ``$10 bn``, ``-$1.23 m``, ``$950 k``, ``EUR 12 m``.

    Parameters
    ----------
    value : float
        Amount [currency units].
    currency : str
        ISO 4217 code; USD, EUR and GBP get their sign, others the code as a prefix.
    """
    x = _finite(value)
    if x is None:
        return MISSING
    text, suffix = _scaled(abs(x), _MONEY_SCALES, digits)
    sign = "-" if x < 0 and text != "0" else ""
    prefix = _CURRENCY_SIGNS.get(currency.upper(), f"{currency} ")
    return f"{sign}{prefix}{text}{' ' + suffix if suffix else ''}"


def tonnes(value: Any, digits: int = 3) -> str:
    """A mass in metric tonnes: ``14.8 Mt``, ``891 Mt``, ``1.2 Gt``, ``950 kt``, ``12.3 t``.

    Parameters
    ----------
    value : float
        Mass [t].
    """
    x = _finite(value)
    if x is None:
        return MISSING
    text, suffix = _scaled(x, _TONNE_SCALES, digits)
    return f"{text} {suffix or 't'}"


def fraction(value: Any, digits: int = 3) -> str:
    """A probability or fraction in [0, 1], three significant figures: ``0.123``."""
    x = _finite(value)
    if x is None:
        return MISSING
    return significant(x, digits)


def percent(value: Any, digits: int = 3) -> str:
    """A fraction in [0, 1] as a percentage: ``12.3 %``."""
    x = _finite(value)
    if x is None:
        return MISSING
    return f"{significant(100 * x, digits)} %"


def yes_no(value: Any) -> str:
    """``yes``/``no`` for a flag (never Python's ``True``/``False``)."""
    if value is None:
        return MISSING
    return "yes" if bool(value) else "no"


def label(code: Any) -> str:
    """An internal code as words: ``offer_of_cooperation`` -> ``offer of cooperation``."""
    if code is None:
        return ""
    return str(code).replace("_", " ")


def listing(items: Iterable[Any]) -> str:
    """A list as text: ``CHN, RUS`` (never Python's ``['CHN', 'RUS']``)."""
    if isinstance(items, str):
        return items
    return ", ".join(label(item) for item in items)


def _is_nan(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


# -- the page and report filters (web and reports both use these; neither imports the other)
def _finite_or_text(value: Any) -> float | str:
    """``value`` as a finite float, or the text a filter shows instead ('–' for missing or
    not finite, the value itself when it is no number)."""
    if value is None:
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return x if math.isfinite(x) else "–"


def fmt_number(value: Any, digits: int = 3) -> str:
    """Human-readable number: thousands separators, ``digits`` significant decimals, '–'."""
    x = _finite_or_text(value)
    if isinstance(x, str):
        return x
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.{digits}g}" if abs(x) < 1 else f"{x:,.{max(digits - 1, 1)}f}"


def fmt_percent(value: Any, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage string."""
    x = _finite_or_text(value)
    return x if isinstance(x, str) else f"{100 * x:.{digits}f} %"


def cite(source: Mapping[str, Any] | None) -> str:
    """One-line citation of a source record: publisher, title, edition/year, table, DOI."""
    if not source:
        return "source not recorded"
    parts = [str(source.get("publisher") or "").strip(), str(source.get("title") or "").strip()]
    edition = source.get("edition") or source.get("year")
    if edition:
        parts.append(str(edition))
    if source.get("table_name"):
        parts.append(f"table {source['table_name']}")
    if source.get("doi"):
        parts.append(f"doi:{source['doi']}")
    return ", ".join(p for p in parts if p)
