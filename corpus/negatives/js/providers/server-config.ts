// All secrets come from the runtime environment (Vercel / Doppler). Nothing here is a credential.
export const config = {
  segmentWriteKey: process.env.SEGMENT_WRITE_KEY!,
  mixpanelApiSecret: process.env.MIXPANEL_API_SECRET ?? "",
  posthogPersonalApiKey: process.env.POSTHOG_PERSONAL_API_KEY,
  linearApiKey: process.env.LINEAR_API_KEY,
  notionToken: process.env["NOTION_TOKEN"],
  launchDarklySdkKey: process.env.LAUNCHDARKLY_SDK_KEY || "",
  contentfulDeliveryToken: process.env.CONTENTFUL_DELIVERY_TOKEN,
  sanityApiToken: import.meta.env.SANITY_API_TOKEN,
  pusherAppSecret: process.env.PUSHER_APP_SECRET as string,
  nextAuthSecret: process.env.NEXTAUTH_SECRET,
};

export function assertConfigured(): void {
  for (const [name, value] of Object.entries(config)) {
    if (!value) throw new Error(`missing ${name}: set it in the Vercel project settings`);
  }
}
