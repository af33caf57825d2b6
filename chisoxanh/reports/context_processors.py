from .models import Notification


def notifications(request) -> dict:
    """The unread count shown in the top bar: one COUNT query per page for a logged-in user."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
