"""Which failures the Prefect tasks retry: passing I/O trouble, never a full disk or bad data."""

import errno

import pytest

from tasks.prefect_tasks import IO_RETRIES, is_transient


@pytest.mark.parametrize(
    "exc,retried",
    [
        (OSError(errno.EIO, "Input/output error"), True),
        (ConnectionResetError(errno.ECONNRESET, "reset by peer"), True),
        (TimeoutError(errno.ETIMEDOUT, "timed out"), True),
        (OSError(errno.ENOSPC, "No space left on device"), False),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), False),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), False),
        (PermissionError(errno.EACCES, "Permission denied"), False),
        (ValueError("bad data"), False),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_only_transient_io_errors_are_retried(exc, retried):
    assert is_transient(exc) is retried


def test_tasks_retry_with_that_condition():
    assert IO_RETRIES["retries"] == 2 and IO_RETRIES["retry_condition_fn"].__name__ == "_transient"
