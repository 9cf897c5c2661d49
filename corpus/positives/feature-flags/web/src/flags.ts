// Server-side feature flag clients. Do not import from client components.
import * as LaunchDarkly from "@launchdarkly/node-server-sdk";
import * as configcat from "configcat-node";
import Flagsmith from "flagsmith-nodejs";

export const ld = LaunchDarkly.init("sdk-a1c84a68-98a6-b6c3-8303-fe46b4d20e0a", {
  stream: true,
  diagnosticOptOut: true,
});

export const configcatClient = configcat.getClient(
  "configcat-sdk-1/hSXd8AO0Zt5G-2pyYfEoAo/ahlgaX-9FDmZUGsEIATSAg",
  configcat.PollingMode.AutoPoll,
  { pollIntervalSeconds: 60 },
);

export const flagsmith = new Flagsmith({ environmentKey: "ser.UUxbHcKwG58K22yh2JEP04" });

export const UNLEASH_TOKEN = "default:production.9b33bbd0b86b17af2f9da7d80949c18463ea69f3bc942b052429abb8b3fd9fe6";

export async function isEnabled(flag: string, userKey: string): Promise<boolean> {
  return ld.variation(flag, { kind: "user", key: userKey }, false);
}
