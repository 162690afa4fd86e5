"""warclaims.link.records: reports read from gold lines, incident ids, leads, and the portable
``links`` rows a linked incident is written as and rebuilt from."""

from __future__ import annotations

import json

import pytest

from warclaims.link import link_reports
from warclaims.link.records import (
    LinkedIncident,
    incident_id_for,
    lead_of,
    link_rows,
    linked_from_rows,
    report_from_gold,
)
from warclaims.models import Incident

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def ara_line() -> dict:
    """Return the gold line of the ARA News Deir ez-Zor example."""
    return json.loads(EXAMPLE.read_text("utf-8"))


def test_a_gold_line_becomes_a_report_led_by_its_first_quote(ara_line):
    report = report_from_gold(ara_line)
    assert report.article_id == report.incident.article_id == str(ara_line["id"])
    assert {c.article_id for c in report.incident.claims} == {report.article_id}
    assert report.lead == ara_line["incident"]["claims"][0]["quote"]
    assert report.key == f"{report.article_id}#0" and report.has_place and report.event_date is not None
    assert report_from_gold({"id": "no-incident", "incident": None}) is None


def test_lead_falls_back_to_the_title():
    assert lead_of(Incident(), "Dozens of Syrian soldiers killed near Deir ez-Zor") == (
        "Dozens of Syrian soldiers killed near Deir ez-Zor")
    assert lead_of(Incident()) == ""


def test_incident_ids_are_deterministic():
    assert incident_id_for("1926479106#0") == incident_id_for("1926479106#0")
    assert incident_id_for("1926479106#0") != incident_id_for("1926479106#1")
    assert incident_id_for("x#0").startswith("inc-") and len(incident_id_for("x#0")) == 16


def test_links_rows_rebuild_the_linked_incident(gold_reports):
    incident = max(link_reports(gold_reports), key=lambda i: len(i.reports))
    assert len(incident.reports) > 2
    rows = link_rows(incident)
    assert [r["incident_key"] for r in rows] == [link.report_key for link in incident.links]
    assert {r["linked_id"] for r in rows} == {incident.id}
    by_key = {r.key: r for r in incident.reports}
    rebuilt = linked_from_rows(incident.id, list(reversed(rows)), lambda row: by_key[row["incident_key"]])
    assert rebuilt.medoid == incident.medoid and rebuilt.flags == incident.flags
    assert [link.report_key for link in rebuilt.links] == [link.report_key for link in incident.links]
    assert [link.features for link in rebuilt.links] == [link.features for link in incident.links]
    assert rebuilt.article_ids == incident.article_ids


def test_members_no_longer_stored_are_skipped(gold_reports):
    incident = max(link_reports(gold_reports), key=lambda i: len(i.reports))
    rows = link_rows(incident)
    gone = {incident.medoid}
    by_key = {r.key: r for r in incident.reports}
    rebuilt = linked_from_rows(incident.id, rows, lambda row: None if row["incident_key"] in gone
                               else by_key[row["incident_key"]])
    assert incident.medoid not in {r.key for r in rebuilt.reports}
    assert rebuilt.medoid == rebuilt.reports[0].key  # a member that is still there
    assert linked_from_rows(incident.id, rows, lambda row: None) is None
    with pytest.raises(KeyError):
        LinkedIncident(id="inc-empty").report("x#0")
