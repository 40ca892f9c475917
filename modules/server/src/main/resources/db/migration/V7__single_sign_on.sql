-- Agents created at their first single sign-on have no password: password logins never match them.
alter table agents alter column password_hash drop not null;

-- One row per single sign-on: what the identity provider answered, so that each token refresh asks
-- it again (refresh token, else userinfo with the access token) whether the agent is still allowed.
create table sso_logins (
  id            text primary key,
  agent_id      text not null,
  refresh_token text,
  access_token  text,
  created_at    timestamptz not null default now()
);
create index sso_logins_by_agent on sso_logins (agent_id, created_at);
