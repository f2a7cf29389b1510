import type { FolderArea, PermissionGrant, Principal } from '../../domain/request.js';
import type { PermissionRepository } from '../../ports/repositories.js';
import type { Db } from './db.js';

function principalColumns(p: Principal): { principal_kind: string; principal_id: string } {
  return { principal_kind: p.kind, principal_id: p.kind === 'user' ? p.id : '' };
}

function toPrincipal(kind: string, id: string): Principal {
  if (kind === 'user') return { kind, id };
  return kind === 'public' ? { kind: 'public' } : { kind: 'curators' };
}

/** Folder permissions (own, write, read) for a user, the curators or the public. */
export function permissionRepository(db: Db): PermissionRepository {
  return {
    async grant(grants: PermissionGrant[], requestId, at) {
      for (const g of grants) {
        const principal = principalColumns(g.principal);
        await db
          .insertInto('folder_permissions')
          .values({
            request_id: requestId,
            area: g.area,
            folder_name: g.folderName,
            ...principal,
            level: g.level,
            granted_at: at,
          })
          .onConflict((oc) =>
            oc
              .columns(['area', 'folder_name', 'principal_kind', 'principal_id'])
              .doUpdateSet({ level: g.level, granted_at: at, request_id: requestId }),
          )
          .execute();
      }
    },
    async forFolder(area, folderName) {
      const rows = await db
        .selectFrom('folder_permissions')
        .selectAll()
        .where('area', '=', area)
        .where('folder_name', '=', folderName)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        area: r.area as FolderArea,
        folderName: r.folder_name,
        principal: toPrincipal(r.principal_kind, r.principal_id),
        level: r.level as PermissionGrant['level'],
      }));
    },
  };
}
