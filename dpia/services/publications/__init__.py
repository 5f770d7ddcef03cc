"""Publishing systems' public records for the transparency pages, and withdrawing them."""
