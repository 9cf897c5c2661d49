"""Slack slash command that opens an incident in rootly or incident.io."""
import os

import requests

ROOTLY_API_TOKEN = "rootly_BUB8ug8WEZVgNC4YjHeAMNqzLxD3TfXDcgvdSMO"
INCIDENT_IO_API_KEY = "inc_901e55f624aa5fb4d707a81de665ccc24bfeb796af0f64b465faa87154e2796b"
ILERT_ALERT_SOURCE_KEY = "il1hbtap0qhd32setajcks71juthus1z7mi6jrc17"
TIMEOUT = float(os.getenv("ESCALATION_TIMEOUT", "5"))


def open_rootly(title: str, severity: str = "sev2") -> dict:
    r = requests.post(
        "https://api.rootly.com/v1/incidents",
        headers={"Authorization": f"Bearer {ROOTLY_API_TOKEN}"},
        json={"data": {"type": "incidents", "attributes": {"title": title, "severity": severity}}},
        timeout=TIMEOUT,
    )
    r.raise_for_status()
    return r.json()


def open_incident_io(name: str) -> dict:
    r = requests.post(
        "https://api.incident.io/v2/incidents",
        headers={"Authorization": f"Bearer {INCIDENT_IO_API_KEY}"},
        json={"name": name, "visibility": "public"},
        timeout=TIMEOUT,
    )
    r.raise_for_status()
    return r.json()
