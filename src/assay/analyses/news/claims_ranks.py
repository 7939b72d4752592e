"""Ranking claims: a country's place among producers or holders.

"Russia ranks fourth in rare earth reserves", "China, the world's largest producer", "the
top three producers" (:func:`ranking_claims`), "second only to China"
(:func:`comparative_rank_claims`), with the rank patterns (:data:`RANK_WORDS`, ordinals,
top-N, vague ranks, regional scope, the head nouns of a ranked subject) and the subject of
a figure (``_figure_subject``).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    _SMALL_NUMBERS,
    MEASURES,
    _claim,
    subject_basis,
)
from assay.analyses.news.claims_context import (
    _COUNTRY_ANAPHOR,
    _EXCLUDING_BEFORE,
    _commodity_ref,
    _coordinated_before,
    _country_subject,
    _last_measure,
    _measure_and_stage,
    _period,
    _subject_countries,
    is_caption,
)
from assay.analyses.news.frames import (
    clause_around,
    frame_of,
    object_of_superlative,
    possessive_owner,
)
from assay.analyses.news.text import (
    ascii_lower,
    scan_first,
    scan_slice,
)

_RANK = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d{1,2}(?:st|nd|rd|th))(?:[- ](?:largest|biggest|greatest|highest))?|(?P<sup>largest|"
    r"biggest|highest|leading|top|greatest|dominant|number one|no\. 1|world leader|"
    r"global leader|leads the world|leading the world|on top|at the top|"
    r"(?:(?<=produced )|(?<=produces )|(?<=mined )|(?<=mines )|(?<=refined )|"
    r"(?<=refines )|(?<=holds )|(?<=held ))the most))\b",
    re.IGNORECASE,
)
_RANK_CONTEXT = re.compile(
    r"\b(?:rank(?:s|ed|ing)?(?:\s+(?:it|them|the\s+country|the\s+nation))?|place[sd]?|"
    r"placing|position|the|world's|globally|is|was|comes?|came|at|secured|took|holds?)"
    r"\s*\(?\s*$|\(\s*$",
    re.IGNORECASE,
)
#: After an ordinal: 'first place', '7th position', 'second only to China'. Used with
#: ``match(text, pos)``, which anchors at ``pos`` (a '^' would only match at 0).
_RANK_AFTER = re.compile(
    r"\s*(?:place|position|spot|rank|only to|behind|after)\b|\s*\)", re.IGNORECASE
)
_TOP_N = re.compile(
    r"\b(?:among|in|one of) the (?:world's )?top[- ](?P<n>\d{1,2}|three|four|five|six|seven|"
    r"eight|nine|ten|twenty)\b",
    re.IGNORECASE,
)
_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth"]  # fmt: skip
_VAGUE_RANK = re.compile(
    r"\b(?:an? (?:leading|top|dominant|major|key|significant)\b|"
    r"top[- ](?:tier|league|group|ranks|echelon|bracket)|"
    r"one of the (?:[\w'-]+ ){0,2}(?:leaders|largest|biggest|leading|top|major)|"
    r"among the (?:world's )?(?:[\w'-]+ )?(?:leaders|largest|biggest|leading|top))\b",
    re.IGNORECASE,
)
#: Just before a superlative or ordinal: a member of a group ('some of the', 'one of the
#: world's', 'among the', 'several of Africa's'), so the rank word names the group.
_GROUP_OF_BEFORE = re.compile(
    r"\b(?:(?:some|one|several|many|a\s+few|few|two|three|four|five|any|each|most|all|none|"
    r"both|either|neither)\s+of|among(?:st)?|amid)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:(?:[A-Z][\w-]*|world|globe|planet|continent|region|country|nation)['‘’]s\s+)?"
    r"(?:very\s+)?$",
    re.IGNORECASE,
)
#: A necessary condition of _TOP_N, _RANK and _VAGUE_RANK on ASCII-lowered text (each of
#: their matches contains one of these at the start of a word, none of which spans a
#: space, so a match never crosses a sentence boundary): scanned once per article,
#: because most sentences rank nothing.
RANK_WORDS = re.compile(
    r"(?<!\w)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d{1,2}(?:st|nd|rd|th)|larg|bigg|high|lead|top|great|dominant|number|no\.|major|key|"
    r"significant|most)"
)
#: A continent or bloc as the scope of a ranking: "Europe's largest", "largest in Africa"
#: (not "South Africa", a country).
_REGION_SCOPE = re.compile(
    r"(?<!South )(?<!North )(?<!Central )\b(?P<region>Europe|Africa|Asia|Latin America|"
    r"South America|North America|the EU|the European Union|Eurasia)'s\b|"
    r"\bin (?P<region2>Europe|Africa|Asia|Latin America|South America|North America|the EU|"
    r"the European Union|Eurasia|the region)\b"
)


def _measure_near(text: str, start: int, end: int) -> str | None:
    window = text[start:end]
    best = None
    for measure, rx in MEASURES.items():
        m = rx.search(window)
        if m and (best is None or m.start() < best[1]):
            best = (measure, m.start())
    return best[0] if best else None


#: 'the African nation holds the biggest ...', 'the country is the second-largest ...': an
#: anaphoric subject (a capitalised or plain adjective allowed) right before the rank's verb.
_NATION_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}(?:nation|country)\s+(?:[a-z]+\s+){1,2}(?:the\s+)?"
    r"(?:(?:world|globe|planet)['\u2019]s\s+)?$"
)
#: 'in Australia', 'at China's border': a country named as a place.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|into|across|throughout)\s+(?:the\s+)?$", re.I)
#: 'NORNICKEL, the world's ' right before a rank word: a capitalised name in apposition.
_APPOSITION_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})\s*,\s*(?:the\s+)?"
    r"(?:(?:world|globe|planet)['’]s\s+)?(?:\w+\s+){0,1}$"
)
#: Capitalised words before a comma that name nothing: connectives, days, months.
_NOT_A_NAME = frozenset(
    "meanwhile however today currently still yet globally overall now indeed also but and "
    "so thus then moreover furthermore in on at by for last this next monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
#: A speech or corporate verb after a rank's head noun: the epithet is an organisation's.
_ACTOR_VERB_AFTER = re.compile(
    r"[^,.;:]{0,80}?\b(?:said|says|announced|announces|reported|reports|posted|posts|plans|"
    r"planned|told|tells|expects|expected|warned|warns|added|declined|confirmed|"
    r"disclosed|unveiled)\b",
    re.IGNORECASE,
)


_PRODUCTION_HEAD = re.compile(
    r"\b(?:produc\w*|miners?|suppliers?|holders?|refiners?|processors?)\b", re.I
)
#: The head noun right after a rank word ('largest rare-earth producer', 'top miner').
_RANK_HEAD = re.compile(
    r"[\s-]+(?:[\w'-]+\s+){0,3}?(?:produc\w*|miners?|suppliers?|holders?|refiners?|"
    r"processors?|source|country|nation|reserves?|deposits?)\b",
    re.IGNORECASE,
)
#: A supplier or source as the rank's head ('the largest supplier', 'top source').
_SUPPLIER_HEAD = re.compile(
    r"[\s-]+(?:[\w'-]+\s+){0,2}?(?:suppliers?|sources?|providers?)\b", re.IGNORECASE
)
#: Imports named in the sentence before a supplier rank: the rank is among import sources.
_IMPORTS = re.compile(r"\bimport(?:s|ed|ing)?\b", re.IGNORECASE)
#: '... supplier of antimony to the US': a country supplied, after the head noun.
_SUPPLIED_TO = re.compile(r"[^.;]{0,60}?\bto\s+(?:the\s+)?$", re.IGNORECASE)
_TRADE_HEAD = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:importers?|exporters?|consumers?|buyers?|customers?|markets?|"
    r"investors?|users?)\b",
    re.IGNORECASE,
)
#: 'largest US producer', 'biggest Chinese miner': a country adjective before the head noun.
_NOUN_AFTER_COUNTRY = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:producers?|miners?|compan(?:y|ies)|firms?|deposits?|mines?|"
    r"projects?|suppliers?|refiners?|processors?|holders?|exporters?)\b",
    re.IGNORECASE,
)
#: '1. China - 270,000 t', '3) Myanmar: 31,000 tonnes': an item of a numbered list.
_NUMBERED_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+")


def ranking_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    header: tuple[int, int] | None = None,
    pub_year: int | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    previous_measure: str | None = None,
    rank_words: bool | None = None,
) -> list[dict[str, Any]]:
    """'ranks fourth in reserves', 'the world's largest producer', 'among the top five'
    claims of a sentence; '1. China ...' items of a numbered list under a header that names
    the measure. ``rank_words``: whether the sentence holds a :data:`RANK_WORDS` word
    (found per article by the caller; searched here when None)."""
    s0, s1 = span
    sentence = text[s0:s1]
    item = _NUMBERED_ITEM.match(sentence)
    if rank_words is None:
        rank_words = bool(RANK_WORDS.search(ascii_lower(sentence)))
    if not (item and header) and not rank_words:
        return []  # no rank word at all (most sentences): skip the three full patterns
    # 'top N' first, then exact ranks, then vague ones, at each position
    matches = sorted(
        [(m, 0) for m in scan_slice(_TOP_N, text, s0, s1, sentence)]
        + [(m, 1) for m in scan_slice(_RANK, text, s0, s1, sentence)]
        + [(m, 2) for m in scan_slice(_VAGUE_RANK, text, s0, s1, sentence)],
        key=lambda x: (x[0].start(), x[1]),
    )
    if not matches and not (item and header):
        return []
    # 'Leading countries based on nickel reserves (in Mt)': a caption names a topic and
    # asserts no rank; its claims are kept (they carry the measure to the next sentence)
    # but marked, and judged not-checkable
    caption = not item and is_caption(text, s0, s1)
    countries = _subject_countries(text, s0, s1, mentions.get("countries", []))
    subject_from = "sentence"
    if (
        not countries
        and previous_countries
        and (_COUNTRY_ANAPHOR.search(sentence) or (matches and matches[0][0].start() < 20))
    ):
        # 'The country was the world's leading ...'; 'The world's top graphite producer
        # started ...' (an epithet of the country just named)
        # a country named only as a place ('putting its expansion in Australia on hold')
        # is no antecedent of an epithet: the epithet refers to who acts, not where
        previous = [
            c
            for c in previous_countries
            if not _LOCATIVE_BEFORE.search(text, max(0, c["span"][0] - 12), c["span"][0])
        ]
        countries = previous[-1:]
        subject_from = "context"
    commodities = mentions.get("commodities", [])
    commodity_from = "sentence"
    if not commodities:
        ctx = [c for c in context if c["kind"] == "group"][-1:]
        commodities, commodity_from = (
            (ctx, "previous sentence")
            if ctx
            else (
                [c for c in (topic or []) if c["kind"] in ("group", "element", "commodity")][:1],
                "headline",
            )
        )
    claims = []
    if item and header and countries and countries[0]["span"][0] - s0 < 12:
        h0, h1 = header
        measure, stage = _measure_and_stage(text, h0, h1)
        rank_word = re.search(r"\b(?:top|largest|biggest|leading)\b", text[h0:h1], re.I)
        if measure and rank_word:
            country = countries[0]
            claims.append(
                _claim(
                    "ranking", text, span, country["name"], predicate="ranks", object=measure,
                    rank=int(item.group("n")), rank_max=None, rank_text=item.group(0).strip(),
                    vague=False, measure=measure, stage=stage, iso3=country["iso3"],
                    commodity=commodities[0] if commodities else None,
                    commodity_from=commodity_from, scope="world", pattern="numbered list",
                    subject_from=subject_from,
                    subject_basis=subject_basis(text, country, subject_from, (s0, s1), s0),
                    period_basis=None,
                )
            )  # fmt: skip
            return claims
    taken: list[tuple[int, int]] = []
    for m, kind in matches:
        rs, re_ = m.start() + s0, m.end() + s0
        if any(rs < e and s < re_ for s, e in taken):
            continue
        measure = _measure_near(text, re_, min(s1, re_ + 90))
        if measure is None:
            # 'India's reserves at 6.9 Mt, third largest after China', 'produced 2,900 t,
            # ranking seventh': the measure named before the rank in the sentence, else in
            # the sentence before
            # the sentence before; or later in the rank's own clause ('one of the top six
            # countries controlling four-fifths of the world's discovered reserves')
            measure = (
                _last_measure(text, s0, rs)
                or _measure_near(text, re_, clause_around(text, rs, re_, s0, s1)[1])
                or previous_measure
            )
        if measure is None and _TRADE_HEAD.match(text, re_):
            # 'the fourth-highest exporter', 'the largest importer': a trade rank, which
            # is a claim (judged not-checkable: the store has no trade statistics)
            measure = "trade"
        if measure is None:
            continue
        rank = rank_max = None
        if kind == 0:
            word = m.group("n").lower()
            rank_max = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
        elif kind == 1 and m.group("ord"):
            if not (
                m.end() > m.end("ord")
                or _RANK_CONTEXT.search(text[max(s0, rs - 30) : rs])
                or _RANK_AFTER.match(text, re_)
            ):
                continue  # 'should first assess': an adverb, not a rank
            word = m.group("ord").lower()
            rank = (
                int(re.match(r"\d+", word).group(0))
                if word[0].isdigit()
                else (_ORDINAL_WORDS.index(word) + 1)
            )
        elif kind == 1:
            rank = 1
        if kind == 1 and _GROUP_OF_BEFORE.search(text, max(s0, rs - 60), rs):
            # 'some of the largest', 'one of the world's biggest', 'among the leading': a
            # place in a top group of unstated size, not the first place (nor the Nth)
            kind, rank = 2, None
        n_joint = _coordinated_before(text, countries, rs)
        if rank == 1 and n_joint > 1:
            # 'Indonesia and Australia held the world's largest shares': jointly the top two,
            # not each of them first
            rank, rank_max = None, n_joint
        taken.append((rs, re_))
        # the measure and stage come from the words after the rank ('largest producer',
        # 'second-largest refiner', 'top five holders of reserves')
        # only up to the head noun: 'leading graphite producer and exporter, China refines
        # ...' names a producer, whatever the later verb
        head_end = min(s1, re_ + 60)
        first = [m2.end() for rx in MEASURES.values() if (m2 := rx.search(text, re_, head_end))]
        _m, stage = _measure_and_stage(text, re_, min(first) if first else head_end)
        if measure in ("mine_production", "refinery_production") and _m not in (
            None,
            "reserves",
            "resources",
        ):
            measure = _m
        owner = possessive_owner(text, rs, s0)
        country = _country_subject(countries, rs, text)
        entity = None
        anaphor = _NATION_ANAPHOR.search(text, max(s0, rs - 70), rs) if previous_countries else None
        if anaphor and not any(
            anaphor.end() <= c["span"][0] < rs for c in mentions.get("countries", [])
        ):
            # 'Although the metal is found in other places, like Australia, the African
            # nation holds the biggest reserve': 'the (African) nation' is the country the
            # text spoke of before, not one named in the sentence as an example
            country, subject_from = previous_countries[-1], "context"
        appos = _APPOSITION_BEFORE.search(text, max(s0, rs - 90), rs)
        words = appos.group("name").split() if appos else []
        while words and words[0].lower().rstrip(".") in _NOT_A_NAME:
            words = words[1:]  # 'Meanwhile, the ...', 'In Peru, the ...'
        if words:
            # 'NORNICKEL, the world's largest producer of palladium, said ...': the rank is
            # in apposition to the name before the comma; it is that country's when the
            # name is a country, else an entity's (a company, mine or person), whatever
            # country the rest of the sentence names ('new US sanctions')
            named = next(
                (c for c in mentions.get("countries", []) if c["span"][1] == appos.end("name")),
                None,
            )
            if named is not None:
                country = next((c for c in countries if c["span"] == named["span"]), country)
            else:
                country, entity = None, " ".join(words)
        elif (
            subject_from == "context"
            and country is not None
            and _ACTOR_VERB_AFTER.match(text, re_, s1)
        ):
            # 'The world's largest producer of the material said Wednesday ...': an epithet
            # that says, announces or plans is the organisation named before, not a country
            country, entity = None, "the organisation named before"
        commodity = _commodity_ref(commodities, re_)
        # the scope is named near the rank ('Europe's largest', 'the largest producer in
        # Africa'), not anywhere in the sentence ('..., both on the European Union's list')
        region = _REGION_SCOPE.search(text, max(s0, rs - 30), min(s1, re_ + 50))
        scope = (region.group("region") or region.group("region2")) if region else "world"
        inner = next(
            (
                c
                for c in mentions.get("countries", [])
                if re_ < c["span"][0] <= re_ + 30
                and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", text[re_ : c["span"][0]])
                and _NOUN_AFTER_COUNTRY.match(text, c["span"][1])
            ),
            None,
        )
        if entity is not None:
            scope = f"entity {entity}"
        elif owner:
            scope = f"within {owner}"  # 'Greenland's largest deposit'
        elif inner is not None:
            scope = f"within {inner['name']}"  # 'the largest US producer'
        elif object_of_superlative(text, re_):
            scope = "object"  # 'the largest rare-earth mine'
        subject = country["name"] if country else "?"
        excluding = set()
        for c in mentions.get("countries", []):
            m_ex = _EXCLUDING_BEFORE.search(text, max(s0, c["span"][0] - 25), c["span"][0])
            if not m_ex or (country is not None and c["iso3"] == country["iso3"]):
                continue
            word = m_ex.group(0).split()[0].lower()
            # 'largest after China' is first without China; 'second-largest after China'
            # already counts China
            if (
                word in ("after", "behind", "than", "second", "next", "only", "trailing")
                and (rank or 1) > 1
            ):
                continue
            excluding.add(c["iso3"])
        excluding = sorted(excluding)
        c0, c1 = clause_around(text, rs, re_, s0, s1)
        period = _period(mentions.get("dates", []), rs, c0, c1, pub_year)
        frame = frame_of(text[c0:c1])
        if frame in ("plan", "offer", "capacity"):
            # 'as the world's leading producer hopes to stem prices': a plan after the rank
            # phrase is that producer's plan; the rank itself is stated. Only words up to
            # the rank's head noun frame it ('aims to become the largest producer').
            head = _RANK_HEAD.match(text, re_, c1)
            frame = frame_of(text[c0 : head.end() if head else re_])
        if frame not in ("past", "plan", "offer", "capacity"):
            frame = None  # trade or demand words elsewhere in the clause do not matter
        trade_head = _TRADE_HEAD.match(text, re_)
        if trade_head and not _PRODUCTION_HEAD.search(trade_head.group(0)):
            frame = "trade"  # 'the largest importer/consumer': not a production rank
        elif frame is None and _SUPPLIER_HEAD.match(text, re_, s1):
            supplied = [c for c in mentions.get("countries", []) if re_ < c["span"][0] < s1]
            if _IMPORTS.search(text, s0, rs) or any(
                _SUPPLIED_TO.match(text, re_, c["span"][0]) for c in supplied
            ):
                # 'relies on imports ..., with China being the largest supplier', 'the
                # largest supplier of antimony to the US': a rank among import sources
                frame = "trade"
        claims.append(
            _claim(
                "ranking",
                text,
                span,
                subject,
                predicate="ranks",
                object=measure,
                rank=rank,
                rank_max=rank_max,
                rank_text=text[rs:re_],
                vague=kind == 2,
                measure=measure,
                stage=stage,
                iso3=country["iso3"] if country else None,
                commodity=commodity,
                commodity_from=commodity_from if commodity else None,
                scope=scope,
                excluding=excluding,
                period=period,
                frame=frame,
                subject_from=subject_from if country else None,
                subject_basis=subject_basis(text, country, subject_from, (c0, c1), rs),
                period_basis="explicit" if period else None,
                caption=caption,
            )
        )
    return claims


#: A possessive anaphor governing a figure ('the country's estimated 22 million tons',
#: 'its 44 Mt'): the figure belongs to a country named before the sentence.
_POSSESSIVE_ANAPHOR_BEFORE = re.compile(
    r"\b(?:the\s+(?:country|nation)'s|its|their)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
#: The end of a relative clause opener: ', which represent 19% ...' says it of the figure
#: before.
_RELATIVE_OPENER = re.compile(r",\s*(?:which|that)$", re.IGNORECASE)
_DASH_BEFORE = re.compile(r"\w[\w)]*\s+-\s+$")
_RELATIVE_AFTER = re.compile(r",\s*(?:which|that)\b", re.IGNORECASE)


_HOLDS_BEFORE = re.compile(
    r"\b(?:hold|holds|held|holding|contain|contains|contained|containing|host|hosts|hosted)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _figure_subject(
    text: str,
    s0: int,
    c0: int,
    qs: int,
    countries: list[dict[str, Any]],
    previous_countries: list[dict[str, Any]] | None,
    claims: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, str | None, str | None] | None:
    """The subject of a figure at ``qs`` when its own words decide it, as (country,
    subject_from, how), else None (the sentence's country is used).

    - 'Hanoi can boast. Credit goes to the country's 22 Mt, exceeded only by China's 44
      Mt': a possessive anaphor before the figure, with no country named in its clause
      before it, refers to the previous sentence's country (coreference), never to a
      country named later in the sentence; with none, the figure has no country.
    - '..., which represent almost 19% of the world's reserves': a figure in a relative
      clause is said of the figure before it, so it takes that figure's subject.
    """
    if any(c0 <= c["span"][0] < qs for c in countries):
        return None
    if _POSSESSIVE_ANAPHOR_BEFORE.search(text, max(c0, qs - 50), qs):
        if previous_countries and not any(c["span"][0] < qs for c in countries):
            return previous_countries[-1], "context", "context"
        return (None, None, None) if not any(c["span"][0] < qs for c in countries) else None
    if (rel := _RELATIVE_OPENER.search(text, max(s0, c0 - 12), c0)) is not None:
        # '..., and Australia, Thailand and Nigeria, which each produced 13,000 t': the
        # relative clause hangs on the country just before it, not on the last figure
        antecedent = [c for c in countries if 0 <= rel.start() - c["span"][1] <= 1]
        if antecedent:
            return antecedent[-1], "sentence", "sentence"
        last = claims[-1] if claims else {}
        if last.get("_country") is not None:
            return last["_country"], last.get("subject_from"), last.get("_subject_how")
        if not any(c["span"][0] < qs for c in countries):
            # the antecedent's subject is unknown: a country named later in the sentence
            # ('... and are exceeded only by China's 44 Mt') is another figure's
            return None, None, None
    return None


#: 'Only China and Brazil have larger reserves': the countries named are the only ones
#: above the subject, which ranks one below them.
_ONLY_LARGER = re.compile(
    r"\bonly\s+(?P<list>[^.;:]{2,80}?)\s+(?P<verb>have|has|had|hold|holds|held|"
    r"possess(?:es|ed)?|boasts?|mines?|mined|produces?|produced|refines?|refined|"
    r"process(?:es|ed)?|suppl(?:y|ies|ied)|extracts?|extracted)\s+(?:a\s+)?"
    r"(?:larger|bigger|greater|more|higher)\b",
    re.IGNORECASE,
)


def comparative_rank_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    previous_measure: str | None = None,
) -> list[dict[str, Any]]:
    """'Only China and Brazil have larger reserves' (after a sentence about India): India
    ranks third in reserves. The subject is the previous sentence's last country
    (coreference: a refutation needs an explicit subject); the countries listed must be
    joined by commas or 'and' and the subject must not be one of them."""
    s0, s1 = span
    m = scan_first(_ONLY_LARGER, text, s0, s1)  # tried at 'only' alone: same match
    if m is None or not previous_countries:
        return []
    listed = [
        c for c in mentions.get("countries", []) if m.start("list") <= c["span"][0] < m.end("list")
    ]
    if (
        not listed
        or not re.fullmatch(r"(?:the\s+)?", text[m.start("list") : listed[0]["span"][0]], re.I)
        or text[listed[-1]["span"][1] : m.end("list")].strip()
        or _coordinated_before(text, listed, m.end("list")) != len(listed)
    ):
        return []  # 'only a few countries, such as China, have more': not a full list
    subject = previous_countries[-1]
    if subject["iso3"] in {c["iso3"] for c in listed}:
        return []
    # the measure is the verb's ('mines more') or the noun's after it ('have larger reserves')
    measure = _measure_near(text, m.start("verb"), min(s1, m.end() + 40)) or previous_measure
    if measure is None:
        return []
    _m, stage = _measure_and_stage(text, m.start("verb"), min(s1, m.end() + 40))
    commodities = mentions.get("commodities", [])
    commodity, commodity_from = (commodities[0], "sentence") if commodities else (None, None)
    if commodity is None:
        ctx = [c for c in context if c["kind"] in ("group", "element", "commodity")][-1:]
        heads = [c for c in (topic or []) if c["kind"] in ("group", "element", "commodity")][:1]
        commodity, commodity_from = (
            (ctx[0], "previous sentence")
            if ctx
            else ((heads[0], "headline") if heads else (None, None))
        )
    rank = len(listed) + 1
    return [
        _claim(
            "ranking", text, span, subject["name"], predicate="ranks", object=measure,
            rank=rank, rank_max=None, rank_text=text[m.start() : m.end()], vague=False,
            measure=measure, stage=stage, iso3=subject["iso3"], commodity=commodity,
            commodity_from=commodity_from, scope="world", excluding=[], period=None,
            frame=None, subject_from="context", subject_basis="coreference",
            period_basis=None, caption=False, pattern="only larger",
        )
    ]  # fmt: skip
