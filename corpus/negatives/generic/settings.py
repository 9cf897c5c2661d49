"""Production settings: every credential comes from the environment or the secret store."""
import os

from acme.secrets import secret_provider

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": os.getenv("DB_PASSWORD"),
        "USER": env("DB_USER"),
    }
}
EMAIL_HOST_PASSWORD = secret_provider.get("smtp")
API_TOKEN = settings.API_TOKEN
PASSWORD_RESET_TIMEOUT = 259200
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
TOKEN_EXPIRY_SECONDS = 3600
SESSION_COOKIE_NAME = "acme_session"
