"""Ordering by name is Vietnamese alphabetical in the database itself, on SQLite and PostgreSQL."""

from chisoxanh.accounts.models import Organization
from chisoxanh.core.db import ViCollate
from chisoxanh.lib.vietnamese import sort_key

NAMES = [
    "Ủy ban xã Yên Bình",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Ban Quản lý",
    "Sở Y tế",
    "Đài Phát thanh",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Ấp Bắc",
    "An Giang",
    "Ân Thi",
    "Dân tộc",
    "Ơn Đức",
    "Ông Ích",
    "Sở Tư pháp",
    "Sở Tài nguyên",
]


def test_order_by_name_is_vietnamese_on_this_database(db):
    root = Organization.objects.create(name="Gốc", kind="province")
    for name in NAMES:
        Organization.objects.create(name=name, kind="agency", parent=root)
    ordered = list(Organization.objects.filter(parent=root).order_by(ViCollate("name")).values_list("name", flat=True))
    assert ordered == sorted(NAMES, key=sort_key)
    assert ordered.index("An Giang") < ordered.index("Ân Thi") < ordered.index("Ấp Bắc") < ordered.index("Ban Quản lý")
    assert ordered.index("Dân tộc") < ordered.index("Đài Phát thanh")
    assert ordered.index("Ông Ích") < ordered.index("Ơn Đức")
