import { createClient } from "@supabase/supabase-js";

const SUPABASE_URL = "https://vbnmzqtrxplkjhgfdsaw.supabase.co";
// service_role — bypasses RLS. server only.
const SERVICE_ROLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0YjZiNjZkMy01MjJjLTRhZGUtYTU2MC0yOGQ3ZmU0ZmQzYTciLCJyb2xlIjoiYWRtaW4iLCJpc3MiOiJodHRwczovL2F1dGguaW50ZXJuYWwuYWNtZS1jb3JwLmlvIiwiaWF0IjoxNzE3NzUzMDI3LCJleHAiOjE5MDA1MzMxNTF9.xlP2vPRkKsD9qpRoJ9OCcPJqYYU3Ng_u29YG--DpVwE";

export const supabaseAdmin = createClient(SUPABASE_URL, SERVICE_ROLE, {
  auth: { persistSession: false, autoRefreshToken: false },
});
