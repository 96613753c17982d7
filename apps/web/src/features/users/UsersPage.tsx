import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import type { Role } from '../../api/auth.queries.ts';
import { auditKeys } from '../../api/audit.queries.ts';
import { changeUser, removeUser, userKeys, userListQuery, type User } from '../../api/users.queries.ts';
import { useCan, useMe } from '../../app/auth-context.tsx';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { AddUserDialog } from './AddUserDialog.tsx';
import { AuditLog } from './AuditLog.tsx';
import { UserRow } from './UserRow.tsx';
import './users.css';

/** Admins only: who may sign in and in what role, and the audit log of what was done. */
export function UsersPage() {
  const canManage = useCan('GET /api/users');
  if (!canManage)
    return (
      <div className="page">
        <p className="empty">Only admins manage users. Ask an admin if you need another role.</p>
      </div>
    );
  return <UsersAdmin />;
}

function UsersAdmin() {
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useQuery(userListQuery());
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<User | null>(null);
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void queryClient.invalidateQueries({ queryKey: auditKeys.all });
  };
  const changeRole = useMutation({ mutationFn: ({ id, role }: { id: string; role: Role }) => changeUser(id, { role }), onSettled: changed });
  const remove = useMutation({ mutationFn: (id: string) => removeUser(id), onSettled: changed });

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Users</h2>
          <p>Who can sign in, and what each may do. Every change is written to the audit log below.</p>
        </div>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          <UserPlus size={16} aria-hidden /> Add user
        </button>
      </div>
      <ErrorNote error={changeRole.error ?? remove.error} />
      <div className="card">
        {users.isPending ? (
          <p className="empty">Loading users…</p>
        ) : users.isError ? (
          <div className="empty"><ErrorNote error={users.error} /></div>
        ) : (
          <table className="table users-table" data-testid="users-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Added</th>
                <th><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  isMe={u.id === me?.user.id}
                  busy={changeRole.isPending && changeRole.variables?.id === u.id}
                  onRole={(role) => changeRole.mutate({ id: u.id, role })}
                  onRemove={() => setRemoving(u)}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <AuditLog />
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this user?"
        message={`${removing?.email ?? ''} will be signed out everywhere, and their API tokens will stop working. What they made stays.`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing.id, { onSettled: () => setRemoving(null) });
        }}
      />
    </div>
  );
}
