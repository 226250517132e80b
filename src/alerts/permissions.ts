// Who may change a server's alerts: members with Manage Server (or Administrator, which implies it), in a server.
// Discord hides /alerts from others by default_member_permissions, but a server can override that, so the handler
// checks again with the permissions Discord sent in the interaction.
import { PermissionFlagsBits } from 'discord.js';
import type { Reply } from '../core/reply.js';
import type { CommandRequest } from '../core/request.js';

/** True when the permission bitfield (a decimal string) includes Manage Server or Administrator. */
export function canManageAlerts(memberPermissions: string | null): boolean {
  if (memberPermissions === null || !/^\d+$/.test(memberPermissions)) return false;
  return (BigInt(memberPermissions) & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

/** The ephemeral refusal for a request that may not change alerts, or null when it may. */
export function alertsRefusal(request: Pick<CommandRequest, 'guildId' | 'memberPermissions'>): Reply | null {
  if (request.guildId === null) {
    return { content: 'Alerts are set per server: use /alerts in a server channel.', ephemeral: true };
  }
  if (!canManageAlerts(request.memberPermissions)) {
    return { content: 'Only members with the Manage Server permission can change alerts.', ephemeral: true };
  }
  return null;
}
