export function badgeClass(kind: string): string {
  return `badge badge-${kind.toLowerCase()}`;
}

export function Badge({ name, kind = 'info' }: { name: string; kind?: string }) {
  return <span className={badgeClass(kind)}>{name}</span>;
}

export function renderBadges(names: string[]) {
  return names.map((name) => Badge({ name }));
}
