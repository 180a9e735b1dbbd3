"""Writes and reads of the Learning Record Store, one module per area."""
