// Login attempts per account and per client address, in the database so that every replica counts the same
// attempts (see src/users/login-throttle.ts). A row is a key's recent attempts; quiet keys are swept.
export default `
create table login_throttle (
  key text primary key,
  attempts int not null,
  blocked_until timestamptz not null,
  last_attempt timestamptz not null
);
create index login_throttle_last_attempt on login_throttle (last_attempt);
`;
