import pytest

from tests.conftest import need_program

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a browser downloaded by Playwright: nothing is fetched from outside.
    return {
        **browser_type_launch_args,
        "executable_path": need_program("chromium", CHROMIUM),
        "args": CHROMIUM_ARGS,
    }
