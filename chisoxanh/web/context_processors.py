"""What every page's top bar shows."""

from chisoxanh.documents.policies import aggregation

from .pagecache import unread_notifications


def notifications(request) -> dict:
    """The top bar: the unread count (one COUNT query per page) and whether to show the
    aggregation link (from the user's roles, which the access checks have usually loaded)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "unread_notifications": unread_notifications(request),
        "nav_aggregator": aggregation.can_open(user),
    }
