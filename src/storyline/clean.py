"""Report -> Article | Rejection: boilerplate, broken paragraphs, datelines, normalization."""

from __future__ import annotations

from storyline.config import CleanConfig
from storyline.model import Article, Rejection, Report


def clean_report(report: Report, cfg: CleanConfig) -> Article | Rejection:
    raise NotImplementedError  # built in issue 2 (clean helper)
