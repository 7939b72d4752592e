"""Name resolution: commodity, country and element names as people write them.

Every interface resolves user input through these functions so that "rare earth",
"Rare Earths", "REE" and "rare-earths" all reach the same commodity, "Burma", "Myanmar" and
"MMR" the same country, and "li", "Lithium" the same element. Matching is tolerant of case,
spacing, punctuation, accents and simple plurals; an unknown name raises
:class:`UnknownNameError` with the closest known names (rapidfuzz ``QRatio``) as suggestions.

The candidate names come from the store (bundled reference tables loaded by
:func:`assay.analyses.build.load_reference`): ids, names, official names, ISO codes, USGS MCS
file codes, element symbols and the alias tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assay.store.db import Store

__all__ = [
    "UnknownNameError",
    "normalize_name",
    "resolve_commodity",
    "resolve_country",
    "resolve_element",
    "commodity_misnomer",
    "country_resolver",
]


class UnknownNameError(ValueError):
    """A name that resolves to nothing known.

    Attributes
    ----------
    kind : str
        'commodity', 'country' or 'element'.
    name : str
        The name as given.
    suggestions : list of str
        Closest known names, best first (may be empty).
    """

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions or [])
        message = f"unknown {kind} {name!r}."
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


_PUNCT = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Lower-case, accent- and punctuation-free name ("Côte d’Ivoire" -> "cote d ivoire")."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return _PUNCT.sub(" ", text.lower()).strip()


def _variants(key: str) -> list[str]:
    """Singular/plural variants of a normalised name, the name itself first."""
    out = [key]
    if key.endswith("ies"):
        out.append(key[:-3] + "y")
    if key.endswith("es"):
        out.append(key[:-2])
    if key.endswith("s"):
        out.append(key[:-1])
    else:
        out.append(key + "s")
    return out


@dataclass
class _Index:
    exact: dict[str, str]  # normalised name -> target id
    display: dict[str, str]  # display name -> target id (for suggestions)
    canonical: dict[str, str]  # target id -> its preferred display name
    case_sensitive: dict[str, str]  # exact spellings that must not be case-folded (symbols)


_CACHE: dict[tuple[str, int, str], tuple[int, _Index]] = {}


def _fingerprint(store: Store, kind: str) -> int:
    alias_table = _TABLE[kind]
    return int(
        store.con.execute(
            f"SELECT (SELECT count(*) FROM {alias_table}) * 100003 + (SELECT count(*) FROM {kind})"
        ).fetchone()[0]
    )


def _build_index(store: Store, kind: str) -> _Index:
    exact: dict[str, str] = {}
    display: dict[str, str] = {}
    case_sensitive: dict[str, str] = {}
    canonical: dict[str, str] = {}

    def add(name: str | None, target: str, show: bool = True) -> None:
        if not name:
            return
        key = normalize_name(name)
        if key and key not in exact:
            exact[key] = target
        if show:
            display.setdefault(str(name), target)
            canonical.setdefault(target, str(name))

    if kind == "commodity":
        for cid, name, code in store.con.execute(
            "SELECT id, name, mcs_code FROM commodity ORDER BY id"
        ).fetchall():
            add(name, cid)
            add(cid.replace("-", " "), cid, show=False)
            add(code, cid, show=False)
        for alias, cid in store.con.execute(
            "SELECT alias, commodity_id FROM commodity_alias ORDER BY is_misnomer, alias"
        ).fetchall():
            add(alias, cid)
        # element names and symbols reach the commodity they are the principal element of
        # (commodities of kind 'element' first, so that Ti is titanium, not its concentrates);
        # the rare-earth members reach rare earths
        rows = store.con.execute(
            """SELECT ce.symbol, e.name, ce.commodity_id
               FROM commodity_element ce JOIN element e USING (symbol)
               JOIN commodity c ON c.id = ce.commodity_id
               ORDER BY ce.role = 'principal' DESC, c.kind = 'element' DESC, c.id"""
        ).fetchall()
        for symbol, name, cid in rows:
            add(name, cid, show=False)
            case_sensitive.setdefault(symbol, cid)
    elif kind == "country":
        for iso3, iso2, name, official in store.con.execute(
            "SELECT iso3, iso2, name, official_name FROM country ORDER BY iso3"
        ).fetchall():
            add(name, iso3)
            add(official, iso3, show=False)
            add(iso3, iso3, show=False)
            add(iso2, iso3, show=False)
        for alias, iso3 in store.con.execute(
            "SELECT alias, iso3 FROM country_alias ORDER BY alias"
        ).fetchall():
            add(alias, iso3)
    elif kind == "element":
        for symbol, name in store.con.execute(
            "SELECT symbol, name FROM element ORDER BY atomic_number"
        ).fetchall():
            add(name, symbol)
            add(symbol, symbol, show=False)
            case_sensitive[symbol] = symbol
        # common alternative spellings of element names
        for alt, symbol in (("aluminum", "Al"), ("cesium", "Cs"), ("sulphur", "S")):
            if symbol in case_sensitive:
                add(alt, symbol, show=False)
    else:  # pragma: no cover - internal misuse
        raise ValueError(kind)
    return _Index(exact, display, canonical, case_sensitive)


_TABLE = {"commodity": "commodity_alias", "country": "country_alias", "element": "element"}


def _index(store: Store, kind: str) -> _Index:
    fp = _fingerprint(store, kind)
    key = (str(store.path), id(store.con), kind)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != fp:
        cached = (fp, _build_index(store, kind))
        _CACHE.pop(key, None)
        _CACHE[key] = cached
        # the web server opens a new cursor per request: keep the cache bounded
        while len(_CACHE) > 24:
            _CACHE.pop(next(iter(_CACHE)))
    return cached[1]


def _resolve(store: Store, kind: str, name: str, idx: _Index | None = None) -> str:
    if name is None or not str(name).strip():
        raise UnknownNameError(kind, str(name or ""), [])
    idx = idx or _index(store, kind)
    raw = str(name).strip()
    if raw in idx.case_sensitive:
        return idx.case_sensitive[raw]
    key = normalize_name(raw)
    for variant in _variants(key):
        if variant in idx.exact:
            return idx.exact[variant]
    if kind == "element":  # symbols are also fine in any case ("LI", "li")
        for symbol in idx.case_sensitive:
            if symbol.lower() == raw.lower():
                return symbol
    raise UnknownNameError(kind, raw, suggest(store, kind, raw))


def suggest(store: Store, kind: str, name: str, limit: int = 3) -> list[str]:
    """Names of the known targets closest to ``name``, best first.

    Every display name and alias is scored with rapidfuzz ``QRatio`` (normalised
    Levenshtein similarity, 0-100; cut-off 60); each target is suggested once, under its
    preferred name.
    """
    idx = _index(store, kind)
    choices = list(idx.display)
    matches = process.extract(
        normalize_name(name),
        [normalize_name(c) for c in choices],
        scorer=fuzz.QRatio,
        limit=limit * 4,
        score_cutoff=60,
    )
    out: list[str] = []
    seen_targets: set[str] = set()
    for _, _, position in matches:
        display = choices[position]
        target = idx.display[display]
        if target in seen_targets:
            continue
        seen_targets.add(target)
        out.append(idx.canonical.get(target, display))
        if len(out) == limit:
            break
    return out


def resolve_commodity(store: Store, name: str) -> str:
    """Commodity id (e.g. ``'rare-earths'``) for a name, alias, MCS code or element.

    Raises
    ------
    UnknownNameError
        With suggestions, when nothing matches.
    """
    return _resolve(store, "commodity", name)


def resolve_country(store: Store, name: str) -> str:
    """ISO 3166-1 alpha-3 code for a country name, alias, alpha-2 or alpha-3 code.

    Footnote markers glued to names in the USGS tables are not stripped here; the MCS
    importer does that before resolving.
    """
    return _resolve(store, "country", name)


def country_resolver(store: Store) -> Callable[[str], str]:
    """A :func:`resolve_country` bound to the store's current names, for bulk use.

    The index is built once; names added to the store afterwards are not seen. Importers
    resolve thousands of names with it without re-checking the tables each time.
    """
    idx = _index(store, "country")
    memo: dict[str, str] = {}

    def resolve(name: str) -> str:
        if name not in memo:
            memo[name] = _resolve(store, "country", name, idx)
        return memo[name]

    return resolve


def resolve_element(store: Store, name_or_symbol: str) -> str:
    """Element symbol (e.g. ``'Li'``) for a symbol in any case or an element name."""
    return _resolve(store, "element", name_or_symbol)


def commodity_misnomer(store: Store, name: str) -> dict[str, str] | None:
    """If ``name`` is a misnomer alias, ``{'alias', 'commodity_id', 'note'}``; else None."""
    key = normalize_name(name)
    for alias, cid, note in store.con.execute(
        "SELECT alias, commodity_id, note FROM commodity_alias WHERE is_misnomer"
    ).fetchall():
        if normalize_name(alias) in _variants(key):
            return {"alias": alias, "commodity_id": cid, "note": note or ""}
    return None
