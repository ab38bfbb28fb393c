export interface User {
  name: string;
  roles: Role[];
}

export enum Role {
  Viewer = 'viewer',
  Editor = 'editor',
  Admin = 'admin',
}
