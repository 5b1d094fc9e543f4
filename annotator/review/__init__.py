"""Reviewing attributions: decisions kept in SQLite and applied to every later output."""
