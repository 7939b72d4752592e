"""Record linkage of mineral-site records across sources, with an explainable score.

The same deposit appears in several databases under different spellings ('Yastrebets',
'Yastrebetskoye'; 'Zheltiye Vody', 'Zhovti Vody'; 'Chernigovskii (Novopoltavskii)'), at
different coordinates (USGS databases disagree by hundreds of km for some Ukrainian records)
and with different commodity lists. The score combines four pieces of evidence, each in
[0, 1], as a weighted mean over the pieces that are available (a missing coordinate is not
evidence against a match):

- ``name``: the best token-set similarity (Levenshtein-based ratio, rapidfuzz) between any
  name variant of one record and any of the other, after :func:`name_key` normalisation
  (diacritics, transliteration, Slavic adjectival suffixes, generic words);
- ``distance``: ``exp(-d / d0)`` of the great-circle distance ``d`` [km] (haversine on a
  sphere of radius 6371.0088 km, the IUGG mean Earth radius; Moritz 2000, J. Geodesy 74:128);
- ``commodity``: overlap coefficient ``|A & B| / min(|A|, |B|)`` of commodity groups;
- ``deposit_type``: 1 when the normalised deposit-type words share a token, else 0.

This is the Fellegi-Sunter idea (Fellegi & Sunter 1969, JASA 64:1183) in its simplest
deterministic form: agreement weights summed, one threshold; the parts are returned so that
every link can be explained.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

EARTH_RADIUS_KM = 6371.0088

#: Weights of the evidence (renormalised over the available parts).
DEFAULT_WEIGHTS: dict[str, float] = {
    "name": 0.55,
    "distance": 0.30,
    "commodity": 0.10,
    "deposit_type": 0.05,
}
#: Decay length of the distance evidence [km]: 25 km gives 0.67 at 10 km, 0.14 at 50 km.
DEFAULT_DISTANCE_SCALE_KM = 25.0
#: Score at or above which two records are linked.
DEFAULT_THRESHOLD = 0.72

# Latin transliteration variants of Cyrillic (BGN/PCGN, ISO 9, Ukrainian national, German)
# folded onto one spelling. Applied in order to lower-case ASCII text.
_TRANSLIT_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tsch", "ch"),
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("tz", "c"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("ye", "e"),
    ("ie", "e"),
    ("je", "e"),
    ("yo", "o"),
    ("jo", "o"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ii", "i"),
    ("ei", "e"),
)

# Russian/Ukrainian adjectival place-name endings (-skoye, -skoe, -ske, -sky, -skii, -skaya,
# -s'ke, -tskoye ...), reduced to the stem. Matched after transliteration folding, so that
# -skoye/-skoe/-skoje all read 'skoe' and -sky/-skiy/-skii all read 'ski'.
_SUFFIX = re.compile(r"(?:sk|(?<=c)k)(?:oe|oi|ogo|e|i|a|o)$")

_GENERIC_WORDS = frozenset(
    {
        "deposit",
        "deposits",
        "mine",
        "mines",
        "project",
        "property",
        "prospect",
        "occurrence",
        "complex",
        "massif",
        "intrusion",
        "district",
        "field",
        "area",
        "zone",
        "the",
        "of",
        "and",
        "mestorozhdenie",
        "rodovishche",
        "radovishche",
        "pluton",
        "carbonatite",
        "carbonatites",
        "ree",
        "group",
        "claims",
        # commodity words and symbols that reports append to a deposit's name
        "rare",
        "earth",
        "earths",
        "nb",
        "ta",
        "li",
        "ni",
        "cu",
        "co",
        "au",
        "ag",
        "zn",
        "pge",
        "nickel",
        "copper",
        "cobalt",
        "gold",
        "silver",
        "lithium",
        "graphite",
        "niobium",
        "tantalum",
        "tungsten",
        "vanadium",
        "uranium",
        "phosphate",
        "manganese",
        "scandium",
        "zirconium",
        # descriptive words of NI 43-101 report titles ('... Rare Earth Element and
        # Manganese By-product Project')
        "element",
        "elements",
        "by",
        "product",
        "products",
        "byproduct",
    }
)

#: Abbreviations and gendered forms read as one word: 'St. Honore' = 'Saint-Honoré',
#: 'Ste-Marie' = 'Sainte-Marie', 'Mt. Weld' = 'Mount Weld', 'Ft. Portal' = 'Fort Portal'.
WORD_EQUIVALENTS: dict[str, str] = {
    "st": "saint",
    "ste": "saint",
    "sainte": "saint",
    "mt": "mount",
    "mtn": "mountain",
    "mtns": "mountains",
    "mts": "mountains",
    "ft": "fort",
}

#: Roman numerals are kept as they are (not transliteration-folded): 'Catalão II' is
#: not 'Catalão I'.
ROMAN_NUMERALS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


#: Ukrainian toponym words and their Russian forms (after accent stripping, lower case),
#: so that 'Kryvyi Rih' meets 'Krivoy Rog' and 'Zhovti Vody' meets 'Zheltiye Vody'. The
#: pairs are the official Ukrainian names (romanised per the national system, Cabinet of
#: Ministers of Ukraine Resolution No. 55 of 27 January 2010) and the Russian names used
#: by the USGS compilations for the same places. Renamed places (Bakhmut/Artemovsk,
#: Kamianske/Dniprodzerzhynsk) are deliberately not folded: they are renamings, not
#: spellings, and the USGS lists some under both names as separate records.
UKRAINIAN_TO_RUSSIAN_WORDS: dict[str, str] = {
    "kryvyi": "krivoy",
    "rih": "rog",
    "zhovti": "zheltiye",
    "vody": "vody",
    "dnipro": "dnepr",
    "dnipropetrovsk": "dnepropetrovsk",
    "dniprodzerzhynsk": "dneprodzerzhinsk",
    "zaporizhzhia": "zaporozhye",
    "mykolaiv": "nikolaev",
    "kyiv": "kiev",
    "kharkiv": "kharkov",
    "vilnohirsk": "volnogorsk",
    "bilozerka": "belozerka",
    "bilozerske": "belozerskoe",
    "velykyi": "bolshoi",
    "velyka": "bolshaya",
    "tokmak": "tokmak",
    "marhanets": "marganets",
    "berehove": "beregovo",
    "stebnyk": "stebnik",
    "kremenchuk": "kremenchug",
    "zavallia": "zavalye",
    "novopoltavske": "novopoltavskoe",
    "chernihivske": "chernigovskoe",
    "mazurivske": "mazurovskoe",
    "yastrubetske": "yastrebetskoe",
    "azovske": "azovskoe",
    "oktiabrske": "oktyabrskoe",
}


def strip_accents(text: str) -> str:
    """Remove diacritics and apostrophes (soft signs ' and ʹ) and lower-case."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = re.sub(r"['’ʹʼ`\"]", "", ascii_text)
    return ascii_text.lower()


def fold_transliteration(word: str) -> str:
    """Fold Latin transliteration variants of one Cyrillic word onto one spelling.

    'Zheltiye' -> 'zelte', 'Yastrebetskoye' -> 'astrebeckoe' (before suffix removal).
    """
    out = word
    for old, new in _TRANSLIT_FOLDS:
        out = out.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", out)  # doubled letters (Zavaljevskoje)


def strip_slavic_suffix(word: str) -> str:
    """Drop an adjectival ending (-skoye, -ske, -sky, -skii, -skaya, -s'ke ...).

    Expects folded text: 'astrebeckoe' -> 'astrebec', 'azovske' -> 'azov',
    'mazurivske' -> 'mazuriv'.
    Only words of six letters or more are touched, so 'Oka' or 'Sk' stay.
    """
    if len(word) < 6:
        return word
    stem = _SUFFIX.sub("", word)
    return stem if len(stem) >= 3 else word


def _fold_word(word: str) -> str:
    if word in ROMAN_NUMERALS or word in QUALIFIERS:
        return word
    return strip_slavic_suffix(fold_transliteration(word))


def name_key(name: str) -> str:
    """Normalised comparison key of one name: accents, St./Saint, Mt./Mount, Ft./Fort,
    Ukrainian -> Russian toponym words, transliteration, suffixes, generic words.

    'Saint-Honoré Complex' and 'St. Honore' both give 'saint honore'.
    """
    text = strip_accents(name)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [WORD_EQUIVALENTS.get(w, w) for w in text.split() if w]
    words = [UKRAINIAN_TO_RUSSIAN_WORDS.get(w, w) for w in words if w not in _GENERIC_WORDS]
    return " ".join(_fold_word(w) for w in words)


def is_descriptor(text: str) -> bool:
    """True when every word of ``text`` is a qualifier or generic word ('Tailings Dam',
    'southern', 'North'): such a parenthesis describes a part, it is not another name."""
    words = re.sub(r"[^a-z0-9]+", " ", strip_accents(text)).split()
    return bool(words) and all(w in QUALIFIERS or w in _GENERIC_WORDS for w in words)


def name_variants(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """All names of a record: the name, text in parentheses or after '/' or ',' and aliases.

    'Chernigovskii (Novopoltavskii)' -> ['Chernigovskii (Novopoltavskii)', 'Chernigovskii',
    'Novopoltavskii'].
    """
    out: list[str] = []

    def add(text: str) -> None:
        text = text.strip(" ,;/-")
        if text and text not in out:
            out.append(text)

    for item in [name, *aliases]:
        if not item:
            continue
        add(item)
        inner_texts = re.findall(r"\(([^)]*)\)", item)
        if any(is_descriptor(inner) for inner in inner_texts):
            # 'Bayan Obo (Tailings Dam)' is a part of Bayan Obo, not Bayan Obo itself
            add(re.sub(r"\s+", " ", re.sub(r"[()]", " ", item)))
            continue
        outside = re.sub(r"\([^)]*\)", " ", item)
        add(re.sub(r"\s+", " ", outside))
        for inner in re.findall(r"\(([^)]*)\)", item):
            for part in re.split(r"[,;/]", inner):
                add(part)
        for part in re.split(r"[;/]|,\s", outside):
            add(part)
    return out


#: Words that tell neighbouring deposits apart ('Kemess North' vs 'Kemess South',
#: 'Buckton' vs 'Buckton South'); names differing in one of them are penalised.
QUALIFIERS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "upper",
        "lower",
        "central",
        "new",
        "old",
        "extension",
        "northern",
        "southern",
        "eastern",
        "western",
        "ii",
        "iii",
        "iv",
        # a tailings dam, stockpile or dump is a resource apart from the in-situ deposit
        "tailings",
        "tailing",
        "dam",
        "dump",
        "dumps",
        "stockpile",
        "stockpiles",
        "slag",
        "1",
        "2",
        "3",
        "4",
        "5",
    }
)
#: Subtracted from the name similarity when the names differ in a qualifier.
QUALIFIER_PENALTY = 0.25


def qualifier_conflict(key_a: str, key_b: str) -> bool:
    """True when one normalised name has a qualifier word the other lacks."""
    return bool((set(key_a.split()) ^ set(key_b.split())) & QUALIFIERS)


def name_similarity(names_a: Sequence[str], names_b: Sequence[str]) -> float:
    """Best similarity in [0, 1] between any normalised variant of A and any of B."""
    keys_a = [k for k in (name_key(n) for n in names_a) if k]
    keys_b = [k for k in (name_key(n) for n in names_b) if k]
    if not keys_a or not keys_b:
        return 0.0
    return max(_pair_name_score(a, b) for a in keys_a for b in keys_b)


def _pair_name_score(a: str, b: str) -> float:
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0
    return max(score - QUALIFIER_PENALTY, 0.0) if qualifier_conflict(a, b) else score


def name_similarity_matrix(keys_a: Sequence[str], keys_b: Sequence[str]) -> npt.NDArray:
    """Pairwise similarity [0, 1] of already normalised keys (rapidfuzz cdist, vectorised)."""
    ratio = cdist(keys_a, keys_b, scorer=fuzz.ratio, workers=1)
    token = cdist(keys_a, keys_b, scorer=fuzz.token_sort_ratio, workers=1)
    sim = np.maximum(ratio, token).astype(float) / 100.0
    quals = sorted(QUALIFIERS)
    qa = np.array([[q in k.split() for q in quals] for k in keys_a], dtype=bool).reshape(
        -1, len(quals)
    )
    qb = np.array([[q in k.split() for q in quals] for k in keys_b], dtype=bool).reshape(
        -1, len(quals)
    )
    conflict = (qa[:, None, :] != qb[None, :, :]).any(axis=-1)
    return np.where(conflict, np.maximum(sim - QUALIFIER_PENALTY, 0.0), sim)


#: Spelling allowance for long one-word names ('Zandkopsdrift' / 'Sandkopfsdrif'): both
#: keys one word of at least this many letters ...
TYPO_MIN_LETTERS = 9
#: ... at most one edit (Levenshtein: insertion, deletion, substitution) per this many
#: letters of the shorter key ...
TYPO_LETTERS_PER_EDIT = 4
#: ... and the records located within this distance [km] of each other (same country by
#: blocking): then the name evidence is raised to :data:`TYPO_NAME_SCORE`.
TYPO_MAX_KM = 10.0
TYPO_NAME_SCORE = 0.9


def typo_matrix(keys_a: Sequence[str], keys_b: Sequence[str]) -> npt.NDArray:
    """Boolean matrix: long one-word keys within the edit allowance of each other.

    Levenshtein distance (Levenshtein 1966, Soviet Physics Doklady 10:707) by rapidfuzz;
    'zandkopsdrift' / 'sandkopfsdrif' differ by 3 edits in 13 letters (allowed: 3).
    """
    keys_a, keys_b = list(keys_a), list(keys_b)
    if not keys_a or not keys_b:
        return np.zeros((len(keys_a), len(keys_b)), dtype=bool)
    edits = cdist(keys_a, keys_b, scorer=Levenshtein.distance, workers=1)
    len_a = np.array([len(k) if " " not in k else 0 for k in keys_a])
    len_b = np.array([len(k) if " " not in k else 0 for k in keys_b])
    shorter = np.minimum(len_a[:, None], len_b[None, :])
    return (shorter >= TYPO_MIN_LETTERS) & (edits <= shorter // TYPO_LETTERS_PER_EDIT)


def apply_typo_allowance(
    name: npt.ArrayLike, typo: npt.ArrayLike, distance_km: npt.ArrayLike
) -> npt.NDArray:
    """Name evidence raised to :data:`TYPO_NAME_SCORE` where the keys are a long one-word
    spelling variant (``typo``) and the records lie within :data:`TYPO_MAX_KM`; elsewhere
    (far apart, or a coordinate missing) the name evidence is unchanged."""
    n = np.asarray(name, dtype=float)
    near = np.asarray(distance_km, dtype=float) <= TYPO_MAX_KM
    return np.where(np.asarray(typo, dtype=bool) & near, np.maximum(n, TYPO_NAME_SCORE), n)


def haversine_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> npt.NDArray:
    """Great-circle distance [km] between points in degrees (haversine, spherical Earth).

    R = 6371.0088 km (IUGG mean radius, Moritz 2000). Broadcasts like numpy.
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_score(distance_km: npt.ArrayLike, scale_km: float = DEFAULT_DISTANCE_SCALE_KM):
    """Evidence from distance: ``exp(-d / scale)``; NaN where the distance is unknown."""
    return np.exp(-np.asarray(distance_km, dtype=float) / scale_km)


def overlap_coefficient(a: Iterable[str], b: Iterable[str]) -> float:
    """Szymkiewicz-Simpson overlap ``|A & B| / min(|A|, |B|)``; NaN when either is empty."""
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return float("nan")
    return len(set_a & set_b) / min(len(set_a), len(set_b))


_TYPE_STOP = frozenset({"and", "or", "related", "undifferentiated", "hosted", "deposit", "type"})


def deposit_type_tokens(text: str | None) -> frozenset[str]:
    """Content words of a deposit-type label ('Carbonatite REE' -> {'carbonatite', 'ree'})."""
    if not isinstance(text, str) or not text:
        return frozenset()
    words = re.findall(r"[a-z]+", strip_accents(text))
    return frozenset(w.rstrip("s") for w in words if len(w) > 2 and w not in _TYPE_STOP)


def deposit_type_score(a: str | None, b: str | None) -> float:
    """1 when the deposit-type labels share a content word, 0 when not, NaN if one is absent."""
    ta, tb = deposit_type_tokens(a), deposit_type_tokens(b)
    if not ta or not tb:
        return float("nan")
    return 1.0 if ta & tb else 0.0


@dataclass(frozen=True)
class LinkScore:
    """A pair score and its parts (NaN = not available, excluded from the mean)."""

    score: float
    name: float
    distance_km: float
    distance: float
    commodity: float
    deposit_type: float

    def as_dict(self) -> dict[str, float | None]:
        return {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in asdict(self).items()
        }

    def explain(self) -> str:
        """One line saying which evidence made the score."""
        parts = [f"name {self.name:.2f}"]
        if not math.isnan(self.distance):
            parts.append(f"distance {self.distance_km:.1f} km -> {self.distance:.2f}")
        if not math.isnan(self.commodity):
            parts.append(f"commodity overlap {self.commodity:.2f}")
        if not math.isnan(self.deposit_type):
            parts.append(f"type {self.deposit_type:.0f}")
        return f"score {self.score:.2f} = weighted mean of " + ", ".join(parts)


def combine_scores(
    name: npt.ArrayLike,
    distance: npt.ArrayLike,
    commodity: npt.ArrayLike,
    deposit_type: npt.ArrayLike,
    weights: dict[str, float] | None = None,
) -> npt.NDArray:
    """Weighted mean of the available evidence (NaN parts drop out and weights renormalise).

    A name similarity below 0.5 caps the score at the name similarity itself, so that two
    different deposits at the same place (a mine district holding several deposits) are not
    linked on location alone.
    """
    w = weights or DEFAULT_WEIGHTS
    parts = {
        "name": np.asarray(name, dtype=float),
        "distance": np.asarray(distance, dtype=float),
        "commodity": np.asarray(commodity, dtype=float),
        "deposit_type": np.asarray(deposit_type, dtype=float),
    }
    shape = np.broadcast_shapes(*(p.shape for p in parts.values()))
    total = np.zeros(shape)
    weight = np.zeros(shape)
    for key, value in parts.items():
        value = np.broadcast_to(value, shape)
        ok = np.isfinite(value)
        total += np.where(ok, value * w[key], 0.0)
        weight += np.where(ok, w[key], 0.0)
    score = np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), 0.0)
    name_arr = np.broadcast_to(parts["name"], shape)
    return np.where(name_arr < 0.5, np.minimum(score, name_arr), score)


#: Identical normalised names in one country link despite discordant coordinates up to
#: this distance [km] (USGS databases place some deposits hundreds of km apart).
SAME_NAME_MAX_KM = 500.0
#: Score given by the same-name rule of :func:`apply_rules`.
SAME_NAME_SCORE = 0.75
#: Without coordinates, the score may not exceed the name similarity minus this margin.
NO_LOCATION_MARGIN = 0.12
#: Without coordinates and with disjoint commodities, the score is capped here (below the
#: threshold).
NO_LOCATION_DISJOINT_CAP = 0.70


def apply_rules(
    score: npt.ArrayLike,
    name: npt.ArrayLike,
    distance_km: npt.ArrayLike,
    commodity: npt.ArrayLike,
) -> npt.NDArray:
    """Adjust the weighted score with three explicit rules (all vectorised).

    1. Names alone are weaker evidence: without a distance, the score is at most the name
       similarity minus :data:`NO_LOCATION_MARGIN`.
    2. Without a distance, disjoint commodity lists (overlap 0) cap the score at
       :data:`NO_LOCATION_DISJOINT_CAP`: nothing but a similar name joins them.
    3. Same name: identical normalised names (similarity >= 0.99) closer than
       :data:`SAME_NAME_MAX_KM` (or without coordinates) whose commodities do not disagree
       score at least :data:`SAME_NAME_SCORE`. Records are compared within one country,
       where two deposits rarely share a name, and compilations often give district
       centroids or mistyped coordinates (Yastrebets, Ukraine: 24.47E 49.00N in USGS major
       deposits vs 28.85E 51.23N in the USGS REE database).
    """
    score = np.asarray(score, dtype=float)
    n = np.asarray(name, dtype=float)
    d = np.asarray(distance_km, dtype=float)
    c = np.asarray(commodity, dtype=float)
    no_location = ~np.isfinite(d)
    score = np.where(no_location, np.minimum(score, n - NO_LOCATION_MARGIN), score)
    score = np.where(no_location & (c == 0.0), np.minimum(score, NO_LOCATION_DISJOINT_CAP), score)
    same = (n >= 0.99) & ~(d > SAME_NAME_MAX_KM) & ~(c == 0.0)
    return np.where(same, np.maximum(score, SAME_NAME_SCORE), score)


def score_pair(
    names_a: Sequence[str],
    names_b: Sequence[str],
    lonlat_a: tuple[float, float] | None = None,
    lonlat_b: tuple[float, float] | None = None,
    commodities_a: Iterable[str] = (),
    commodities_b: Iterable[str] = (),
    type_a: str | None = None,
    type_b: str | None = None,
    weights: dict[str, float] | None = None,
    distance_scale_km: float = DEFAULT_DISTANCE_SCALE_KM,
) -> LinkScore:
    """Score one pair of records; see the module docstring for the evidence."""
    name = name_similarity(names_a, names_b)
    if lonlat_a is not None and lonlat_b is not None and None not in (*lonlat_a, *lonlat_b):
        d_km = float(haversine_km(lonlat_a[0], lonlat_a[1], lonlat_b[0], lonlat_b[1]))
        dist = float(distance_score(d_km, distance_scale_km))
    else:
        d_km, dist = float("nan"), float("nan")
    keys_a = [k for k in (name_key(n) for n in names_a) if k]
    keys_b = [k for k in (name_key(n) for n in names_b) if k]
    typo = bool(typo_matrix(keys_a, keys_b).any())
    name = float(apply_typo_allowance(name, typo, d_km))
    commodity = overlap_coefficient(commodities_a, commodities_b)
    dtype = deposit_type_score(type_a, type_b)
    score = float(
        apply_rules(combine_scores(name, dist, commodity, dtype, weights), name, d_km, commodity)
    )
    return LinkScore(score, name, d_km, dist, commodity, dtype)


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size) for clustering links."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return ri
        if self.size[ri] < self.size[rj]:
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.size[ri] += self.size[rj]
        return ri
