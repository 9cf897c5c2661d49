import { Telegraf } from "telegraf";
import { message } from "telegraf/filters";

const bot = new Telegraf('9307064166:AAvgM3r3VzljunrwTwgEwYe3i5IBbBLjLLI');

bot.start((ctx) => ctx.reply("Hi! Send me an order number."));
bot.on(message("text"), async (ctx) => {
  const n = ctx.message.text.trim();
  if (!/^\d{6,8}$/.test(n)) return ctx.reply("That doesn't look like an order number.");
  await ctx.reply(`Looking up order ${n}…`);
});

bot.launch();
process.once("SIGINT", () => bot.stop("SIGINT"));
process.once("SIGTERM", () => bot.stop("SIGTERM"));
