-- The project an audit row is about, where the row concerns one session of one project; null for
-- admin actions, logins and refusals before a project was known. Rows with a project follow that
-- project's audit retention when it has its own.
alter table audit_log add column project_id text;
create index audit_log_by_project on audit_log (project_id, at);
-- A project's own audit retention in days; null follows the deployment's audit.retentionDays.
alter table projects add column audit_retention_days integer;
