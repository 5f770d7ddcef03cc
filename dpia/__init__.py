"""dpia: an impact-assessment register for UK public bodies."""

__all__ = ["create_app"]


def __getattr__(name: str):
    # Importing any part of dpia must not build the web app's imports: the command line starts from here.
    if name == "create_app":
        from dpia.app import create_app

        return create_app
    raise AttributeError(f"module 'dpia' has no attribute {name!r}")
