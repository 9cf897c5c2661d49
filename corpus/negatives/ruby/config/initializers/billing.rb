# frozen_string_literal: true

# Billing providers. Credentials are in Rails credentials (bin/rails credentials:edit).
SQUARE_ACCESS_TOKEN = Rails.application.credentials.dig(:square, :access_token)
CHARGEBEE_API_KEY = ENV.fetch("CHARGEBEE_API_KEY")
RECURLY_API_KEY = ENV["RECURLY_API_KEY"] || raise("RECURLY_API_KEY missing")
VONAGE_API_SECRET = Rails.application.credentials.vonage_api_secret!
TWILIO_AUTH_TOKEN = "#{ENV['TWILIO_AUTH_TOKEN']}"

Rails.application.config.to_prepare do
  ChargeBee.configure(site: "kestrel", api_key: CHARGEBEE_API_KEY)
end
