// Checks declared on a command module (`preconditions`) and run before its handler by whatever runs it (the bot's
// router, the terminal): each gives the member's refusal, or null to let the command run, as sapphire's
// preconditions answer ok() or error({ message }). A refusal is shown to the member alone.
import { PermissionFlagsBits } from 'discord.js';
import type { CommandRequest } from './request.js';

export type Precondition = (request: CommandRequest) => string | null;

/** True when a permission bitfield (a decimal string, Discord's `member.permissions`) has `permission` or Administrator. */
export function hasPermission(memberPermissions: string | null, permission: bigint): boolean {
  if (memberPermissions === null || !/^\d+$/.test(memberPermissions)) return false;
  return (BigInt(memberPermissions) & (permission | PermissionFlagsBits.Administrator)) !== 0n;
}

/** Refuses requests made outside a server (a DM, the terminal without --guild). */
export const inServer =
  (refusal: string): Precondition =>
  (request) =>
    request.guildId === null ? refusal : null;

/** Refuses members without `permission` in the channel (Discord can be told to show a command to anyone). */
export const memberHas =
  (permission: bigint, refusal: string): Precondition =>
  (request) =>
    hasPermission(request.memberPermissions, permission) ? null : refusal;
