#!/usr/bin/env python3
"""One-off: push the nightly export to the partner bucket."""
import sys
from pathlib import Path

import boto3

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="AKIAGBDJJCWMLR2CWLZU",
    aws_secret_access_key='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',
)


def main(path: str) -> None:
    p = Path(path)
    key = f"exports/{p.name}"
    s3.upload_file(str(p), "partner-dropbox-eu", key, ExtraArgs={"ServerSideEncryption": "AES256"})
    print(f"uploaded s3://partner-dropbox-eu/{key}")


if __name__ == "__main__":
    main(sys.argv[1])
