// In-memory storage adapter for oidc-provider (sessions, grants, codes, opaque and
// refresh tokens). Unlike the package's quick-start adapter it has no 1000-entry LRU
// cap, so long test runs do not silently lose grants. State ends with the process;
// JWT access tokens stay verifiable after a restart because the keys are on disk.
const GRANTABLE = new Set([
  'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode',
  'BackchannelAuthenticationRequest', 'PreAuthorizedCode',
]);

const entries = new Map(); // `${model}:${id}` -> { payload, expiresAt }
const grantMembers = new Map(); // grantId -> Set of entry keys
const secondary = new Map(); // `${model}:uid:${uid}` / `${model}:userCode:${code}` -> id

const now = () => Date.now();
const live = (entry) => entry && entry.expiresAt > now();

function sweep() {
  const t = now();
  for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  for (const [grantId, keys] of grantMembers) {
    for (const key of keys) if (!entries.has(key)) keys.delete(key);
    if (keys.size === 0) grantMembers.delete(grantId);
  }
  for (const [key, id] of secondary) {
    const model = key.slice(0, key.indexOf(':'));
    if (!entries.has(`${model}:${id}`)) secondary.delete(key);
  }
}
setInterval(sweep, 60_000).unref();

export default class MemoryStore {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    entries.set(key, {
      payload: structuredClone(payload),
      expiresAt: expiresIn ? now() + expiresIn * 1000 : Number.POSITIVE_INFINITY,
    });
    if (payload.grantId && GRANTABLE.has(this.model)) {
      if (!grantMembers.has(payload.grantId)) grantMembers.set(payload.grantId, new Set());
      grantMembers.get(payload.grantId).add(key);
    }
    if (payload.uid) secondary.set(`${this.model}:uid:${payload.uid}`, id);
    if (payload.userCode) secondary.set(`${this.model}:userCode:${payload.userCode}`, id);
  }

  async find(id) {
    const entry = entries.get(this.key(id));
    return live(entry) ? structuredClone(entry.payload) : undefined;
  }

  async findByUid(uid) {
    const id = secondary.get(`${this.model}:uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = secondary.get(`${this.model}:userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const entry = entries.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(now() / 1000);
  }

  async destroy(id) {
    entries.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of grantMembers.get(grantId) ?? []) entries.delete(key);
    grantMembers.delete(grantId);
  }
}
