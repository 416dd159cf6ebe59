"""One module per format: bytes in, :class:`~wiredesk.ingest.wire.ParsedFeed` out."""
