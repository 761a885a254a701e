"""Scheduled operation: process every new batch folder of an inbox, and reprocess history.

``clean-new-batches`` (deployed on a cron schedule in prefect.yaml) looks at the sub-folders of
``inbox`` in name order and runs ``clean-batch`` on each complete one the ledger has not seen
(``tasks/io/inbox.py``: a ready marker, or a quiet period with no change).

``reprocess`` re-runs batches the ledger knows (one, some, or all, in their original order) with new
parameters. New MinHash parameters need ``rebuild_index=True``, which re-indexes all of history.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from prefect import flow, get_run_logger

from flows.pipeline import clean_batch
from tasks.config import DEFAULTS, INBOX_QUIET_S, READY_MARKER, batch_id_for
from tasks.io import remote
from tasks.io.inbox import listing_fingerprint, waiting_reason
from tasks.io.storage import STAGING, load_ledger, output_lock, swap_in


@flow(name="clean-new-batches")
def clean_new_batches(
    inbox: str = "inbox",
    output_dir: str = "output",
    target_script: str = DEFAULTS.target_script,
    threshold: float = DEFAULTS.threshold,
    measure: str = DEFAULTS.measure,
    dask_address: str | None = None,
    ready_marker: str | None = READY_MARKER,
    quiet_seconds: float = INBOX_QUIET_S,
) -> dict:
    """Clean each complete batch folder the ledger has not seen. A folder is complete when
    ``ready_marker`` is in it, or when nothing in it has changed for ``quiet_seconds``; an empty one
    waits. A processed folder whose files changed since fails the run, by name: its new files would
    otherwise never be read (move them to a new folder, or reprocess that batch)."""
    logger = get_run_logger()
    folders = _batch_folders(inbox)
    known = _ledger(output_dir)["batches"]
    pending, changed = [], []
    for name, folder in folders.items():
        entry = known.get(batch_id_for(name))
        if entry is not None:
            if entry.get("input_listing") and listing_fingerprint(folder) != entry["input_listing"]:
                changed.append(name)
            continue
        reason = waiting_reason(folder, ready_marker, quiet_seconds)
        if reason:
            logger.info("batch folder %s is not complete yet: %s", name, reason)
        else:
            pending.append(name)
    logger.info("inbox %s: %d batch folders, %d new and complete", inbox, len(folders), len(pending))
    done, failed = {}, {}
    for name in pending:
        try:
            manifest = clean_batch(
                input_dir=folders[name],
                output_dir=output_dir,
                batch_id=batch_id_for(name),
                target_script=target_script,
                threshold=threshold,
                measure=measure,
                dask_address=dask_address,
            )
            done[name] = manifest["counts"]
        except Exception as exc:  # one bad batch must not block the others
            logger.error("batch %s failed: %s", name, exc)
            failed[name] = repr(exc)
    problems = []
    if changed:
        problems.append(
            f"batch folders changed after they were processed, their new or changed files are not cleaned: "
            f"{changed}; move new files to a new batch folder, or reprocess those batches"
        )
    if failed:
        problems.append(f"{len(failed)} of {len(pending)} batches failed: {failed}")
    if problems:
        for problem in problems:
            logger.error(problem)
        raise RuntimeError("; ".join(problems))
    return done


def _batch_folders(inbox: str) -> dict[str, str]:
    """The inbox's batch folders (or ``s3://`` prefixes) by name, in name order; hidden ones skipped."""
    if remote.is_remote(inbox):
        if not remote.folder_exists(inbox):
            raise FileNotFoundError(f"inbox not found in the store: {inbox}")
        names = remote.subfolders(inbox)
        return {n: remote.join(inbox, n) for n in names if not n.startswith(".")}
    if not Path(inbox).is_dir():  # a typo here would otherwise be a "successful" run that does nothing
        raise FileNotFoundError(f"inbox folder not found: {inbox}")
    return {p.name: str(p) for p in sorted(Path(inbox).iterdir()) if p.is_dir() and not p.name.startswith(".")}


def _ledger(output_dir: str) -> dict:
    if remote.is_remote(output_dir):
        return remote.read_json(remote.join(output_dir, "ledger.json"), default={"batches": {}})
    return load_ledger(output_dir)


def _input_present(location: str | None) -> bool:
    """A local input folder that still exists; a remote one is checked when it is fetched."""
    return bool(location) and (remote.is_remote(location) or Path(location).is_dir())


@flow(name="reprocess")
def reprocess(
    output_dir: str = "output",
    batch_ids: list[str] | None = None,
    target_script: str = DEFAULTS.target_script,
    threshold: float = DEFAULTS.threshold,
    measure: str = DEFAULTS.measure,
    num_perm: int = DEFAULTS.num_perm,
    shingle_size: int = DEFAULTS.shingle_size,
    seed: int = DEFAULTS.seed,
    rebuild_index: bool = False,
    dask_address: str | None = None,
) -> dict:
    """Re-run processed batches with new parameters, in their original order.

    All batches (no ``batch_ids``): all or nothing. The whole output is rebuilt beside the old one
    (``OUTPUT/.reprocess/``, index included, so new MinHash parameters need nothing more) while
    the output is locked, and swapped in only when every batch has succeeded; a failure leaves the
    published output as it was. Some batches: each is republished in place, with the index as it
    is (``rebuild_index`` is refused there)."""
    logger = get_run_logger()
    if remote.is_remote(output_dir):
        raise ValueError("reprocess takes a local output folder: its swap of the whole output needs renames")
    batches = load_ledger(output_dir)["batches"]
    if rebuild_index and batch_ids is not None:
        raise ValueError("rebuild_index re-indexes all of history: leave batch_ids empty")
    wanted = sorted((b for b in batches if batch_ids is None or b in batch_ids), key=lambda b: batches[b]["seq"])
    unknown = set(batch_ids or []) - set(batches)
    if unknown:
        raise ValueError(f"not in the ledger: {sorted(unknown)}")
    # Every input is checked before anything is touched.
    gone = {b: batches[b].get("input_dir") for b in wanted if not _input_present(batches[b].get("input_dir"))}
    if gone:
        raise FileNotFoundError(f"input folders are gone, nothing was changed: {gone}")
    params = {
        "target_script": target_script,
        "threshold": threshold,
        "measure": measure,
        "num_perm": num_perm,
        "shingle_size": shingle_size,
        "seed": seed,
        "dask_address": dask_address,
    }
    done = {}
    if batch_ids is not None:
        for batch_id in wanted:
            manifest = clean_batch(
                input_dir=batches[batch_id]["input_dir"], output_dir=output_dir, batch_id=batch_id, **params
            )
            done[batch_id] = manifest["counts"]
            logger.info("reprocessed %s: %s", batch_id, manifest["counts"])
        return done
    staging = Path(output_dir) / STAGING
    with output_lock(output_dir, on_wait=lambda: logger.warning("waiting for a run on %s to finish", output_dir)):
        shutil.rmtree(staging, ignore_errors=True)  # left by a crash
        try:
            for batch_id in wanted:
                manifest = clean_batch(
                    input_dir=batches[batch_id]["input_dir"], output_dir=str(staging), batch_id=batch_id, **params
                )
                done[batch_id] = manifest["counts"]
                logger.info("reprocessed %s: %s", batch_id, manifest["counts"])
        except BaseException:
            logger.error("reprocess failed: the published output is unchanged")
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap_in(staging, output_dir)
    return done
