"""Every quote lies inside the part of the text its ref cites, its fragments in order.

The text's parts come from :mod:`kehoach.outline` (a section, item, bullet, table row). Each fragment
of ``source.quote`` must occur inside the part ``source.ref`` (and ``source.bullet``) cites, each after
the one before it. A field's own quote (``source.fields.<field>``) is checked the same way against its
own ``ref`` (the element's when absent); it must also be in the text at all. A ref the outline does not
have is left to ``plan_refs``; a quote not in the text at all is ``quote-not-found`` (``quotes``).

PASS::

    source: {document: kh-cctthc-2024, ref: "IV.2", quote: "theo đúng thời gian quy định"}

FAIL (``quote-outside-ref`` at ``source.ref``, naming IV.2 where the quote really is)::

    source: {document: kh-cctthc-2024, ref: "IV.1", quote: "theo đúng thời gian quy định"}

FAIL (``quote-out-of-order`` at the second fragment)::

    quote: ["trước ngày 31/8/2024", "Kết quả rà soát gửi về Văn phòng UBND tỉnh"]
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..problems import Problem
from ._plan_common import Element, elements, fold, quote_fragments
from ._provenance import cited_part, shorten, where_is
from .base import Context, Document

__all__ = ["RULES", "quote_places"]


def _locate(text: str, fragment: str) -> int | None:
    """The position in ``text`` where ``fragment`` (folded) starts, whitespace runs matched loosely."""
    import re

    words = fold(fragment).split(" ")
    if not words or not words[0]:
        return None
    if sum(map(len, words)) + len(words) - 1 > len(text) or any(w not in text for w in words[:8]):
        return None  # longer than the text, or a word it lacks: no need to compile a pattern of it
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    match = pattern.search(text)
    return match.start() if match else None


def _check(ctx: Context, doc: Document, element: Element, text: str, document: str, ref: Any, bullet: Any,
           quote: Any, at: tuple[str | int, ...], label: str) -> Iterator[Problem]:
    cited = cited_part(text, ref, bullet)
    fragments = quote_fragments(quote)
    many = isinstance(quote, list)
    where = f"{ref} bullet {bullet}" if isinstance(bullet, int) else str(ref)
    if cited is None:  # the outline has no such part (plan_refs checks the ref): the text as a whole
        if label != "source":
            for index, fragment in enumerate(fragments):
                if _locate(text, fragment) is None:
                    node_path = (*at, "quote", index) if many else (*at, "quote")
                    yield ctx.problem(doc, element.at(*node_path), "quote-not-found",
                                      f"{label}.quote of '{element.ident}' is not in the text of {document}: "
                                      f"\"{shorten(fragment)}\"")
        return
    span = cited.scope  # a merged-cell sub-row's quote may come from the cells it shares with its parent
    offset = 0
    for index, fragment in enumerate(fragments):
        node_path = (*at, "quote", index) if many else (*at, "quote")
        inside = _locate(span[offset:], fragment)
        if inside is not None:
            offset += inside + 1
            continue
        anywhere = _locate(text, fragment)
        if anywhere is None:
            if label != "source":
                yield ctx.problem(doc, element.at(*node_path), "quote-not-found",
                                  f"{label}.quote of '{element.ident}' is not in the text of {document}: "
                                  f"\"{shorten(fragment)}\"")
            continue
        if _locate(span, fragment) is not None:
            yield ctx.problem(doc, element.at(*node_path), "quote-out-of-order",
                              f"fragment {index + 1} of {label}.quote of '{element.ident}' comes before the "
                              f"fragment it follows in {where}: \"{shorten(fragment)}\"",
                              hint="list the fragments in the order of the text")
            continue
        real = where_is(text, anywhere)
        really = real.label_ref if real is not None else "another part of the text"
        yield ctx.problem(doc, element.at(*at, "ref"), "quote-outside-ref",
                          f"{label}.ref of '{element.ident}' cites {where}, but its quote is in {really}: "
                          f"\"{shorten(fragment)}\"",
                          hint=f"cite {really}, or quote the words of {where}")


def quote_places(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        for element in elements(doc):
            source = element.data.get("source")
            if not isinstance(source, dict) or not isinstance(source.get("document"), str):
                continue
            document = source["document"]
            text = ctx.source_texts.get(document)
            if not text:
                continue
            yield from _check(ctx, doc, element, text, document, source.get("ref"), source.get("bullet"),
                              source.get("quote"), ("source",), "source")
            fields = source.get("fields")
            if not isinstance(fields, dict):
                continue
            for name, own in fields.items():
                if not isinstance(own, dict):
                    continue
                ref = own.get("ref", source.get("ref"))
                bullet = own.get("bullet", source.get("bullet") if "ref" not in own else None)
                yield from _check(ctx, doc, element, text, document, ref, bullet, own.get("quote"),
                                  ("source", "fields", name), f"source.fields.{name}")


RULES = (quote_places,)
