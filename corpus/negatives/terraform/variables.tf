variable "do_token" {
  description = "DigitalOcean personal access token (dop_v1_...)"
  type        = string
  sensitive   = true
}

variable "aws_secret_key" {
  type      = string
  sensitive = true
}

variable "github_token" {
  description = "PAT with repo scope; starts with ghp_ or github_pat_"
  type        = string
  sensitive   = true
}

provider "digitalocean" {
  token = var.do_token
}

provider "aws" {
  region     = "us-east-1"
  access_key = data.vault_generic_secret.aws.data["access_key"]
  secret_key = var.aws_secret_key
}
