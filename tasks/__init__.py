"""The pipeline's logic; ``flows/`` only orchestrates it. How a batch flows through it:

- ``io.ingest`` reads a batch folder into shards of raw records (and rejected ones);
- ``text`` cleans one document: ``encoding`` repair, ``normalize``, ``boilerplate``, ``script``;
- ``dedup`` signs documents (``minhash``) and clusters near duplicates (``clusters``);
- ``stages`` runs these over shard files, in order, and ``publish``es the batch;
- ``io.storage`` and ``io.index`` own the files under the output folder;
- ``config`` holds every parameter once, ``schema`` every table's columns;
- ``prefect_tasks`` wraps the stages as Prefect tasks.
"""

import os

# Arrow's allocator, chosen before pyarrow loads in this process and in the processes it starts
# (worker processes, the temporary API server): see ``tasks/memory.py``. Unless the user chose one.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
