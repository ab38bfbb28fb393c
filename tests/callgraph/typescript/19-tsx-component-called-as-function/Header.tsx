import { Badge, badgeClass, renderBadges } from './Badge';

function renderTitle(title: string) {
  return <h1 className={badgeClass('title')}>{title}</h1>;
}

export function Header({ title, tags }: { title: string; tags: string[] }) {
  return (
    <header>
      {renderTitle(title)}
      <Badge name="new" kind="NEW" />
      {renderBadges(tags)}
      {Badge({ name: 'beta' })}
    </header>
  );
}
