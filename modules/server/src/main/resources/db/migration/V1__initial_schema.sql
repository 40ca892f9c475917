-- Projects: a tracker proves its project with the key and its page's Origin.
create table projects (
  id              text primary key,
  name            text not null,
  key             text not null unique,
  allowed_origins text[] not null default '{}',
  privacy         jsonb not null default '{}',
  created_at      timestamptz not null default now()
);

-- Agents log in with their id; roles are 'agent' and 'admin'; projects are the ones they may see.
create table agents (
  id            text primary key,
  name          text not null,
  password_hash text not null,
  roles         text[] not null,
  projects      text[] not null default '{}',
  disabled      boolean not null default false,
  created_at    timestamptz not null default now()
);

-- Append-only; the id orders entries and is the pagination cursor.
create table audit_log (
  id         bigserial primary key,
  at         timestamptz not null default now(),
  kind       text not null,
  agent_id   text,
  session_id text,
  outcome    text not null,
  details    jsonb not null default '{}'
);
create index audit_log_by_session on audit_log (session_id, id);
create index audit_log_by_agent on audit_log (agent_id, id);
create index audit_log_by_kind on audit_log (kind, id);
create index audit_log_by_time on audit_log (at);

-- A recording's bytes are chunks in the database, so one backup holds everything.
create table recordings (
  id           text primary key,
  project_id   text not null,
  session_id   text not null,
  started_at   timestamptz not null,
  ended_at     timestamptz,
  content_type text not null,
  bytes        bigint not null default 0
);
create index recordings_by_start on recordings (started_at);
create index recordings_by_session on recordings (session_id);

create table recording_chunks (
  recording_id text not null references recordings (id) on delete cascade,
  seq          integer not null,
  data         bytea not null,
  primary key (recording_id, seq)
);

-- Node-wide settings an admin changes at run time (the recording retention policy).
create table settings (
  name  text primary key,
  value jsonb not null
);
