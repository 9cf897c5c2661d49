environment        = "prod"
region             = "eu-west-1"
instance_type      = "t3.medium"
slack_webhook_url  = "https://hooks.slack.com/services/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"
database_url       = "postgres://lumen_app:nYHpSHnnRKdhb9nfekLzqY@lumen-prod.cyq2w8x3.eu-west-1.rds.amazonaws.com:5432/lumen"
gitlab_token       = "glpat-QjMx9CpHkPKqHmaPvBby"
stripe_api_key     = "rk_live_V2nXpFLgs9kHnNDKosjzPmHm"
allowed_cidrs      = ["10.0.0.0/8", "192.168.10.0/24"]
