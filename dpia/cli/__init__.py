"""The `dpia` command: thin click wrappers over the use cases (entry point in dpia/cli/main.py)."""
