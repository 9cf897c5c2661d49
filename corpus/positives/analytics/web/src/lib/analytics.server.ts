// Server-side analytics fan-out. Imported only from API routes.
import Analytics from "@segment/analytics-node";
import Mixpanel from "mixpanel";

const SEGMENT_WRITE_KEY = "xGiaLYnb7xTFU5dKT6dRMRFBRdOqZUFx";
const MIXPANEL_TOKEN = process.env.NEXT_PUBLIC_MIXPANEL_TOKEN!;
const MIXPANEL_API_SECRET = "7QdUCt9X5NUZIqBMcBdfXpDcuhAFo7Xl";
const POSTHOG_PERSONAL_API_KEY = "phx_WOI8uVVRvYIAfGNTFvM9lDIfFoKbajen9B6baAmF2I";
const AMPLITUDE_SECRET_KEY = "87cf9be45699106b291ece5d5c93620b";

export const segment = new Analytics({ writeKey: SEGMENT_WRITE_KEY, flushAt: 20 });
export const mixpanel = Mixpanel.init(MIXPANEL_TOKEN, { secret: MIXPANEL_API_SECRET });

export async function exportCohorts(projectId: number) {
  const res = await fetch(`https://eu.posthog.com/api/projects/${projectId}/cohorts/`, {
    headers: { Authorization: `Bearer ${POSTHOG_PERSONAL_API_KEY}` },
  });
  if (!res.ok) throw new Error(`posthog: ${res.status}`);
  return res.json();
}

export function amplitudeAuthHeader(apiKey: string) {
  return "Basic " + Buffer.from(`${apiKey}:${AMPLITUDE_SECRET_KEY}`).toString("base64");
}
