-- Tokens carry the version of their agent's account (claim `tv`); resetting the password bumps it,
-- so every token issued before is refused, on REST and on open sockets alike.
alter table agents add column token_version integer not null default 0;
