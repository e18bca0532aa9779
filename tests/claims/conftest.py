"""The real language models, loaded once for all the claims tests."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer, make_analyzer
from storyline.claims import Embed
from storyline.config import AnalyzeConfig
from storyline.embed import shared_embedder


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


@pytest.fixture(scope="module")
def embed() -> Embed:
    return shared_embedder()
