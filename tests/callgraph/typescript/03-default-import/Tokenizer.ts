export default class Tokenizer {
  constructor(private readonly separator: string) {}

  private clean(token: string): string {
    return token.trim().toLowerCase();
  }

  tokenizeLine(line: string): string[] {
    return line.split(this.separator).map((token) => this.clean(token));
  }
}
