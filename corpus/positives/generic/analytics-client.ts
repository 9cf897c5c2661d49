import { Analytics } from "@acme/analytics";

export const analytics = new Analytics({
  host: "https://collector.acme.io",
  apiKey: "JGQLsKJCbaE1EPhd6hovouKJwWOT",
  flushInterval: 10_000,
});
