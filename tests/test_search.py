"""The search box of the top bar: plans, tasks, reports and organisations within the user's reach,
diacritic-insensitive, ranked, paged, at a fixed number of queries (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chisoxanh.plans import services as plan_services
from chisoxanh.reports import search as finder
from chisoxanh.reports import services as report_services
from tests.factories import open_period, report_of


def make_search_plan(world, titles_and_contents):
    plan = plan_services.plan_create(
        actor=world.coordinator,
        issuer=world.agency,
        title="Kế hoạch thử nghiệm tìm kiếm",
        start_year=2026,
        report_due_month=12,
        report_due_day=10,
        status="active",
    )
    for i, (title, content) in enumerate(titles_and_contents, start=1):
        plan_services.task_create(
            actor=world.coordinator, plan=plan, lead=world.unit_a, section=f"II.{i}", title=title, content=content
        )
    return plan


def found_titles(client, q, **params):
    html = client.get("/tim-kiem/", {"q": q, **params}).content.decode()
    items = re.findall(r'<li class="hit">.*?class="hit-title"[^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"</?mark>", "", t).strip() for t in items], html


def test_query_words_are_folded_and_split():
    assert finder.terms("18/KH-UBND, Sở Tư pháp") == ["18", "kh-ubnd", "so", "tu", "phap"]
    assert finder.terms("  Tuyên   TRUYỀN tuyên ") == ["tuyen", "truyen"]
    assert finder.terms("a Đà") == ["da"]  # one-letter words go when longer ones are there
    assert finder.terms("") == []


def test_results_are_ranked_phrase_then_all_words_then_some_title_before_body(client_for, world):
    make_search_plan(
        world,
        [
            ("Quan trắc định kỳ", "Quan trắc môi trường không khí."),  # some words, in the body
            ("Hướng dẫn doanh nghiệp", "Bảo vệ rừng và môi trường nước."),  # every word, in the body
            ("Môi trường xanh", "Thực hiện trong năm."),  # some words, in the title
            ("Môi trường và công tác bảo vệ", "Thực hiện trong năm."),  # every word, in the title
            ("Kiểm tra định kỳ", "Kiểm tra công tác bảo vệ môi trường."),  # the phrase, in the body
            ("Tuyên truyền bảo vệ môi trường", "Thực hiện trong năm."),  # the phrase, in the title
        ],
    )
    titles, html = found_titles(client_for(world.officer_a), "BAO VE MOI TRUONG")
    assert titles == [
        "Tuyên truyền bảo vệ môi trường",
        "Kiểm tra định kỳ",
        "Môi trường và công tác bảo vệ",
        "Hướng dẫn doanh nghiệp",
        "Môi trường xanh",
        "Quan trắc định kỳ",
    ]
    # The words found are marked, with their diacritics, in the titles and the snippets.
    assert "<mark>bảo vệ môi trường</mark>" in html and "<mark>Môi trường</mark>" in html
    assert 'value="BAO VE MOI TRUONG"' in html  # the query stays in the header's box


def test_every_kind_is_found_within_the_users_reach(client_for, world, plan):
    period = open_period(world, plan)
    report = report_of(period, 0, world.unit_a)
    report_services.report_save(
        actor=world.officer_a,
        report=report,
        expected_version=report.version,
        fields={"results": "Đăng 3 tin trên Fanpage của Sở về phân loại rác thải tại nguồn."},
    )
    officer = client_for(world.officer_a)
    titles, html = found_titles(officer, "fanpage")
    assert titles == [report.task.title] and "Phòng Nghiệp vụ II" in html and "<mark>Fanpage</mark>" in html
    titles, _ = found_titles(officer, "nghiep vu")
    assert {"Phòng Nghiệp vụ II"} <= set(titles)
    titles, html = found_titles(officer, "tuyen truyen")
    assert "Nhiệm vụ tuyên truyền số 1" in titles
    assert f'href="/ke-hoach/{plan.pk}/#nhiem-vu-' in html

    # Another unit's officer reaches the plan and its tasks, not Phòng Nghiệp vụ II's report.
    assert found_titles(client_for(world.officer_b), "fanpage")[0] == []
    # Another agency's officer reaches neither.
    assert found_titles(client_for(world.outsider), "tuyen truyen")[0] == []
    assert found_titles(client_for(world.outsider), "fanpage")[0] == []
    # The Office reaches every report of its agency's plan.
    assert found_titles(client_for(world.coordinator), "rac thai")[0] == [report.task.title]


def test_results_come_a_page_at_a_time_and_by_kind(client_for, world):
    make_search_plan(world, [(f"Tuyên truyền đợt {i}", "Thực hiện trong năm.") for i in range(1, 26)])
    client = client_for(world.coordinator)
    first, html = found_titles(client, "tuyen truyen")
    assert len(first) == 20 and "Trang 1/2" in html and "Nhiệm vụ (25)" in html
    second, _ = found_titles(client, "tuyen truyen", trang=2)
    assert len(second) == 5 and not set(first) & set(second)
    plans_only, html = found_titles(client, "tuyen truyen", loai="ke-hoach")
    assert plans_only == [] and "Không tìm thấy kết quả" in html
    tasks_only, _ = found_titles(client, "tuyen truyen", loai="nhiem-vu")
    assert len(tasks_only) == 20


def test_an_empty_query_asks_for_words(client_for, world):
    html = client_for(world.officer_a).get("/tim-kiem/").content.decode()
    assert "Gõ một vài từ vào ô tìm kiếm" in html


def queries(client, q):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/tim-kiem/", {"q": q}).status_code == 200
    return len(ctx.captured_queries)


def test_a_search_costs_the_same_queries_whatever_it_finds(client_for, world):
    client = client_for(world.coordinator)
    make_search_plan(world, [("Tuyên truyền đợt 1", "Bảo vệ môi trường")])
    queries(client, "tuyen truyen")  # warm the session
    few = queries(client, "tuyen truyen moi truong")
    make_search_plan(world, [(f"Tuyên truyền đợt {i}", "Bảo vệ môi trường") for i in range(40)])
    period = open_period(world, make_search_plan(world, [("Tuyên truyền môi trường", "")]))
    for report in period.reports.select_related("task", "organization", "period__plan__issuer"):
        report_services.report_save(
            actor=world.admin, report=report, expected_version=report.version, fields={"results": "Tuyên truyền"}
        )
    assert queries(client, "tuyen truyen moi truong") == few
    assert few <= 14


@pytest.mark.parametrize("length", [3000])
def test_a_very_long_word_is_cut_in_the_snippet(client_for, world, plan, length):
    period = open_period(world, plan)
    report = report_of(period, 0, world.unit_a)
    word = "Tuyêntruyền" * (length // 11)
    report_services.report_save(
        actor=world.officer_a, report=report, expected_version=report.version, fields={"results": word}
    )
    html = client_for(world.officer_a).get("/tim-kiem/", {"q": "tuyentruyen", "loai": "bao-cao"}).content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert len(re.sub(r"<[^>]+>", "", snippet)) < 300


def test_the_title_is_where_search_text_starts():
    # The rank reads a kind's folded title as the start of its search_text (reports.search).
    for kind in finder.KINDS:
        if kind.title_field:
            assert kind.model.search_fields_source[0] == kind.title_field
