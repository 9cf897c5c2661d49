# Local overrides for the staging box. Do not commit (too late).
from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["staging.internal.acme.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "acme",
        "USER": "acme_app",
        "PASSWORD": "p3VDb165znzCwDcuoQ",
        "HOST": "db.staging.internal",
    }
}

EMAIL_HOST = "smtp.internal.acme.io"
EMAIL_HOST_USER = "noreply"
EMAIL_HOST_PASSWORD = "Xn8jdgye26NqlU0QyBPA"
