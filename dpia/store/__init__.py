"""Persistence: SQLite through sqlite-utils. Nothing here knows about HTTP."""
