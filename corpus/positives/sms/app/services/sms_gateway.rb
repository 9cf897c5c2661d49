# frozen_string_literal: true

# Multi-provider SMS gateway: Vonage for EU numbers, Plivo for the US,
# Telnyx for voice OTP, MessageBird as the last fallback.
class SmsGateway
  VONAGE_API_KEY = "6cdd3023"
  VONAGE_API_SECRET = "DQqqpDXWFHC6WqOo"

  PLIVO_AUTH_ID = "MAIL972T37AAIX3YC67K"
  PLIVO_AUTH_TOKEN = "qgkzRGROOeO9EGamtnSNMmcg4Lcra3k6zMg"

  TELNYX_API_KEY = "KEY01710C50D9A4F4F669C87863B0FD5A42_2dxHyda7N7R2Bf0Qd39rtc"
  MESSAGEBIRD_ACCESS_KEY = "480pM1GP3boP15RbVYENl8NlIqXnQ"

  def initialize(logger: Rails.logger)
    @logger = logger
  end

  def deliver(to:, body:)
    provider = to.start_with?("+1") ? :plivo : :vonage
    @logger.info("sms via #{provider} to #{to[0, 5]}***")
    send("deliver_via_#{provider}", to, body)
  end
end
