import { useEffect } from 'react';

export function formatTitle(title: string): string {
  return `${title} | Counter app`;
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = formatTitle(title);
  }, [title]);
}
