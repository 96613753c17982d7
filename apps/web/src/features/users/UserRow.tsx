import { Trash2 } from 'lucide-react';
import type { Role } from '../../api/auth.queries.ts';
import type { User } from '../../api/users.queries.ts';
import { formatTime, formatWhen } from '../../app/format.ts';
import { ROLE_HELP, ROLES } from './roles.ts';

interface UserRowProps {
  user: User;
  /** The signed-in admin's own row: another admin changes or removes it, so nobody locks themselves out by a slip. */
  isMe: boolean;
  busy: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}

export function UserRow({ user, isMe, busy, onRole, onRemove }: UserRowProps) {
  return (
    <tr data-testid={`user-${user.email}`}>
      <td className="user-email">
        {user.email}
        {isMe && <span className="chip user-you">you</span>}
      </td>
      <td>
        <select
          className="select user-role"
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={isMe || busy}
          title={isMe ? 'Another admin can change your role.' : ROLE_HELP[user.role]}
          onChange={(e) => onRole(e.target.value as Role)}
        >
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </td>
      <td className="muted" title={formatTime(user.createdAt)}>{formatWhen(user.createdAt)}</td>
      <td className="user-actions">
        {!isMe && (
          <button type="button" className="btn btn-sm btn-danger" onClick={onRemove} aria-label={`Remove ${user.email}`}>
            <Trash2 size={14} aria-hidden /> Remove
          </button>
        )}
      </td>
    </tr>
  );
}
