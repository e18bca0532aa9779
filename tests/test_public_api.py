"""The public API is small and deliberate: a change to it shows up here."""

from __future__ import annotations

import storyline


def test_the_public_surface_is_pinned() -> None:
    assert sorted(storyline.__all__) == [
        "Config",
        "IngestSummary",
        "StorylineError",
        "__version__",
        "ingest",
        "load_config",
        "open_store",
        "run",
    ]
    for name in storyline.__all__:
        assert hasattr(storyline, name), name


def test_importing_storyline_does_not_import_the_heavy_optional_stacks() -> None:
    import subprocess
    import sys

    code = (
        "import sys, storyline; "
        "print(sorted(m for m in ('spacy', 'torch', 'sentence_transformers', 'ray') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
