# Shortcuts for scripts/dev, the one entry point (see scripts/dev --help).
.PHONY: run test lint format assets clean

run:
	scripts/dev run

test:
	scripts/dev test

lint:
	scripts/dev lint

format:
	scripts/dev format

# Rebuild dpia/static/govuk/ (needs node and npm); commit the result
assets:
	assets/build

# Leaves instance/ (the database and search index) alone
clean:
	rm -f .venv/.dpia-install-stamp
	rm -rf .pytest_cache .ruff_cache test-artifacts assets/node_modules
	find . -path ./.venv -prune -o -path ./assets/node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

