// Token signing keys live in the database so every replica signs with the same key and a restart keeps
// sessions valid. generation orders them: a key signs from signs_from until the next generation does; a
// unique generation means replicas racing to create or rotate a key end up with exactly one.
export default `
create table signing_keys (
  generation int primary key,
  kid text not null unique,
  alg text not null,
  public_jwk text not null,
  private_jwk text not null,
  signs_from timestamptz not null,
  created_at timestamptz not null default now()
);
`;
