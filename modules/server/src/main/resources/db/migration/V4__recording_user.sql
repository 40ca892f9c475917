-- The end user whose session was recorded, so a deletion request by userId finds their recordings.
alter table recordings add column user_id text;
create index recordings_by_user on recordings (user_id);
