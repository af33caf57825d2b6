from decimal import Decimal

from chisoxanh.pgi.models import Province, Score, Subindex
from chisoxanh.pgi.services import reference_data_sync


def test_the_four_subindices_are_loaded_with_their_names(db):
    names = dict(Subindex.objects.values_list("number", "name"))
    assert names == {
        1: "Giảm thiểu ô nhiễm và thiên tai",
        2: "Đảm bảo tuân thủ",
        3: "Thúc đẩy thực hành xanh",
        4: "Chính sách khuyến khích và dịch vụ hỗ trợ",
    }
    assert Subindex.objects.get(number=3).name_en == "Environmental leadership by provincial governments"


def test_there_are_63_former_and_34_current_provinces(db):
    assert Province.objects.filter(era="pre2025").count() == 63
    assert Province.objects.filter(era="post2025").count() == 34
    assert not Province.objects.filter(era="pre2025", successor__isnull=True).exists()


def test_merged_provinces_point_to_their_successor(db):
    def successor(name):
        return Province.objects.get(era="pre2025", name=name).successor.name

    assert successor("Hà Giang") == "Tuyên Quang"
    assert successor("Hải Dương") == "Thành phố Hải Phòng"
    assert successor("Bà Rịa - Vũng Tàu") == "Thành phố Hồ Chí Minh"
    assert successor("Lạng Sơn") == "Lạng Sơn"
    current = Province.objects.get(era="post2025", name="Vĩnh Long")
    assert set(current.predecessors.values_list("name", flat=True)) == {
        "Vĩnh Long",
        "Bến Tre",
        "Trà Vinh",
    }


def test_lang_son_scores_are_shipped_with_their_sources(db):
    lang_son = Province.objects.get(era="pre2025", name="Lạng Sơn")
    total_2023 = Score.objects.get(province=lang_son, year=2023, subindex__isnull=True)
    assert (total_2023.score, total_2023.rank) == (Decimal("17.33"), 62)
    assert total_2023.source.startswith("https://")
    assert Score.objects.get(province=lang_son, year=2022, subindex__isnull=True).rank == 2
    sub_2024 = dict(
        Score.objects.filter(province=lang_son, year=2024, subindex__isnull=False).values_list(
            "subindex__number", "score"
        )
    )
    assert sub_2024 == {
        1: Decimal("4.95"),
        2: Decimal("4.95"),
        3: Decimal("6.71"),
        4: Decimal("6.02"),
    }


def test_unknown_figures_are_not_invented(db):
    lang_son = Province.objects.get(era="pre2025", name="Lạng Sơn")
    # 2024: sub-index scores are known, the total and rank were not published.
    assert not Score.objects.filter(province=lang_son, year=2024, subindex__isnull=True).exists()
    hcm_2023 = Score.objects.get(province__name_en="Ho Chi Minh City", year=2023, subindex__isnull=True)
    assert hcm_2023.rank == 5


def test_every_row_of_the_shipped_file_is_loaded(db):
    import csv

    from chisoxanh.pgi.services import SCORES_FILE

    with SCORES_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    expected = sum(
        bool(r["total"].strip() or r["rank"].strip()) + sum(bool(r[f"subindex{n}"].strip()) for n in range(1, 5))
        for r in rows
    )
    assert Score.objects.count() == expected


def test_sync_is_idempotent(db, django_assert_max_num_queries):
    before = (Province.objects.count(), Score.objects.count(), Subindex.objects.count())
    reference_data_sync()
    assert (Province.objects.count(), Score.objects.count(), Subindex.objects.count()) == before


def test_running_the_sync_again_writes_nothing_and_keeps_every_board_cached(world, period):
    from chisoxanh.reports.models import Period

    before = Period.objects.get(pk=period.pk).revision
    reference_data_sync()  # as every `migrate` does
    assert Period.objects.get(pk=period.pk).revision == before
    # A real change to a sub-index still reaches the boards.
    Subindex.objects.filter(number=1).update(name="Tên cũ")
    reference_data_sync()
    assert Period.objects.get(pk=period.pk).revision > before
    assert Subindex.objects.get(number=1).name != "Tên cũ"
