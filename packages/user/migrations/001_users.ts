// Users, with the email stored normalised (trimmed, lower-case) so uniqueness is one index.
export default `
create table users (
  id text primary key,
  name text not null,
  email text not null unique,
  password_hash text not null,
  type text not null default 'regular' check (type in ('regular', 'vip')),
  created_at timestamptz not null default now()
);
`;
