"""The reader contract: every reader yields Articles or IngestFailures, never raises per item.

A reader is a function ``read(path_or_url: str, **options) -> Iterator[Article | IngestFailure]``
registered by format name in :data:`READERS`. A failure for one item (a bad row, a
truncated WARC record) is yielded as an :class:`IngestFailure` and the reader goes on
with the next item; only a failure of the whole input (file missing) may end it, and
even that is yielded as a failure rather than raised.
"""
