"""Deposit-type families and their colour-blind-safe colours, shared by every sites map.

Site sources publish some 200 deposit types ("Hydrothermal", "Fluvial placer REE",
"Carbonatite niobium", "LCT pegmatite", ...); a map cannot give each its own colour that
readers tell apart. :func:`deposit_family` groups a published type (and, failing that, the
source's type group) into one of :data:`FAMILIES` by the words of its name (genetic terms of
the USGS/MinMod and Weng et al. vocabularies: placer, skarn, porphyry, carbonatite, ...),
first rule that matches; the specific type stays in the hover text and the legend names the
family. :data:`FAMILY_COLOURS` gives each family one colour of Paul Tol's "muted"
qualitative scheme (nine colours distinguishable with the common colour-vision
deficiencies, plus pale grey for missing data): no two families share a colour.

Source of the colours: P. Tol, "Colour Schemes", SRON technical note SRON/EPS/TN/09-002
(https://personal.sron.nl/~pault/), muted scheme, as reproduced (secondary) in the R packages
khroma (tesselle/khroma, data-raw/schemes_PaulTol.R: muted, missing colour #DDDDDD) and
ggmnmlab (data-raw/paulTol_pals.R).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Paul Tol's "muted" qualitative scheme (nine colours) and its colour for missing data.
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
             "#882255", "#AA4499")  # fmt: skip
TOL_MUTED_MISSING = "#DDDDDD"

UNSPECIFIED = "type not given"
OTHER = "other (type given)"

# Types whose words name no genetic term but that belong to a family all the same (the sites
# that fell under OTHER in the store built from ../shared/data; each rule says why; the
# rest of OTHER there, 18 "Gemstone" and 5 "Tailings", is truly other: "Gemstone" names
# a commodity, not a genesis, and tailings are mine waste of whatever deposit was mined).
#: The carbonatite database (Berger, Singer and Orris 2009, USGS OFR 2009-1139, via MinMod:
#: ../shared/data/usgs-carbonatites) publishes the type of all 60 of its records as the bare
#: code "10": the number of the USGS descriptive model of carbonatite deposits (Singer 1998,
#: USGS OFR 98-235, p. 1: "the descriptive model of carbonatite deposits (No. 10)"). The
#: importer keeps it where SRI predicted no type (Phalaborwa). Only this number is mapped:
#: it is the one the store holds, and other bare numbers are not known to be model numbers.
CARBONATITE_MODEL_NUMBER = r"^10$"
#: Ilmenite, rutile and zircon together are the valuable heavy minerals of mineral sands,
#: the world's main source of all three (Relentless Resources, "Industry Overview",
#: relentlessresources.com.au, secondary); the curated "Ti-Zr (ilmenite, rutile and zircon
#: concentrates planned)" is Motronivske, where Group DF's plant extracts sands holding
#: zircon, rutile and ilmenite from the Malyshevske Ti-Zr placer (auremo.biz, 2016-03-06,
#: "Motronovsky mine will be built by 2017"; uk.wikipedia "Титан-цирконієві родовища":
#: titanium-zirconium deposits are as a rule placers).
HEAVY_MINERAL_SAND_PRODUCTS = r"ilmenite[-,]? rutile,? (and )?zircon|ilmenite-rutile-zircon"
#: Apatite-ilmenite ores of the Ukrainian shield lie in gabbroids (norites, troctolites) of
#: the Korsun-Novomyrhorod and Korosten anorthosite-rapakivi granite plutons; at
#: Nosachivske the ore is a norite with 25-50 % ilmenite, its apatite late-magmatic
#: (Kryvdik, Dubyna, Samchuk and Antonenko, "Типохімізм апатиту із багатих ільменітових
#: руд Корсунь-Новомиргородського і Коростенського анортозит-рапаківігранітних плутонів",
#: abstract, igmof.org.ua). Weathered or placer apatite-ilmenite types match those earlier
#: families first.
ANORTHOSITE_APATITE_ILMENITE = (r"apatite-ilmenite", r"ilmenite-apatite")
#: MinMod's crust and nodule manganese (Chvaletice's NI 43-101 type) are in its "Basin
#: chemical" environment, like its sedimentary and banded manganese and the iron formations
#: (../shared/data/ni43101-minmod/minmod_entities_deposit_type.csv, Q365-Q369 and
#: Q362-Q364), all of which the sedimentary words already place there.
BASIN_CHEMICAL_MANGANESE = r"(crust|nodule) manganese"

#: Families in legend order, each with the words (regular expressions on the lower-cased
#: type) that place a type in it; the first family whose words match wins, so the order
#: decides ("Carbonatite laterite REE" is carbonatite, "Fluvial placer" is placer, "Granite
#: -Related Skarn" hydrothermal, "Orogenic graphite" metamorphic).
FAMILY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (UNSPECIFIED, (r"^unclassified$", r"type not stated", r"^undifferentiated$")),
    ("carbonatite / alkaline", (r"carbonatite", r"alkalin", r"alkalic ", r"peralkaline",
                                r"nepheline", r"syenite", r"loparite", r"mariupolite",
                                r"britholite", CARBONATITE_MODEL_NUMBER)),
    ("pegmatite", (r"pegmatite", r"spodumene", r"petalite")),
    ("placer", (r"placer", r"heavy mineral sand", r"alluvial", r"eluvial", r"shoreline",
                HEAVY_MINERAL_SAND_PRODUCTS)),
    ("weathering / surficial", (r"surficial", r"laterite", r"supergene", r"ion adsorption",
                                r"residual", r"weathering", r"exotic", r"soil", r"non-sulfide")),
    ("metamorphic", (r"metamorphic", r"graphite", r"crystalline flake", r"marble")),
    ("hydrothermal", (r"hydrothermal", r"\bvein", r"porphyry", r"skarn", r"epithermal",
                      r"orogenic", r"\bvms\b", r"massive sulph", r"massive sulfid",
                      r"greisen", r"iocg", r"\bioa\b", r"replacement", r"breccia",
                      r"carlin", r"\bmvt\b", r"manto", r"contact", r"shear zone",
                      r"metasomat", r"five-element", r"iron oxide", r"unconformity",
                      r"disseminated", r"polymetallic", r"volcanogenic", r"volcanic-hosted",
                      r"kipushi", r"stockwork")),
    ("magmatic", (r"igneous", r"magmatic", r"intrusion", r"komatiite", r"ophiolite",
                  r"chromite", r"chromium", r"plutonic", r"anorthosite", r"kimberlite",
                  r"layered", r"\bu-m\b", r"mafic", r"cumulate", r"volcanic", r"footwall",
                  r"offset dyke", r"transitional", *ANORTHOSITE_APATITE_ILMENITE)),
    ("sedimentary", (r"sediment", r"black shale", r"shale", r"evaporite", r"brine",
                     r"phosphorite", r"iron formation", r"banded", r"sandstone",
                     r"lacustrine", r"marine", r"siliciclastic", r"carbonate", r"clay",
                     BASIN_CHEMICAL_MANGANESE)),
)  # fmt: skip
#: Families in legend order (the last two: a type no rule knows, and no type at all).
FAMILIES: tuple[str, ...] = tuple(f for f, _ in FAMILY_RULES[1:]) + (OTHER, UNSPECIFIED)
#: One colour per family, none repeated; a missing type takes Tol's missing-data grey.
FAMILY_COLOURS: dict[str, str] = {
    **dict(zip(FAMILIES[:-1], TOL_MUTED, strict=True)),
    UNSPECIFIED: TOL_MUTED_MISSING,
}

_COMPILED = tuple((family, tuple(re.compile(w) for w in words)) for family, words in FAMILY_RULES)


def _match(text: str) -> str | None:
    key = " ".join(text.lower().split())
    for family, words in _COMPILED:
        if any(w.search(key) for w in words):
            return family
    return None


def deposit_family(deposit_type: str | None, type_group: str | None = None) -> str:
    """The family of a published deposit type (one of :data:`FAMILIES`).

    Parameters
    ----------
    deposit_type : str or None
        The type as published ("Fluvial placer REE").
    type_group : str or None
        The source's own group of the type (MinMod ``deposit_type_group``: "Placer"),
        consulted when the type itself matches no rule.
    """
    texts = [t for t in (deposit_type, type_group) if isinstance(t, str) and t.strip()]
    if not texts:
        return UNSPECIFIED
    for text in texts:
        family = _match(text)
        if family is not None:
            return family
    return OTHER


def family_colour(family: str) -> str:
    """The colour (hex) of a family; raises KeyError for an unknown family."""
    return FAMILY_COLOURS[family]


def families_in(types: Iterable[str | None]) -> list[str]:
    """The families of ``types`` that occur, in legend order."""
    present = {deposit_family(t) for t in types}
    return [f for f in FAMILIES if f in present]
