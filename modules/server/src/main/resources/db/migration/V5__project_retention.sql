-- A project's own recording retention in days; null follows the deployment's recordings.retentionDays.
alter table projects add column recordings_retention_days integer;
