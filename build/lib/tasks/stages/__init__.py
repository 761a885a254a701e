"""The batch stages as plain functions on files, in the order the flow runs them.

1. ``shards.process_shard``: read and clean one shard; its result file is the cache of a re-run.
2. ``line_stats.line_statistics``: per-source line counts of this and earlier batches: frequent lines.
3. ``shards.finalize_shard``: drop frequent lines, reject what is too short, sign (MinHash).
4. ``duplicates.prepare_dedup``: the batch's signatures and the earlier batches' index as arrays.
5. ``duplicates.band_pairs``: candidate pairs for a range of LSH bands (on Dask workers when asked).
6. ``duplicates.decide``: verify pairs, cluster, choose the document each cluster keeps.
7. ``publish.publish``: clean / duplicates / rejected / index renamed into place together, the manifest last.
Only paths and small arrays pass between stages; ``tasks.prefect_tasks`` wraps each as a Prefect task.
"""
