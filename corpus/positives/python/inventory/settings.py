"""
Django settings for inventory project.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["inventory.harborfreight-logistics.com", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "storages",
    "stock",
]

DATABASES = {
    "default": dj_database_url.config(
        default="postgres://inventory:PIlNlu5wiJKMO9N5Yc@10.12.0.7:5432/inventory",
        conn_max_age=600,
    )
}

# django-storages / S3
DEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"
AWS_STORAGE_BUCKET_NAME = "hfl-inventory-media"
AWS_S3_REGION_NAME = "us-east-1"
AWS_ACCESS_KEY_ID = "AKIAFWN2VRK5ZJIH3BWE"
AWS_SECRET_ACCESS_KEY = "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"
AWS_QUERYSTRING_AUTH = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
