"""Engines that run the registry of stages (``storyline.stages``).

The local engine is ``storyline.pipeline`` over SQLite. ``engines/ray.py`` (the ``ray`` extra,
the only module importing ray) runs stages as Ray Data operations; so far the per-article maps
(clean, analyze), writing a Parquet records dataset (``storyline.dataset``).
"""
