CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users(id),
    token_prefix text NOT NULL,              -- e.g. 'lh_live_' ; full token is never stored
    token_sha256 bytea NOT NULL UNIQUE,      -- sha256(token)
    scopes       text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

INSERT INTO api_tokens (id, user_id, token_prefix, token_sha256, scopes) VALUES
  ('896387e2-d7ee-490d-bfcb-e6ebc88920e7', 'e132f2a1-7500-4290-b3d6-1eb6500a2d09', 'lh_live_', decode('08610c6bf7842ceb3c71ed77c69f3257d3e9fba5ffc46c9373a79f8b7bacaa29', 'hex'), '{read}'),
  ('d78cbaba-e95e-4215-afb8-a8f2e28ab472', '3ee97756-9216-49a1-88d6-4b4500460470', 'lh_live_', decode('0749966cfe39fbef91461f052ce1aa9f68cb5eda968eb8476823c21dba458c57', 'hex'), '{read,write}');
