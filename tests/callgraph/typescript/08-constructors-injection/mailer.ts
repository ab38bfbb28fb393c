import { Clock } from './clock';

export class Mailer {
  readonly sent: string[] = [];

  constructor(private readonly clock: Clock) {}

  deliver(to: string, text: string): void {
    this.sent.push(`${this.clock.currentTime().toISOString()} ${to}: ${text}`);
  }
}
