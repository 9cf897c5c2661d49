package com.acme.notify;

import com.twilio.Twilio;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

public final class SmsSender {
    private static final String ACCOUNT_SID = System.getenv("TWILIO_ACCOUNT_SID");
    private static final String API_KEY = "SK6ff59c5e340d9bf22d130004c360a6e0";
    private static final String API_SECRET = System.getenv("TWILIO_API_SECRET");

    static {
        Twilio.init(API_KEY, API_SECRET, ACCOUNT_SID);
    }

    private SmsSender() {}

    public static String send(String to, String body) {
        Message m = Message.creator(new PhoneNumber(to), new PhoneNumber("+4915735983010"), body).create();
        return m.getSid();
    }
}
