"""brat standoff, the vocabulary its writer (annotator.export.brat) and reader
(annotator.importers.brat) share: a ``.txt`` and ``.ann`` pair per document, the format PolNeAR and many corpora use.

Decisions that make ``records -> brat -> records`` lossless:

* Offsets are Unicode code points (Python string indices), the unit of the
  records and of brat's own Python server. The ``.txt`` is written as UTF-8 with
  no newline translation and no BOM, so CRLF stays two characters and offsets
  still land on the same text.
* Every span is one fragment ``start end`` even across line breaks; the text
  field after the second tab is only for people, with each line break shown as
  a space so the ``.ann`` keeps one annotation per line.
* Entities: ``Cue``, ``Source``, ``Content``, ``ResolvedSource``, ``Hedge``,
  ``HedgeScope``. Each attribution owns its own entities, so two claims sharing
  a source stay two claims. Links are ``R`` lines from the attribution's cue
  (``Source``, ``Content``, ``ResolvedSource``, ``Hedged``) and from a hedge to
  its scope (``Scope``). ``A`` lines carry ``SourceType`` and ``QuoteType`` on
  the cue and ``HedgeKind`` on the hedge.
* A claim is a ``Claim`` entity with a ``ClaimKind`` attribute, a binary
  ``Checkworthy`` attribute when it is check-worthy, and a ``ClaimSource`` link
  to the cue of each attribution whose content holds it (none: unsourced).
* What brat has no place for (item ids and scores) goes in an
  ``AnnotatorNotes`` line as JSON on the cue; the attribution's speaker in one on
  its ``Source`` entity (``{"speaker": "Jon Lansman"}``, shown when a brat user
  hovers the source), or on the cue when there is no source. Document-level
  fields (id, meta, review, model) go in a ``<name>.json`` sidecar that brat ignores.
* File names are the document id when it is a safe name, else a slug plus a
  hash; the real id is in the sidecar. An ``annotation.conf`` lets a brat server
  open the folder as it is.
"""

from __future__ import annotations

import re

CUE, SOURCE, CONTENT, RESOLVED, HEDGE, SCOPE = "Cue", "Source", "Content", "ResolvedSource", "Hedge", "HedgeScope"
ATTRIBUTION_ROLES = {"source": SOURCE, "content": CONTENT, "resolved_source": RESOLVED}
RELATION_FOR_ROLE = {SOURCE: "Source", CONTENT: "Content", RESOLVED: "ResolvedSource"}
HEDGED, HEDGE_SCOPE = "Hedged", "Scope"
CLAIM, CLAIM_SOURCE, A_CLAIM_KIND, A_CHECKWORTHY = "Claim", "ClaimSource", "ClaimKind", "Checkworthy"
A_SOURCE_TYPE, A_QUOTE_TYPE, A_HEDGE_KIND = "SourceType", "QuoteType", "HedgeKind"
NOTES = "AnnotatorNotes"
LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def shown_text(text: str) -> str:
    """The human-readable text field: the slice with line breaks as spaces, so it stays on one line."""
    return LINE_BREAKS.sub(" ", text)
