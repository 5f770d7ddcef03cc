"""dpia: an impact-assessment register for UK public bodies."""

from dpia.app import create_app

__all__ = ["create_app"]
