resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "orders" {
  identifier = "orders"
  username   = "orders"
  password   = random_password.db.result
  engine     = "postgres"
}

variable "api_token" {
  type      = string
  sensitive = true
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}
