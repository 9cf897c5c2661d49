// Push notification fan-out (legacy FCM + PubNub + OneSignal).
const PubNub = require("pubnub");
const fetch = require("node-fetch");

const FCM_SERVER_KEY = "AAAApYXbGwF:APA91brsf5Md0JpfV4RscSsNUAqFp7gDhc3Xf0gm_F20afmkH3H_tB4-IHRhsY3bMhX1dDQIiTR5-y-RMVqT0FKY5hx67YtYcpWtvdEIZAp7OHFQxSQ4MnAUAE_93OBN39rOj1yrAKsA";

const pubnub = new PubNub({
  publishKey: "pub-c-a95d4a6c-fa96-20f7-599a-5cea1fa56cfb",
  subscribeKey: "sub-c-b61619ef-71d2-48ae-aa54-abc5f634c357",
  secretKey: "sec-c-EO5fTHLwugfg/f7ijxufOM/pua2Ef8sXZ2uTgzVSBRFWIXHd",
  userId: "notifier",
});

async function sendFcm(token, title, body) {
  const res = await fetch("https://fcm.googleapis.com/fcm/send", {
    method: "POST",
    headers: { Authorization: `key=${FCM_SERVER_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ to: token, notification: { title, body } }),
  });
  return res.ok;
}

module.exports = { pubnub, sendFcm };
