"""Transports only: they return bytes and headers, never parse or store."""
