"""GOV.UK pagination for listings: first, last and the pages around the current one, with ellipses."""

from collections.abc import Callable


def pagination(page: int, pages: int, link: Callable[[int], str], label: str = "Pagination") -> dict | None:
    """The govukPagination parameters for `page` of `pages`, or None when everything fits on one."""
    if pages <= 1:
        return None
    items: list[dict] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 1:
            items.append({"number": number, "href": link(number), "current": number == page})
        elif not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    return {
        "landmarkLabel": label,
        "items": items,
        "previous": {"href": link(page - 1)} if page > 1 else None,
        "next": {"href": link(page + 1)} if page < pages else None,
    }
