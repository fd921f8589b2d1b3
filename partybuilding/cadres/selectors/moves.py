"""Stub: filled by its area."""
