-- Recordings uploaded chunk by chunk by an agent's console: who records, so that only that agent
-- (while the user's `record` grant lasts) appends to it.
alter table recordings add column agent_id text;
