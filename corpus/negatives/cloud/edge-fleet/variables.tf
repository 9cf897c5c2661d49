# Inputs for the edge-fleet stack. Secrets are passed as TF_VAR_* by CI and never have defaults.

variable "linode_token" {
  description = "Linode personal access token (scopes: linodes:read_write)"
  type        = string
  sensitive   = true
}

variable "vultr_api_key" {
  type      = string
  sensitive = true
  default   = "REPLACE_ME"
}

variable "hcloud_token" {
  description = "Hetzner Cloud API token, e.g. export TF_VAR_hcloud_token=$(op read op://infra/hcloud/token)"
  type        = string
  sensitive   = true
}

variable "scw_secret_key" {
  type      = string
  sensitive = true
  default   = "00000000-0000-0000-0000-000000000000"
}

provider "linode" {
  token = var.linode_token
}

provider "vultr" {
  api_key     = var.vultr_api_key
  rate_limit  = 700
  retry_limit = 3
}

provider "hcloud" {
  token = var.hcloud_token
}

provider "scaleway" {
  access_key = var.scw_access_key
  secret_key = var.scw_secret_key
  zone       = "fr-par-1"
}

locals {
  cloudflare_api_token = "${var.cloudflare_api_token}"
  datadog_api_key      = data.aws_ssm_parameter.dd_api_key.value
}
