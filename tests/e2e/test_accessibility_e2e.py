"""axe-core in a real browser (issue 13): the page every persona lands on after logging in, and
the officer's report form, at 1366 and at 390 px, have no critical and no serious violation.

axe-core's script comes with the ``axe-playwright-python`` package (pinned in pyproject's dev
extras): nothing is fetched at run time.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from chisoxanh.demo.loader import load_demo
from tests.e2e.test_plan_page_e2e import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERSONAS = ("chuyenvien", "truongphong", "vanphong", "giamdoc", "tonghop", "admin")
WIDTHS = (1366, 390)
BLOCKING = {"critical", "serious"}
AXE = Axe()


def blocking_violations(page) -> list[dict]:
    results = AXE.run(page, options={"resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


def check(page, width: int, what: str) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    page.wait_for_load_state("load")
    violations = blocking_violations(page)
    return [f"{what} at {width} px ({page.url}):\n{describe(violations)}"] if violations else []


@pytest.fixture
def demo(live_server):
    load_demo(with_passwords=True)
    return live_server.url


@pytest.mark.parametrize("username", PERSONAS)
def test_the_landing_page_of_every_persona_has_no_serious_violation(page, demo, username):
    login(page, demo, username)
    problems = [p for width in WIDTHS for p in check(page, width, f"{username}'s landing page")]
    assert not problems, "\n\n".join(problems)


def test_the_report_form_has_no_serious_violation(page, demo):
    login(page, demo, "chuyenvien")
    first_edit = page.locator("a[href$='/sua/'][href^='/bao-cao/']").first
    href = first_edit.get_attribute("href")
    page.goto(f"{demo}{href}")
    problems = [p for width in WIDTHS for p in check(page, width, "the report form")]
    assert not problems, "\n\n".join(problems)
