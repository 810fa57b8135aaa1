"""Every quote is verbatim in the text it cites.

Each ``source.quote`` of a plan element (each fragment, when a list) must occur in the text of
``source.document`` after NFC and whitespace folding (runs of whitespace -> one space). The
``cited_at`` quotes of the sources index are checked against the plan text the same way.

PASS::

    source: {document: kh-cctthc-2024, ref: "IV.2", quote: "theo đúng thời gian quy định"}

FAIL (``quote-not-found``; the hint shows the closest passage of the text)::

    source: {document: kh-cctthc-2024, ref: "IV.2", quote: "theo đúng thời hạn quy định"}

A document without a text file is not checked here (its id is checked by ``plan_refs``).

The wording an element interprets must be part of what it quotes: ``timing.phrase`` and a party's
``phrase`` occur (case-insensitively, folded) in the element's quote (``phrase-not-in-quote``).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from ..messages import shorten
from ..problems import Problem
from ._plan_common import elements, fold, quote_fragments
from .base import Context, Document

__all__ = ["RULES", "closest_passage", "find_quote", "plan_phrases", "plan_quotes", "sources_quotes"]

_HINT_MAX = 160
_ECHO_MAX = 300  # characters of a wrong quote repeated in its message


def find_quote(quote: str, folded_text: str) -> bool:
    """True when ``quote`` (folded) occurs in ``folded_text`` (already folded)."""
    needle = fold(quote)
    return bool(needle) and needle in folded_text


MAX_COMPARED = 400
"""Characters of a quote compared when looking for the closest passage (its beginning): a longer
wrong quote gets the passage closest to its first :data:`MAX_COMPARED` characters."""

_GRAM = 8  # length of the n-grams that anchor the search
_GRAM_STEP = 4  # one n-gram of the quote every _GRAM_STEP characters
_GRAM_HITS = 64  # occurrences of one n-gram counted at most (a common word anchors nothing)
_EXACT_BUDGET = 2_000_000  # text length × quote length below which the whole text is compared


def closest_passage(quote: str, folded_text: str) -> str | None:
    """The passage of ``folded_text`` most like ``quote``: anchored on their longest common block,
    widened to the quote's length, then the best-scoring shift of that window.

    The work is bounded whatever the sizes: only the first :data:`MAX_COMPARED` characters of the
    quote are compared, and the text is narrowed first to the region its n-grams share most with the
    quote (found with ``str.find``, linear in the text); only that region (three quote lengths) is
    compared character by character.  A quote sharing no n-gram with the text is compared with the
    whole text only when both are small."""
    needle = fold(quote)[:MAX_COMPARED]
    if not needle or not folded_text:
        return None
    offset = _anchor_offset(needle, folded_text)
    if offset is not None:
        size = len(needle)
        begin = max(0, offset - size)
        return _closest_in(needle, folded_text[begin:offset + 2 * size + 1])
    if len(folded_text) * len(needle) > _EXACT_BUDGET:
        return None
    return _closest_in(needle, folded_text)


def _anchor_offset(needle: str, text: str) -> int | None:
    """The offset (text position − quote position) that most n-grams of ``needle`` agree on, or None."""
    if len(needle) < _GRAM:
        return None
    votes: dict[int, int] = {}
    seen: set[str] = set()
    for i in range(0, len(needle) - _GRAM + 1, _GRAM_STEP):
        gram = needle[i:i + _GRAM]
        if gram in seen:
            continue
        seen.add(gram)
        at = text.find(gram)
        hits = 0
        while at >= 0 and hits < _GRAM_HITS:
            votes[at - i] = votes.get(at - i, 0) + 1
            hits += 1
            at = text.find(gram, at + 1)
    if not votes:
        return None
    return max(sorted(votes), key=lambda off: votes[off])


def _closest_in(needle: str, folded_text: str) -> str | None:
    matcher = difflib.SequenceMatcher(None, folded_text, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(folded_text), 0, len(needle))
    if block.size == 0:
        return None
    size = len(needle)
    anchor = max(0, min(block.a - block.b, len(folded_text) - size))
    best: tuple[float, int] = (_ratio(folded_text, anchor, needle), anchor)
    step = max(1, size // 8)
    for start in range(anchor - size // 2, anchor + size // 2 + 1, step):
        begin = max(0, min(start, len(folded_text) - size))
        score = _ratio(folded_text, begin, needle)
        if score > best[0]:
            best = (score, begin)
    passage = folded_text[best[1]:best[1] + size]
    return _around_difference(passage, needle)


def _ratio(text: str, begin: int, needle: str) -> float:
    window = text[begin:begin + len(needle)]
    return difflib.SequenceMatcher(None, window, needle, autojunk=False).ratio()


def _around_difference(passage: str, needle: str) -> str:
    """At most _HINT_MAX characters of ``passage``, placed around its first difference from ``needle``."""
    if len(passage) <= _HINT_MAX:
        return passage
    first = next((i for i, (a, b) in enumerate(zip(passage, needle, strict=False)) if a != b),
                 min(len(passage), len(needle)))
    begin = max(0, min(first - _HINT_MAX // 3, len(passage) - _HINT_MAX))
    snippet = passage[begin:begin + _HINT_MAX]
    return ("…" if begin > 0 else "") + snippet + ("…" if begin + _HINT_MAX < len(passage) else "")


def _check(ctx: Context, doc: Document, node: Any, document_id: Any, quote: Any,
           folded: Mapping[str, str], owner: str) -> Iterable[Problem]:
    if not isinstance(document_id, str) or document_id not in folded:
        return
    text = folded[document_id]
    fragments = quote_fragments(quote)
    many = isinstance(quote, list)
    for index, fragment in enumerate(fragments):
        if find_quote(fragment, text):
            continue
        at = node.get(index) if many and node is not None else node
        label = f"fragment {index + 1} of the quote" if many else "quote"
        passage = closest_passage(fragment, text)
        hint = f"closest passage in {document_id}: \"{passage}\"" if passage else None
        yield ctx.problem(doc, at if at is not None else node, "quote-not-found",
                          f"{label} of {owner} is not in the text of {document_id}: "
                          f"\"{shorten(fold(fragment), _ECHO_MAX)}\"",
                          hint=hint)


def _folded_texts(ctx: Context) -> dict[str, str]:
    return {key: fold(text) for key, text in ctx.source_texts.items()}


def plan_quotes(ctx: Context) -> Iterable[Problem]:
    folded = _folded_texts(ctx)
    if not folded:
        return
    for doc in ctx.of_kind("plan"):
        for element in elements(doc):
            source = element.data.get("source")
            if not isinstance(source, dict):
                continue
            node = element.node.get("source", "quote") if element.node is not None else None
            yield from _check(ctx, doc, node, source.get("document"), source.get("quote"),
                              folded, f"'{element.ident}'")


def sources_quotes(ctx: Context) -> Iterable[Problem]:
    """``cited_at`` quotes of the sources index must be in the text of the document that cites them:
    the entry's ``cited_in`` (the id of a plan text of the index), else the one ``ke-hoach`` text."""
    folded = _folded_texts(ctx)
    if not folded:
        return
    for doc in ctx.of_kind("sources"):
        data = doc.data if isinstance(doc.data, dict) else {}
        documents = data.get("documents") or []
        citing = [d["id"] for d in documents
                  if isinstance(d, dict) and d.get("kind") == "ke-hoach" and d.get("id") in folded]
        for index, entry in enumerate(documents):
            if not isinstance(entry, dict):
                continue
            cited_in = entry.get("cited_in")
            if isinstance(cited_in, str):
                if cited_in not in folded:
                    continue  # no text to check against (an unknown id is the schema's and refs' business)
                text_id = cited_in
            elif len(citing) == 1:
                text_id = citing[0]
            else:
                continue  # which text cites them is ambiguous; nothing to check against
            for cindex, citation in enumerate(entry.get("cited_at") or []):
                if not isinstance(citation, dict):
                    continue
                node = doc.root.get("documents", index, "cited_at", cindex, "quote")
                yield from _check(ctx, doc, node, text_id, citation.get("quote"), folded,
                                  f"the citation of '{entry.get('id')}'")


def plan_phrases(ctx: Context) -> Iterable[Problem]:
    """``timing.phrase`` (duties, requirements) and party ``phrase`` occur in the element's own quote."""
    for doc in ctx.of_kind("plan"):
        for element in elements(doc, ("parties", "requirements", "duties")):
            source = element.data.get("source")
            if not isinstance(source, dict):
                continue
            quoted = fold(" ".join(quote_fragments(source.get("quote")))).casefold()
            timing = element.data.get("timing")
            candidates: list[tuple[tuple[str, ...], Any]] = [(("phrase",), element.data.get("phrase"))]
            if isinstance(timing, dict):
                candidates.append((("timing", "phrase"), timing.get("phrase")))
            for path, phrase in candidates:
                if isinstance(phrase, str) and fold(phrase).casefold() not in quoted:
                    yield ctx.problem(doc, element.at(*path), "phrase-not-in-quote",
                                      f"phrase \"{fold(phrase)}\" of '{element.ident}' is not part of its source.quote",
                                      hint="quote the sentence that contains the phrase")


RULES = (plan_quotes, sources_quotes, plan_phrases)
