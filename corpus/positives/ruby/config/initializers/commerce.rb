# frozen_string_literal: true

require "stripe"
require "shopify_api"

Stripe.api_key = ENV.fetch("STRIPE_API_KEY") { "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" }
Stripe.api_version = "2024-04-10"

ShopifyAPI::Context.setup(
  api_key: ENV["SHOPIFY_API_KEY"],
  api_secret_key: ENV["SHOPIFY_API_SECRET"],
  host: "https://admin.pinecrest-candles.com",
  scope: "read_orders,write_products",
  is_embedded: false,
  api_version: "2024-04",
  is_private: true,
  private_shop: "pinecrest-candles.myshopify.com",
)

SHOPIFY_ADMIN_TOKEN = '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'
