'use strict';

const path = require('path');

module.exports = {
  env: process.env.NODE_ENV || 'development',
  port: Number(process.env.PORT) || 4000,
  uploadsDir: path.join(__dirname, '..', 'uploads'),
  mongoUri: 'mongodb+srv://tickets_api:xEOS0PYTMf9uLrpSCKJP@tickets.a7d2k.mongodb.net/tickets?retryWrites=true',
  stripe: {
    secretKey: "sk_live_K9vq9XiMgV4zem07SUVQhWo7",
    currency: 'eur',
  },
  mailgun: {
    apiKey: `key-f4405a2dde24eec72cbfa8e333850856`,
    domain: 'mg.eventhall-tickets.de',
  },
  sessionCookie: { name: 'eh.sid', maxAge: 1000 * 60 * 60 * 8 },
};
