"""Settings: the database URL from argument, environment or default; the User-Agent."""

from __future__ import annotations

from pathlib import Path

from warclaims import __version__
from warclaims.config import resolve_db_url, user_agent


def test_argument_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WARCLAIMS_DB", "sqlite:///from-env.db")
    assert resolve_db_url(str(tmp_path / "arg.db")) == f"sqlite:///{tmp_path / 'arg.db'}"
    assert resolve_db_url() == "sqlite:///from-env.db"


def test_default_is_a_sqlite_file_in_the_working_directory(monkeypatch):
    monkeypatch.delenv("WARCLAIMS_DB", raising=False)
    assert resolve_db_url() == "sqlite:///warclaims.db"


def test_urls_pass_through_and_bare_paths_are_expanded(monkeypatch):
    url = "postgresql+psycopg://user@localhost:5432/claims"
    assert resolve_db_url(url) == url
    monkeypatch.setenv("HOME", "/home/analyst")
    assert resolve_db_url("~/claims.db") == f"sqlite:///{Path('/home/analyst/claims.db')}"


def test_user_agent_names_the_project_and_its_version():
    agent = user_agent()
    assert agent.startswith(f"warclaims/{__version__} ")
    assert "{version}" not in agent
