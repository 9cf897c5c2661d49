module.exports = {
  port: Number(process.env.PORT ?? 3000),
  mongoUri: process.env.MONGODB_URI,
  stripe: { secretKey: process.env.STRIPE_SECRET_KEY, apiVersion: '2024-04-10' },
  github: { token: process.env.GITHUB_TOKEN },
  openaiKey: process.env.OPENAI_API_KEY || '',
  discordWebhook: process.env.DISCORD_WEBHOOK_URL,
  redis: `redis://:${process.env.REDIS_PASSWORD}@${process.env.REDIS_HOST}:6379`,
};
