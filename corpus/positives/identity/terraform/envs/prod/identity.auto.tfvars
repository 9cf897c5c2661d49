# identity stack — prod
# (values should come from TF_VAR_* in CI; this file was generated for a one-off import)
environment = "prod"
region      = "eu-central-1"

auth0_domain        = "kestrel.eu.auth0.com"
auth0_client_id     = "vLcP9ML7rZfxeXyCOcLD987ryFx5giBI"
auth0_client_secret = "swp-FAjGJlPwX3vQCAA_yVOL7rXmHdl827wSTWb6KZ9PVgB6QjSUP-9axx3ejxQS"

okta_org_name  = "kestrel"
okta_base_url  = "okta.com"
okta_api_token = "009dlikClU4s_muTN0aZOT-R7JdhlZb3mrEe8gn062"

keycloak_url           = "https://sso.kestrel.io"
keycloak_realm         = "internal"
keycloak_client_secret = "TWFVVgOqWWURh13LJPpYqmMQeduelJOK"
