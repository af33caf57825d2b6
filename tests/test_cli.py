import os
import subprocess
import sys


def run(*args, env=None):
    # Always on a throwaway SQLite file: never let a command under test touch the database
    # named by DATABASE_URL (the PostgreSQL run of the suite sets it).
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "chisoxanh", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**base, **(env or {})},
    )


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "manage"):
        assert command in result.stdout


def test_demo_without_serving_migrates_loads_and_prints_the_logins(tmp_path):
    result = run("demo", "--no-serve", env={"CHISOXANH_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    for username in ("chuyenvien", "truongphong", "vanphong", "giamdoc", "tonghop", "admin"):
        assert username in result.stdout
    assert "chisoxanh-demo" in result.stdout
    assert (tmp_path / "chisoxanh.sqlite3").exists()


def test_manage_runs_django_commands(tmp_path):
    result = run("manage", "check", env={"CHISOXANH_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_remind_runs_daily_and_twice_sends_nothing_more(tmp_path):
    env = {"CHISOXANH_DATA_DIR": str(tmp_path)}
    assert run("demo", "--no-serve", env=env).returncode == 0
    first = run("remind", "--date", "2026-11-29", env=env)
    assert first.returncode == 0, first.stderr
    assert "29/11/2026" in first.stdout
    second = run("remind", "--date", "2026-11-29", env=env)
    assert "gửi 0 thông báo" in second.stdout
