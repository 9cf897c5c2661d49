"""Provider clients. Credentials always come from the environment (see docs/secrets.md)."""
import os

import stripe
from plaid.configuration import Configuration

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
PLAID_SECRET = os.environ["PLAID_SECRET"]
RAZORPAY_KEY_SECRET = os.environ.get("RAZORPAY_KEY_SECRET", "")
SHODAN_API_KEY = os.getenv("SHODAN_API_KEY")
VIRUSTOTAL_API_KEY = os.environ["VIRUSTOTAL_API_KEY"]
WANDB_API_KEY = os.environ.get("WANDB_API_KEY")
TWITTER_BEARER_TOKEN = settings.TWITTER_BEARER_TOKEN
FIRECRAWL_API_KEY = config("FIRECRAWL_API_KEY")
SLACK_SIGNING_SECRET = get_secret("slack/signing-secret")


def plaid_config() -> Configuration:
    return Configuration(
        host=os.environ.get("PLAID_HOST", "https://production.plaid.com"),
        api_key={"clientId": os.environ["PLAID_CLIENT_ID"], "secret": PLAID_SECRET},
    )
