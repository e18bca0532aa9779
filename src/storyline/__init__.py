"""storyline: overlapping news reports in, what a careful editor would write down out."""

from storyline.config import Config, load_config
from storyline.errors import StorylineError
from storyline.pipeline import IngestSummary, ingest, run
from storyline.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Config",
    "IngestSummary",
    "StorylineError",
    "__version__",
    "ingest",
    "load_config",
    "open_store",
    "run",
]
