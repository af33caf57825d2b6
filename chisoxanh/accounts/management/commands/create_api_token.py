from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chisoxanh.accounts.models import ApiToken
from chisoxanh.core.audit import audit


class Command(BaseCommand):
    help = "Cấp mã truy cập API cho một người dùng; mã chỉ hiện một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API", help="tên gợi nhớ của mã")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên “{username}”.")
        token, key = ApiToken.issue(user=user, name=name)
        audit(
            actor=None,
            action="accounts.api_token.issued",
            obj=token,
            changes={"user": [None, username]},
        )
        self.stdout.write(key)
