"""Event claims: one claim per event of :mod:`assay.analyses.news.events` stated as
fact (:func:`event_claims`).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    _claim,
)
from assay.analyses.news.frames import (
    attribution_spans,
)

#: 'according to Jessica Fung, head of ...': a named person followed by an appositive.
_PERSON_SOURCE = re.compile(r"according\s+to\s+[A-Z][a-z]+(?:\s+[A-Z][\w'-]+){1,2}\s*,\s+[a-z]")


def event_claims(text: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One 'event' claim per event stated as fact (expected or negated events included,
    with their modality)."""
    claims = []
    for ev in events:
        s0, s1 = ev["sentence_span"]
        if ev["type"] == "office_held":  # a title and a name: the claim is that phrase
            s0, s1 = ev["span"]
        elif ev.get("claim_span"):  # 'starting Dec. 1' beside a measure: those words
            s0, s1 = ev["claim_span"]
        else:
            # a trailing attribution to a person with a title ('..., according to Jessica
            # Fung, head of Consulting at Project Blue') says who reports the event: the claim
            # checked is the event, so its span ends before the source and the source's title
            # (an attribution to a document, 'according to an announcement Thursday', may
            # date the event and stays)
            trailing = [
                a
                for a, _ in attribution_spans(text[s0:s1], s0)
                if a >= ev["span"][1] and _PERSON_SOURCE.match(text, a, s1)
            ]
            if trailing:
                s1 = s0 + len(text[s0 : trailing[0]].rstrip(" ,;-"))
        who = ev["initiator"] or "?"
        to = ",".join(ev["targets"])
        claims.append(
            _claim(
                "event",
                text,
                (s0, s1),
                f"{who} {ev['type']}" + (f" {to}" if to else ""),
                predicate=ev["type"],
                object=to or None,
                event=ev,
            )
        )
    return claims
