export class Clock {
  constructor(private readonly offsetMs = 0) {}

  currentTime(): Date {
    return new Date(Date.UTC(2024, 0, 1) + this.offsetMs);
  }
}

export class Template {
  constructor(private readonly pattern: string) {}

  fill(values: Record<string, string>): string {
    return this.pattern.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
  }
}
