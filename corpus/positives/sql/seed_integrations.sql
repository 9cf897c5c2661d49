-- seed data for the staging integrations table
INSERT INTO integrations (id, provider, config, created_at) VALUES
  ('7c2b2b0a-41a9-4160-b6a5-57c1c072a45f', 'github', '{"token": "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", "org": "lumen-labs"}', now()),
  ('a096ab89-0104-46ba-b7bb-00eea38a47e2', 'sendgrid', '{"api_key": "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"}', now()),
  ('b2e00acf-5075-47fc-8fba-69f71461eb1e', 'webhook', '{"url": "https://hooks.lumen-labs.io/ingest"}', now());
