"""Helpers of the clean stage (``storyline.clean.clean_report`` is the entry point).

- ``text``: line splitting and Unicode/quote/whitespace normalization that keeps an exact
  clean -> raw offset mapping;
- ``boilerplate``: the line rules (labels, prompts, bylines, credits, duplicates, broken
  paragraphs);
- ``dates``: datelines, date stamps and lead-photo captions read into a publication date and place.
"""
