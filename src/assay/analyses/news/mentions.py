"""Gazetteer mentions: commodities and elements, groups, countries, regions and people.

Matching is by compiled, longest-first alternations of the gazetteer names with word
boundaries (the technique of spaCy's ``PhraseMatcher``/``EntityRuler`` without needing
spaCy), over text whose typographic punctuation was folded length-preservingly.

- Elements, minerals, materials and group words ('rare earths', 'lanthanides', 'critical
  minerals') match case-insensitively. Element names come from the store's ``element``
  table; minerals and group words from ``news_terms.csv``; commodity names and aliases from
  the store. Two-letter element symbols match only with their exact case and only outside a
  stop list of English words and abbreviations ('In', 'As', 'Be', 'US', ...).
- Misspelt element names ('neodimium', 'germainium') are recovered with rapidfuzz's
  normalised Indel similarity (``fuzz.ratio``; Bachmann 2021, rapidfuzz) at a cut-off of
  85, tried only on words ending in '-ium'/'-um' that are not in a stop list.
- Countries (pycountry plus ``news_country_aliases.csv`` and the store's aliases, demonyms
  and capitals used as metonyms), sub-national regions (``news_regions.csv``) and people
  (``news_actors.csv``) match with their exact case.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from rapidfuzz import fuzz, process

from assay.analyses.news.knowledge import KnowledgeBase
from assay.analyses.news.text import WordIndex, scan

#: Words ending in -ium/-um that are not element names.
FUZZY_STOPWORDS = {
    "premium",
    "minimum",
    "maximum",
    "medium",
    "stadium",
    "forum",
    "album",
    "museum",
    "memorandum",
    "consortium",
    "momentum",
    "spectrum",
    "podium",
    "equilibrium",
    "moratorium",
    "referendum",
    "symposium",
    "millennium",
    "curriculum",
    "aquarium",
    "gymnasium",
    "petroleum",
    "opium",
    "sodium",
    "belgium",
    "condominium",
    "continuum",
    "quantum",
    "vacuum",
    "optimum",
    "tedium",
    "delirium",
    "pandemonium",
    "auditorium",
    "crematorium",
    "emporium",
    "sanatorium",
    "compendium",
    "honorarium",
    "planetarium",
    "decorum",
}
#: Element symbols that are also common words or abbreviations: never matched as symbols.
SYMBOL_STOPLIST = {
    "In", "As", "At", "Be", "He", "No", "Os", "Am", "Es", "Ga", "Co", "Pa", "Po", "Re", "Si",
    "Er", "Ho", "Pm", "Tm", "Sc", "Ca", "Cf", "Md", "Mt", "Db", "Ds", "Hs", "Nh", "Lv", "Og",
    "Ts", "Fl", "Mc", "Cn", "Rg", "Bh", "Sg", "Rf", "Lr", "Fm", "Bk", "Cm", "Np", "Pu", "Ac",
    "Th", "Ra", "Fr", "Rn", "Ir", "Pt", "Au", "Ag", "Al", "Ar", "Ne", "Na", "Pb", "Bi", "Hg",
    "Cd", "Pd", "Rh", "Ru", "Tc", "Mo", "Nb", "Sr", "Rb", "Kr", "Br", "Se", "Ge", "Zn", "Cu",
    "Fe", "Cr", "Ti", "Cl", "Mg", "Li", "Ni", "Mn", "Sn", "Sb", "Te", "Xe", "Cs", "Ba", "Hf",
    "Ta", "Tl", "Zr", "Eu", "Ce", "La", "Yb",
}  # fmt: skip
#: A word (a maximal run of ASCII letters) of six or more letters ending in 'um': a
#: candidate misspelt element name, found without visiting every word of the text.
_UM_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,}[uU][mM](?![A-Za-z])")
_BOUND_L = r"(?<![\w-])"
_BOUND_R = r"(?![\w])"


def _um_words(text: str, words: WordIndex | None) -> list[re.Match[str]] | Any:
    """The matches of :data:`_UM_WORD` in ``text``. A match is letters only, so it lies
    inside one word of the :class:`~.text.WordIndex` and that word holds 'um': only those
    words are searched (the same matches, in the same order)."""
    if words is None:
        return _UM_WORD.finditer(text)
    spans = sorted((i, i + len(w)) for w, at in words.words.items() if "um" in w for i in at)
    return [m for a, b in spans for m in _UM_WORD.finditer(text, a, b)]


#: Element names that are also common English words, kept only in a mineral context.
AMBIGUOUS_NAMES = {"lead", "tin"}
_MINERAL_CONTEXT = re.compile(
    r"\b(?:zinc|copper|silver|ore|ores|mine[sd]?|mining|smelt\w*|production|produc\w+|"
    r"reserves?|prices?|metals?|concentrates?|batter(?:y|ies)|refin\w*|tonnes?|tons?|"
    r"alloy\w*|solder|minerals?|deposits?|exports?|imports?)\b",
    re.IGNORECASE,
)


#: 'a technological lead', 'its commanding lead', 'take the lead': the noun of advantage.
_ADVANTAGE_BEFORE = re.compile(
    r"\b(?:technological|technology|tech|commanding|comfortable|early|strong|big|clear|"
    r"narrow|decisive|its|their|his|her|our|a|take\s+the|in\s+the)\s+$",
    re.IGNORECASE,
)
#: 'lead ore', 'lead production', 'lead-acid': the metal after all.
_METAL_NOUN_AFTER = re.compile(
    r"[\s-]*(?:ores?|production|output|mines?|mining|prices?|concentrates?|smelt\w*|"
    r"reserves|acid|batter\w*|metal|ingots?|and\s+zinc|refin\w*)\b",
    re.IGNORECASE,
)


def _plausible(text: str, m: re.Match[str], entry: dict[str, Any]) -> bool:
    """False for an ambiguous name used as an ordinary word ('to lead talks')."""
    if entry.get("name") not in AMBIGUOUS_NAMES:
        return True
    before = text[max(0, m.start() - 40) : m.start()]
    after = text[m.end() : m.end() + 40]
    if before.rstrip().endswith(",") or after.lstrip().startswith(","):
        return True  # in a list of commodities
    if (
        entry.get("name") == "lead"
        and _ADVANTAGE_BEFORE.search(before)
        and not _METAL_NOUN_AFTER.match(after)
    ):
        return False  # 'China's technological lead and market dominance (60% of ...)'
    return bool(_MINERAL_CONTEXT.search(before) or _MINERAL_CONTEXT.search(after))


def _alternation(names: list[str]) -> str:
    """A regular expression matching any of ``names``, longest first, as a character trie.

    Factoring common prefixes ('rare earth', 'rare earths', 'rare-earth ...') makes the
    pattern fail fast at positions where no name starts, which a flat alternation of a few
    hundred names does not (Python's ``re`` tries every branch at every position).
    """
    trie: dict[str, Any] = {}
    for name in {n for n in names if n}:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # greedy optional: the longer name is tried first
        return "(?:" + body + ")?"
    return body


class Lexicon:
    """Compiled matchers built from a :class:`KnowledgeBase` (built once per process)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        entries: dict[str, dict[str, Any]] = {}
        for sym, el in kb.elements.items():
            entries[el["name"].lower()] = {
                "kind": "element",
                "ref": sym,
                "name": el["name"].lower(),
                "is_rare_earth": bool(el.get("is_rare_earth")),
            }
        for cname, cid in kb.commodity_names.items():
            if cname not in entries and len(cname) > 3:
                entries[cname] = {"kind": "commodity", "ref": cid, "name": cid}
        for alias, (cid, note) in kb.misnomers.items():
            entries.setdefault(
                alias,
                {"kind": "commodity", "ref": cid, "name": cid, "misnomer": True, "note": note},
            )
        for term, row in kb.terms.items():
            if row["kind"] == "element":
                el = kb.elements.get(row["ref"])
                if el:
                    entries[term] = {
                        "kind": "element",
                        "ref": row["ref"],
                        "name": el["name"].lower(),
                        "is_rare_earth": bool(el.get("is_rare_earth")),
                    }
                continue
            entry = {"kind": row["kind"], "ref": row["ref"], "name": term, "note": row["note"]}
            if row["kind"] in ("mineral", "material"):
                entry["is_rare_earth"] = False
                entry["ree_bearing"] = row.get("ree_bearing") == "true"
                # a mineral that is itself a statistics commodity (graphite, fluorspar), not
                # an ore of another one (spodumene for lithium, ilmenite for titanium)
                entry["is_commodity"] = kb.resolve_commodity(term) == term
            entries[term] = entry
        # abbreviations (REE, REO, NdPr) are matched with their exact case
        abbrev = {t for t, row in kb.terms.items() if any(c.isupper() for c in row["term"][1:])}
        self.entries = {t: e for t, e in entries.items() if t not in abbrev}
        self.abbrev_written = {kb.terms[t]["term"]: entries[t] for t in abbrev}
        for sym, el in kb.elements.items():
            if len(sym) == 2 and sym not in SYMBOL_STOPLIST:
                self.abbrev_written[sym] = {
                    "kind": "element",
                    "ref": sym,
                    "name": el["name"].lower(),
                    "is_rare_earth": bool(el.get("is_rare_earth")),
                    "symbol": True,
                }
        self.term_rx = (
            re.compile(
                _BOUND_L + r"(?:" + _alternation(list(self.entries)) + r")" + r"(?:s)?" + _BOUND_R,
                re.IGNORECASE,
            )
            if self.entries
            else None
        )
        self.abbrev_rx = (
            re.compile(
                _BOUND_L + r"(?:" + _alternation(list(self.abbrev_written)) + r")" + _BOUND_R
            )
            if self.abbrev_written
            else None
        )
        self.element_names = [e["name"].lower() for e in kb.elements.values()]

        self.country_aliases = dict(kb.country_aliases)
        self.country_rx = re.compile(
            _BOUND_L + r"(?:" + _alternation(list(self.country_aliases)) + r")" + _BOUND_R
        )
        self.region_index: dict[str, dict[str, Any]] = {}
        for region in kb.regions:
            for alias in region["aliases"]:
                self.region_index.setdefault(alias, region)
        self.region_rx = re.compile(
            _BOUND_L + r"(?:" + _alternation(list(self.region_index)) + r")" + _BOUND_R
        )
        self.actor_rx = (
            re.compile(_BOUND_L + r"(?:" + _alternation(list(kb.actors)) + r")" + _BOUND_R)
            if kb.actors
            else None
        )

    # -- commodities ----------------------------------------------------------------------
    def _entry_for(self, written: str) -> dict[str, Any] | None:
        low = written.lower()
        if low in self.entries:
            return self.entries[low]
        if low.endswith("s") and low[:-1] in self.entries:
            return self.entries[low[:-1]]
        return None

    def commodities(self, text: str, words: WordIndex | None = None) -> list[dict[str, Any]]:
        """Element, mineral, material, commodity and group mentions in ``text`` (``words``:
        its :class:`~.text.WordIndex`, to try the names only where their first words
        are; the same mentions)."""
        out: list[dict[str, Any]] = []
        taken: list[tuple[int, int]] = []
        if self.term_rx is not None:
            for m in scan(self.term_rx, text, words):
                entry = self._entry_for(m.group(0))
                if entry is None:
                    continue
                if not _plausible(text, m, entry):
                    continue
                out.append({"text": m.group(0), "span": [m.start(), m.end()], **entry})
                taken.append(m.span())
        if self.abbrev_rx is not None:
            for m in scan(self.abbrev_rx, text, words):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                entry = self.abbrev_written[m.group(0)]
                out.append({"text": m.group(0), "span": [m.start(), m.end()], **entry})
                taken.append(m.span())
        if self.element_names:
            for m in _um_words(text, words):
                word = m.group(0).lower()
                if word in FUZZY_STOPWORDS or word in self.entries:
                    continue
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                best = process.extractOne(
                    word, self.element_names, scorer=fuzz.ratio, score_cutoff=85
                )
                if best is None:
                    continue
                el = self.kb.element_by_name(best[0])
                out.append(
                    {
                        "text": m.group(0),
                        "span": [m.start(), m.end()],
                        "kind": "element",
                        "ref": el["symbol"] if el else None,
                        "name": best[0],
                        "is_rare_earth": bool(el and el.get("is_rare_earth")),
                        "misspelt": True,
                        "score": round(best[1], 1),
                    }
                )
        out.sort(key=lambda x: x["span"][0])
        return out

    # -- places and people ----------------------------------------------------------------
    def regions(self, text: str, words: WordIndex | None = None) -> list[dict[str, Any]]:
        out = []
        for m in scan(self.region_rx, text, words):
            r = self.region_index[m.group(0)]
            out.append(
                {
                    "text": m.group(0),
                    "span": [m.start(), m.end()],
                    "name": r["name"],
                    "code": r["code"] or None,
                    "iso3": r["iso3"] or None,
                    "kind": r["kind"],
                    "note": r["note"] or None,
                }
            )
        return out

    def countries(
        self,
        text: str,
        exclude: list[list[int]] | None = None,
        words: WordIndex | None = None,
    ) -> list[dict[str, Any]]:
        out = []
        # region spans sorted by start: an overlap test is one bisection, not a scan
        spans = sorted((s, e) for s, e in exclude or [])
        starts = [s for s, _ in spans]
        for m in scan(self.country_rx, text, words):
            if spans:
                k = bisect.bisect_left(starts, m.end())
                if k and any(m.start() < e for _, e in spans[max(0, k - 3) : k]):
                    continue
            if _CURRENCY_AFTER.match(text, m.end()):
                continue  # 'US$2.5 trillion', 'Australian dollars': a currency, not a place
            iso3, via = self.country_aliases[m.group(0)]
            out.append(
                {
                    "text": m.group(0),
                    "span": [m.start(), m.end()],
                    "iso3": iso3,
                    "name": self.kb.country_name(iso3) or m.group(0),
                    "via": via,
                }
            )
        return out

    def persons(self, text: str, words: WordIndex | None = None) -> list[dict[str, Any]]:
        if self.actor_rx is None:
            return []
        out = []
        for m in scan(self.actor_rx, text, words):
            a = self.kb.actors[m.group(0)]
            out.append(
                {
                    "text": m.group(0),
                    "span": [m.start(), m.end()],
                    "person": a["person"],
                    "iso3": a["iso3"],
                    "role": a["role"],
                }
            )
        return out


#: After a country name: a currency ('US$', 'A$', 'US dollars', 'Canadian cents').
_CURRENCY_AFTER = re.compile(r"\s?\$|\s+(?:dollars?|cents?)\b", re.IGNORECASE)


def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    """The (cached) :class:`Lexicon` of a knowledge base."""
    lex = kb.__dict__.get("_lexicon")
    if lex is None:
        lex = Lexicon(kb)
        kb.__dict__["_lexicon"] = lex
    return lex


def find_mentions(
    kb: KnowledgeBase, text: str, word_index: WordIndex | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Commodity/element, country, region and person mentions of normalised ``text``
    (``word_index``: its :class:`~.text.WordIndex`, for speed; the same mentions)."""
    lex = lexicon_for(kb)
    regions = lex.regions(text, word_index)
    return {
        "commodities": lex.commodities(text, word_index),
        "regions": regions,
        "countries": lex.countries(text, exclude=[r["span"] for r in regions], words=word_index),
        "persons": lex.persons(text, word_index),
    }
