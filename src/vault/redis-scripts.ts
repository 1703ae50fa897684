// The Redis vault's Lua scripts (src/vault/redis.ts is the backend; the key layout is described there).
// Each script runs atomically on the server, so allocate-or-get, erasure, purge and rotation's
// compare-and-swap cannot interleave with another process's. Single-node Redis: the scripts touch the
// cross-session value index, so they cannot run on Redis Cluster.
import type { Redis } from 'ioredis';

const DROP = `
local function drop(P, sid)
  local lk, tk = P..'l:{'..sid..'}', P..'t:{'..sid..'}'
  local n = redis.call('HLEN', tk)
  for _, l in ipairs(redis.call('HKEYS', lk)) do redis.call('ZREM', P..'v:'..l, sid) end
  redis.call('DEL', P..'s:{'..sid..'}', lk, tk, P..'n:{'..sid..'}', P..'g:{'..sid..'}')
  redis.call('ZREM', P..'sessions', sid)
  return n
end
`;

const MARK = `
local function mark(P, kid, e)
  local s = redis.call('ZSCORE', P..'kids', kid)
  if (not s) or tonumber(s) < tonumber(e) then redis.call('ZADD', P..'kids', e, kid) end
end
`;

const ALLOCATE = `${DROP}${MARK}
local P, sid, now, exp, kind, prefix, pending = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local nl = tonumber(ARGV[8])
local sk, lk, tk, nk = P..'s:{'..sid..'}', P..'l:{'..sid..'}', P..'t:{'..sid..'}', P..'n:{'..sid..'}'
local gk = P..'g:{'..sid..'}'
local e = redis.call('HGET', sk, 'e')
if e and tonumber(e) <= tonumber(now) then e = false end
if not e then
  drop(P, sid)
  redis.call('HSET', sk, 'c', now, 'e', exp)
  redis.call('ZADD', P..'sessions', exp, sid)
  e = exp
end
for i = 1, nl do
  local t = redis.call('HGET', lk, ARGV[8 + i])
  if t then return {t, redis.call('HGET', tk, t) or ''} end
end
local token = false
local base = 8 + nl
if kind == 'counter' then
  repeat
    token = '<'..prefix..'_'..redis.call('HINCRBY', nk, prefix, 1)..'>'
  until redis.call('HEXISTS', tk, token) == 0
else
  for i = 1, tonumber(ARGV[base + 1]) do
    local c = ARGV[base + 1 + i]
    if redis.call('HEXISTS', tk, c) == 0 then token = c; break end
  end
  if not token then return redis.error_reply('KAVACH_NO_FREE_TOKEN') end
end
local lookup = ARGV[9]
local nc = tonumber(ARGV[base + 1])
mark(P, ARGV[base + 2 + nc], e)
-- The client may send the whole record for the token it expects (sealed for that token): used only
-- when that is the token chosen, else the record is reserved and the client fills it.
local rec = pending
if ARGV[base + 3 + nc] == token then rec = ARGV[base + 4 + nc] end
redis.call('HSET', tk, token, rec)
redis.call('HSET', lk, lookup, token)
if kind == 'surrogate' then redis.call('SADD', gk, token) end
local vk = P..'v:'..lookup
redis.call('ZADD', vk, e, sid)
local ttl = string.format('%d', tonumber(e) - tonumber(now))
for _, k in ipairs({sk, lk, tk, nk, gk}) do redis.call('PEXPIRE', k, ttl) end
if redis.call('PTTL', vk) < tonumber(ttl) then redis.call('PEXPIRE', vk, ttl) end
return {token, rec}
`;

const FILL = `${MARK}
local tk = ARGV[1]..'t:{'..ARGV[2]..'}'
local cur = redis.call('HGET', tk, ARGV[3])
if cur == ARGV[4] then
  local e = redis.call('HGET', ARGV[1]..'s:{'..ARGV[2]..'}', 'e')
  if e then mark(ARGV[1], ARGV[6], e) end
  redis.call('HSET', tk, ARGV[3], ARGV[5])
  return ARGV[5]
end
return cur or ''
`;

const MARK_ALL = `${MARK}
for i = 2, #ARGV, 2 do mark(ARGV[1], ARGV[i], ARGV[i + 1]) end
return 1
`;

const GET = `
local P, sid, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
if not e or tonumber(e) <= now then return {} end
local out = {e}
local tk = P..'t:{'..sid..'}'
for i = 4, #ARGV do
  local r = redis.call('HGET', tk, ARGV[i])
  if r then table.insert(out, ARGV[i]); table.insert(out, r) end
end
return out
`;

const ALL_OF_SESSION = `
local P, sid, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
if not e or tonumber(e) <= now then return {} end
local out = redis.call('HGETALL', P..'t:{'..sid..'}')
table.insert(out, 1, e)
return out
`;

const SURROGATES = `
local P, sid, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
if not e or tonumber(e) <= now then return {} end
return redis.call('SMEMBERS', P..'g:{'..sid..'}')
`;

const FORGET_SESSION = `${DROP}
return drop(ARGV[1], ARGV[2])
`;

const FORGET_LOOKUPS = `
local P = ARGV[1]
local n = 0
for i = 2, #ARGV do
  local l = ARGV[i]
  local vk = P..'v:'..l
  for _, sid in ipairs(redis.call('ZRANGE', vk, 0, -1)) do
    local lk = P..'l:{'..sid..'}'
    local t = redis.call('HGET', lk, l)
    if t then
      redis.call('HDEL', lk, l)
      n = n + redis.call('HDEL', P..'t:{'..sid..'}', t)
      redis.call('SREM', P..'g:{'..sid..'}', t)
    end
  end
  redis.call('DEL', vk)
end
return n
`;

const FORGET_TOKENS = `
local P, sid = ARGV[1], ARGV[2]
local tk, lk = P..'t:{'..sid..'}', P..'l:{'..sid..'}'
local n = 0
for i = 3, #ARGV do
  local t = ARGV[i]
  local r = redis.call('HGET', tk, t)
  if r then
    local l = cjson.decode(r).l
    if l and redis.call('HGET', lk, l) == t then
      redis.call('HDEL', lk, l)
      redis.call('ZREM', P..'v:'..l, sid)
    end
    n = n + redis.call('HDEL', tk, t)
    redis.call('SREM', P..'g:{'..sid..'}', t)
  end
end
return n
`;

const FIND_LOOKUPS = `
local P, now = ARGV[1], ARGV[2]
local out = {}
for i = 3, #ARGV do
  local l = ARGV[i]
  for _, sid in ipairs(redis.call('ZRANGEBYSCORE', P..'v:'..l, '(' .. now, '+inf')) do
    local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
    local t = redis.call('HGET', P..'l:{'..sid..'}', l)
    if e and t and tonumber(e) > tonumber(now) then
      local r = redis.call('HGET', P..'t:{'..sid..'}', t)
      if r then
        table.insert(out, sid); table.insert(out, t); table.insert(out, r); table.insert(out, e)
      end
    end
  end
end
return out
`;

const PURGE = `${DROP}
local P, now = ARGV[1], ARGV[2]
local sessions, records = 0, 0
for _, sid in ipairs(redis.call('ZRANGEBYSCORE', P..'sessions', '-inf', now)) do
  local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
  if (not e) or tonumber(e) <= tonumber(now) then
    records = records + drop(P, sid)
    sessions = sessions + 1
  end
end
return {sessions, records}
`;

const SWEEP_INDEX = `
local now = ARGV[1]
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) == 0 then redis.call('DEL', KEYS[i]) end
end
return #KEYS
`;

const REPLACE = `${MARK}
local P, sid, token, old, new, oldL, newL, kid = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local tk, lk = P..'t:{'..sid..'}', P..'l:{'..sid..'}'
if redis.call('HGET', tk, token) ~= old then return 0 end
local e = redis.call('HGET', P..'s:{'..sid..'}', 'e')
if not e then return 0 end
local holder = redis.call('HGET', lk, newL)
if holder and holder ~= token then return 2 end
mark(P, kid, e)
redis.call('HSET', tk, token, new)
if oldL ~= newL and redis.call('HGET', lk, oldL) == token then
  redis.call('HDEL', lk, oldL)
  redis.call('ZREM', P..'v:'..oldL, sid)
end
redis.call('HSET', lk, newL, token)
redis.call('ZADD', P..'v:'..newL, e, sid)
local ttl = redis.call('PTTL', tk)
if ttl > 0 and redis.call('PTTL', P..'v:'..newL) < ttl then redis.call('PEXPIRE', P..'v:'..newL, ttl) end
return 1
`;

/** The scripts as commands on one ioredis client (or pipeline). */
export type Scripts = Record<'kvForgetTokens' | 'kvMarkAll' | 'kvSurrogates' | 'kvAllocate' | 'kvFill' | 'kvGet' | 'kvAll' | 'kvForgetSession' | 'kvForgetLookups' | 'kvFind' | 'kvPurge' | 'kvReplace', (...args: (string | number)[]) => Promise<unknown>> & {
  kvSweep(numKeys: number, ...args: (string | number)[]): Promise<unknown>;
};

/** A pipeline with the scripts defined on it. */
export type ScriptPipeline = Scripts & { exec(): Promise<[Error | null, unknown][]> };

/** Define every script on a client (ioredis sends EVALSHA and falls back to EVAL once per script). */
export function defineScripts(redis: Redis): void {
  const define = (name: string, lua: string, numberOfKeys = 0): void => redis.defineCommand(name, { numberOfKeys, lua });
  define('kvAllocate', ALLOCATE);
  define('kvFill', FILL);
  define('kvGet', GET);
  define('kvAll', ALL_OF_SESSION);
  define('kvSurrogates', SURROGATES);
  define('kvForgetSession', FORGET_SESSION);
  define('kvForgetLookups', FORGET_LOOKUPS);
  define('kvFind', FIND_LOOKUPS);
  define('kvPurge', PURGE);
  define('kvReplace', REPLACE);
  define('kvMarkAll', MARK_ALL);
  define('kvForgetTokens', FORGET_TOKENS);
  redis.defineCommand('kvSweep', { lua: SWEEP_INDEX });
}
