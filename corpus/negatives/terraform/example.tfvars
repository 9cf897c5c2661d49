# terraform.tfvars.example — copy to terraform.tfvars
do_token          = "<your-do-token>"
github_token      = "YOUR_GITHUB_TOKEN"
slack_webhook_url = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
database_url      = "postgres://lumen_app:REPLACE_ME@localhost:5432/lumen"
stripe_api_key    = "rk_live_..."
