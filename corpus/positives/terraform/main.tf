terraform {
  required_version = ">= 1.6"
  required_providers {
    aws          = { source = "hashicorp/aws", version = "~> 5.40" }
    digitalocean = { source = "digitalocean/digitalocean", version = "~> 2.36" }
    github       = { source = "integrations/github", version = "~> 6.2" }
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAYQLRJ43V2LJZ2ZV4"
  secret_key = var.aws_secret_key
}

provider "digitalocean" {
  token = "dop_v1_0d2b127737ab3214db28434677713a07f890e5564f22733ff14d8be3d73d4a79"
}

provider "github" {
  owner = "lumen-labs"
  token = "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"
}

resource "digitalocean_droplet" "edge" {
  count  = 2
  name   = "edge-${count.index}"
  region = "ams3"
  size   = "s-2vcpu-4gb"
  image  = "ubuntu-24-04-x64"
}

resource "github_repository_deploy_key" "edge" {
  title      = "edge droplets"
  repository = "edge-config"
  key        = file("${path.module}/keys/edge.pub")
  read_only  = true
}
