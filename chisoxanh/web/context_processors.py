"""What every page's top bar shows."""

from .menu import menu_for
from .pagecache import unread_notifications


def top_bar(request) -> dict:
    """The top bar: the unread count (one COUNT query per page) and the menu of what the user's
    roles can use (from the roles, which the access checks have usually loaded)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "unread_notifications": unread_notifications(request),
        "menu": menu_for(user, match.url_name if match else None),
    }
