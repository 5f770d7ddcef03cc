"""Use cases: the only layer that combines the store, search and export."""
