"""Engines that run the registry of stages (``storyline.stages``).

The local engine is ``engines/local.py`` (with ``local_stories.py``, ``local_claims.py``,
``local_events.py``, ``local_corrections.py`` and ``local_vectors.py``) over SQLite, the only
writer of the store besides ingest; ``storyline.pipeline`` is its front. ``engines/ray.py`` (the
``ray`` extra, the only module importing ray) runs the whole registry with Ray in one session:
clean, analyze, reuse (``engines/ray_reuse.py``), claims and events on Ray, stories on the driver
(``engines/driver.py``), writing a Parquet records dataset (``storyline.dataset``).
"""
