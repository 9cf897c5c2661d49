# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/digitalocean/digitalocean" {
  version     = "2.38.0"
  constraints = "~> 2.36"
  hashes = [
    "h1:DVbe9eesoejcnqLAy7IejYHoks6Q3b+Gy74phn+rI/8=",
    "zh:54d4013418cbaf25222c6b91820e565d2e09a01d7814418907d6826cb1678c6c",
    "zh:87883311ff370d8f716921bd673d1314c7b02e82a4d6e9c62567209ca5fb4ec5",
    "zh:af0ece3110a51153b08dff0960b25eff6167b604a0566bed8595d3face4a77d5",
  ]
}

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.49.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:nPyI4R8yU6wVNJxMHvyX0nepWtQyUOrt8IXpoeduW3s=",
    "zh:cecfd4d4556a9c794e09d8b3a7effa0c9efb6170cae97b0d8fbaa76ccfd8dd93",
    "zh:acb2b679258fac1e3dcd8597e9757a9d0e0b29dd1cea2e89a8380ab57535b165",
  ]
}
