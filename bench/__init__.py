"""The benchmarks.  Sentence embeddings (kb.search.dense) cost about 0.1 s of CPU a passage at ingest,
hours at 100k passages: the benchmarks measure kb without them unless KB_DENSE is set by hand."""

import os

os.environ.setdefault("KB_DENSE", "0")
