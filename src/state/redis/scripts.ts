import { createHash } from "node:crypto";
import type { Redis } from "./connection.js";

// The few steps that must happen as one, as Lua scripts Redis runs atomically.
// Sent by hash (EVALSHA), and in full the first time Redis does not know it.

export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export async function runScript(client: Redis, s: Script, keys: string[], args: string[]): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(["EVALSHA", s.sha, ...tail]);
  } catch (error) {
    if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
    return client.sendCommand(["EVAL", s.source, ...tail]);
  }
}

/** KEYS: lease. ARGV: holder, ttl ms. 1 when the holder has it now. */
export const LEASE = script(`
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** KEYS: lease. ARGV: holder. Deletes it only if the holder still has it. */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`);

// A stream is two keys: the stream of entries, and a hash with its epoch and
// its last number. A hash created anew (first use, or expired, or lost) gets a
// new epoch, and any stream left under the old one is dropped with it. Both
// keys expire when idle: an append extends them to the full idle time; a read
// only once half of it has gone, so that reading stays free of writes (each
// write is an fsync with appendfsync always).
const OPEN_STREAM = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'epoch', ARGV[1], 'seq', 0)
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
elseif redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) / 2 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
`;

/**
 * KEYS: stream, meta, once key or "", fence key or "".
 * ARGV: candidate epoch, idle ttl ms, record, capacity, once ttl ms, fence holder.
 * The new number, or 0 when a guard refused the record.
 */
export const APPEND = script(`
if KEYS[4] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[6] then return 0 end
if KEYS[3] ~= '' and not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[5]) then return 0 end
${OPEN_STREAM}
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], seq .. '-0', 'r', ARGV[3])
-- After the XADD: the stream of a first append exists only now.
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return seq
`);

/**
 * KEYS: stream, meta. ARGV: candidate epoch, idle ttl ms, first number wanted, count.
 * {epoch, newest, oldest, seq1, record1, seq2, record2 ...}
 */
export const READ = script(`
${OPEN_STREAM}
local newest = tonumber(redis.call('HGET', KEYS[2], 'seq'))
local reply = {redis.call('HGET', KEYS[2], 'epoch'), newest, newest + 1}
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
if #first > 0 then reply[3] = tonumber(string.match(first[1][1], '^(%d+)')) end
if tonumber(ARGV[4]) > 0 then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[3] .. '-0', '+', 'COUNT', ARGV[4])) do
    reply[#reply + 1] = tonumber(string.match(entry[1], '^(%d+)'))
    reply[#reply + 1] = entry[2][2]
  end
end
return reply
`);
