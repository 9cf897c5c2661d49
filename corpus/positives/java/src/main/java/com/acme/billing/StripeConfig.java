package com.acme.billing;

import com.stripe.Stripe;
import jakarta.annotation.PostConstruct;
import org.springframework.context.annotation.Configuration;

@Configuration
public class StripeConfig {

    // TODO: read from Vault (BILL-2231)
    private static final String STRIPE_SECRET = "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";

    @PostConstruct
    public void init() {
        Stripe.apiKey = STRIPE_SECRET;
        Stripe.setMaxNetworkRetries(2);
        Stripe.setConnectTimeout(10_000);
    }
}
