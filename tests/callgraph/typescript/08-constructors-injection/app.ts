import { Clock, Template } from './clock';
import { Mailer } from './mailer';

class Config {
  constructor(readonly from: string) {}
}

class SignupService {
  private readonly welcome = new Template('welcome {email}, from {from}');

  constructor(
    private readonly mailer: Mailer,
    private readonly config: Config,
  ) {}

  signUp(email: string): void {
    this.mailer.deliver(email, this.welcome.fill({ email, from: this.config.from }));
  }
}

function build(testing: boolean): SignupService {
  const clock = new Clock(testing ? 0 : 60_000);
  return new SignupService(new Mailer(clock), new Config('noreply@example.test'));
}

build(true).signUp('ada@example.com');
