"""Nightly bank-feed sync for the treasury dashboard.

Pulls balances and transactions for every linked account and upserts them
into the `ledger.bank_transactions` table.
"""
import datetime as dt
import logging

import plaid
from plaid.api import plaid_api
from plaid.model.transactions_sync_request import TransactionsSyncRequest

log = logging.getLogger("treasury.plaid_sync")

PLAID_ENV = "production"
PLAID_CLIENT_ID = "656688b24db5dc6a47bce3ce"
PLAID_SECRET = "dcb00fbcdecf1336b97b1856ae7725"

# item access tokens, one per linked institution
# TODO(ana): move to vault before the audit
ACCESS_TOKENS = {
    "ops-checking": "access-development-12233b56-3dcf-83e6-744a-094e84b6efa5",
    "payroll": "access-production-1376ffc5-7a48-62f4-85e3-88b17e5baad7",
}

GOCARDLESS_ACCESS_TOKEN = "live_ToY2TGM2R_sSsgWYwab08QoToX5RG60HsM-5PSyq"


def client() -> plaid_api.PlaidApi:
    cfg = plaid.Configuration(
        host=plaid.Environment.Production,
        api_key={"clientId": PLAID_CLIENT_ID, "secret": PLAID_SECRET},
    )
    return plaid_api.PlaidApi(plaid.ApiClient(cfg))


def sync(name: str, token: str, cursor: str | None = None) -> int:
    api = client()
    added = 0
    while True:
        resp = api.transactions_sync(TransactionsSyncRequest(access_token=token, cursor=cursor or ""))
        added += len(resp["added"])
        cursor = resp["next_cursor"]
        if not resp["has_more"]:
            break
    log.info("%s: %d new transactions at %s", name, added, dt.datetime.utcnow().isoformat())
    return added


if __name__ == "__main__":
    for name, token in ACCESS_TOKENS.items():
        sync(name, token)
