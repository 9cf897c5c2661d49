# frozen_string_literal: true

# Billing providers for the subscription app.
# Square handles in-store POS, Chargebee the SaaS plans, Recurly the legacy plans.
require "square"
require "chargebee"

SQUARE_ENVIRONMENT = "production"
SQUARE_ACCESS_TOKEN = "EAAAe2IgwlLmXVqJ3fXxM1OP1OluhMH7pWVwv4OzC4WtVACFsw_oJsPuY3Jd0C3d"

CHARGEBEE_SITE = "kestrel"
CHARGEBEE_API_KEY = "live_qu03nCIJo1T2ys1psJLlrbe9C"

RECURLY_SUBDOMAIN = "kestrel-legacy"
RECURLY_API_KEY = "ac32b3fd304daf35c3aa3ede5ca4ea99"

Rails.application.config.to_prepare do
  ChargeBee.configure(site: CHARGEBEE_SITE, api_key: CHARGEBEE_API_KEY)
  $square = Square::Client.new(access_token: SQUARE_ACCESS_TOKEN, environment: SQUARE_ENVIRONMENT)
end
