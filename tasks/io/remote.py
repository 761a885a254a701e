"""Batches and outputs in object storage (``s3://bucket/prefix``, or any URI pyarrow opens).

The run itself works on local files; the store stays the record:

- **Input.** The batch's files are copied to a local folder first. A file already there with the
  store's size and modification time is not copied again, and the copy keeps the store's
  modification time, so the input fingerprints (and the cached shards they key) are the same on
  every machine that reads the batch. The copy is deleted once the batch is published.
- **Output.** The state a run reads (ledger, manifests, index, line statistics) is copied from the
  store into a local mirror, replacing whatever the mirror held. The run publishes into the
  mirror as it does into any folder, and then the batch's files go up, data first and
  ``manifest.json`` last (``PUBLISH_ORDER``). An object store's PUT is atomic per object: a reader
  sees a file's old or new version, never part of one; a run that stops between two uploads left
  the ledger and the manifests as they were, so a re-run (from any machine) publishes again.
- **Credentials and endpoint** come from pyarrow's standard sources: the ``AWS_*`` environment
  variables, ``~/.aws/config`` and ``~/.aws/credentials``, an instance role; ``AWS_ENDPOINT_URL``
  points at MinIO, Ceph or another S3-compatible store. Never from parameters, never logged.
- **One writer per output.** A store has no lock that pyarrow can take, so an output prefix has one
  writer at a time: the deployment's ``concurrency_limit: 1`` (prefect.yaml), and the local lock
  on the mirror for runs on one machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

import pyarrow.fs as pafs

from tasks.io.storage import atomic_path

# What a run reads from an output besides its own batch: pulled into the mirror before the run.
STATE_PATHS = ("ledger.json", "manifest.json", "manifests", "index", "state")


def is_remote(location: str | os.PathLike) -> bool:
    """A URI with a scheme pyarrow knows (s3://, gs://, ...); a plain path, or file://, is local."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def open_store(uri: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and the path inside it, credentials from the environment."""
    filesystem, path = pafs.FileSystem.from_uri(uri)
    return filesystem, path.rstrip("/")


def uri_name(uri: str) -> str:
    """The last part of the URI's path: a remote batch's default id, as a folder's name is."""
    return PurePosixPath(uri.split("://", 1)[1].rstrip("/")).name


def cache_root() -> Path:
    """Local copies of remote batches and outputs: ``$CNNEWS_CACHE``, else ``~/.cache/cnnews-clean``."""
    return Path(os.environ.get("CNNEWS_CACHE") or Path.home() / ".cache" / "cnnews-clean")


def local_copy(kind: str, uri: str) -> Path:
    """Where a remote location is copied: stable per URI, so a re-run on this machine reuses it."""
    digest = hashlib.sha256(uri.rstrip("/").encode()).hexdigest()[:16]
    return cache_root() / kind / f"{uri_name(uri) or 'root'}-{digest}"


def _remote_files(filesystem: pafs.FileSystem, root: str) -> dict[str, pafs.FileInfo]:
    """Every file under ``root``, by its path relative to it; nothing when ``root`` does not exist."""
    if filesystem.get_file_info(root).type == pafs.FileType.NotFound:
        return {}
    found = filesystem.get_file_info(pafs.FileSelector(root, recursive=True, allow_not_found=True))
    return {info.path[len(root) + 1 :]: info for info in found if info.type == pafs.FileType.File}


def list_files(uri: str) -> dict[str, pafs.FileInfo]:
    """Every object under ``uri``, by its path relative to it."""
    filesystem, root = open_store(uri)
    return _remote_files(filesystem, root)


def subfolders(uri: str) -> list[str]:
    """The names of the folders (common prefixes) directly under ``uri``."""
    filesystem, root = open_store(uri)
    infos = filesystem.get_file_info(pafs.FileSelector(root, recursive=False, allow_not_found=True))
    return sorted(i.base_name for i in infos if i.type == pafs.FileType.Directory)


def folder_exists(uri: str) -> bool:
    """A prefix holding at least one object (a store has no empty folders), or a bucket."""
    filesystem, root = open_store(uri)
    return filesystem.get_file_info(root).type == pafs.FileType.Directory


def read_json(uri: str, default=None):
    filesystem, path = open_store(uri)
    try:
        with filesystem.open_input_stream(path) as fh:
            return json.loads(fh.read())
    except FileNotFoundError:
        return default


def _download(filesystem: pafs.FileSystem, info: pafs.FileInfo, target: Path) -> None:
    with atomic_path(target) as tmp:
        with filesystem.open_input_stream(info.path) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        if info.mtime_ns is not None:
            os.utime(tmp, ns=(info.mtime_ns, info.mtime_ns))


def _same(info: pafs.FileInfo, local: Path) -> bool:
    try:
        st = local.stat()
    except FileNotFoundError:
        return False
    return st.st_size == info.size and (info.mtime_ns is None or st.st_mtime_ns == info.mtime_ns)


def sync_down(uri: str, folder: str | Path, only: tuple[str, ...] | None = None) -> dict[str, int]:
    """Make ``folder`` (or its ``only`` entries) hold what the store holds under ``uri``: changed files
    are copied, files the store no longer has are deleted. Returns counts for the log."""
    filesystem, root = open_store(uri)
    folder = Path(folder)
    remote = _remote_files(filesystem, root)

    def wanted(rel: str) -> bool:
        return only is None or any(rel == p or rel.startswith(p + "/") for p in only)

    copied = kept = removed = 0
    for rel, info in sorted(remote.items()):
        if not wanted(rel):
            continue
        if _same(info, folder / rel):
            kept += 1
            continue
        _download(filesystem, info, folder / rel)
        copied += 1
    for base in [folder / p for p in only] if only is not None else [folder]:
        local = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in local:
            rel = path.relative_to(folder).as_posix()
            if rel not in remote and not rel.startswith("."):
                path.unlink()
                removed += 1
    return {"copied": copied, "unchanged": kept, "removed": removed}


def fetch_input(uri: str) -> Path:
    """A remote batch as a local folder (only the files that changed since the last fetch are copied)."""
    folder = local_copy("inputs", uri)
    folder.mkdir(parents=True, exist_ok=True)
    sync_down(uri, folder)
    return folder


def forget_input(uri: str) -> None:
    """Delete a remote batch's local copy (the store keeps the batch)."""
    shutil.rmtree(local_copy("inputs", uri), ignore_errors=True)


def pull_state(uri: str, mirror: str | Path) -> dict[str, int]:
    """The output's state, as the store has it, into the mirror (the run lock on the mirror held)."""
    Path(mirror).mkdir(parents=True, exist_ok=True)
    return sync_down(uri, mirror, only=STATE_PATHS)


def publish_order(batch_id: str) -> list[str]:
    """The batch's published files, in upload order: the data, then what describes it, the
    combined manifest last (a reader who starts from ``manifest.json`` finds every file it names)."""
    return [
        f"clean/{batch_id}.parquet",
        f"duplicates/{batch_id}.parquet",
        f"rejected/{batch_id}.parquet",
        f"index/{batch_id}.parquet",
        "index/params.json",
        f"state/line_stats/{batch_id}.parquet",
        f"manifests/{batch_id}.json",
        "ledger.json",
        "manifest.json",
    ]


def _upload(filesystem: pafs.FileSystem, source: Path, target: str) -> None:
    """Up under a hidden temporary name, then copied into place: a stream that fails half-way is
    still completed by pyarrow when it closes, and must not become the published object."""
    parent, name = target.rsplit("/", 1)
    tmp = f"{parent}/.{name}.tmp-{os.getpid()}"
    try:
        with open(source, "rb") as src, filesystem.open_output_stream(tmp) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        filesystem.copy_file(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            filesystem.delete_file(tmp)


def push_batch(mirror: str | Path, uri: str, batch_id: str) -> list[str]:
    """Upload a published batch from the mirror to the store, in ``publish_order``."""
    filesystem, root = open_store(uri)
    uploaded = []
    for rel in publish_order(batch_id):
        source = Path(mirror) / rel
        if not source.is_file():
            continue
        _upload(filesystem, source, f"{root}/{rel}")
        uploaded.append(rel)
    return uploaded


# ---------------------------------------------------------------------------------------------
# Single files, for shard work exchanged through the store (tasks/stages/store_work.py)
# ---------------------------------------------------------------------------------------------


def join(uri: str, *parts: str) -> str:
    return "/".join([uri.rstrip("/"), *(p.strip("/") for p in parts)])


def _info(uri: str) -> tuple[pafs.FileSystem, pafs.FileInfo]:
    filesystem, path = open_store(uri)
    return filesystem, filesystem.get_file_info(path)


def exists(uri: str) -> bool:
    return _info(uri)[1].type == pafs.FileType.File


def modified_ns(uri: str) -> int | None:
    info = _info(uri)[1]
    return info.mtime_ns if info.type == pafs.FileType.File else None


def fetch_file(uri: str, target: str | Path) -> Path:
    """One object to a local file (kept when already there with the same size and time)."""
    filesystem, info = _info(uri)
    if info.type != pafs.FileType.File:
        raise FileNotFoundError(uri)
    target = Path(target)
    if not _same(info, target):
        _download(filesystem, info, target)
    return target


def put_file(source: str | Path, uri: str) -> str:
    filesystem, path = open_store(uri)
    _upload(filesystem, Path(source), path)
    return uri


def remove_except(uri: str, keep) -> int:
    """Delete the objects under ``uri`` whose name ``keep(name)`` refuses; returns how many went."""
    filesystem, root = open_store(uri)
    removed = 0
    for rel, info in _remote_files(filesystem, root).items():
        if not keep(rel.rsplit("/", 1)[-1]):
            filesystem.delete_file(info.path)
            removed += 1
    return removed
