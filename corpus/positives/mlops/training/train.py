"""Fine-tune the ranking model and log everything to W&B and Langfuse."""
import argparse
import os

import wandb
from langfuse import Langfuse

wandb.login(key="af24bcf589f64664bc57304faaba77d9b5406cd6")

langfuse = Langfuse(
    public_key="pk-lf-f31bb9ef-a206-7dcb-3e5f-c81ebc7e9010",
    secret_key="sk-lf-5b1b7e68-2d31-912b-afbf-8911a2b74e8f",
    host="https://cloud.langfuse.com",
)

KAGGLE_TOKEN = "KGAT_8885849b18cd01223c39cf5ecd7274ab"  # for pulling the competition dataset


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=2e-5)
    args = ap.parse_args()
    run = wandb.init(project="ranker", config=vars(args))
    for epoch in range(args.epochs):
        run.log({"epoch": epoch})
    run.finish()


if __name__ == "__main__":
    main()
