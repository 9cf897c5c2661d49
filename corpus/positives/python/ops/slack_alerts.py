import logging
import os

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

# bot is "deploy-bot" in the acme workspace
client = WebClient(token="xoxb-13745623614-5762381611537-8FmwXX4o27mwlbGOimA0GYvQ")
FALLBACK_WEBHOOK = "https://hooks.slack.com/services/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"
CHANNEL = os.getenv("ALERT_CHANNEL", "#deploys")


def notify(text: str) -> None:
    try:
        client.chat_postMessage(channel=CHANNEL, text=text)
    except SlackApiError as exc:
        log.warning("chat.postMessage failed (%s), using webhook", exc.response["error"])
        requests.post(FALLBACK_WEBHOOK, json={"text": text}, timeout=5)


if __name__ == "__main__":
    notify(":rocket: deploy finished")
