export interface Shape {
  area(): number;
  describe(): string;
}

export class Circle implements Shape {
  constructor(private readonly radius: number) {}

  area(): number {
    return Math.PI * this.radius ** 2;
  }

  describe(): string {
    return `circle r=${this.radius} area=${round(this.area())}`;
  }
}

export class Rect implements Shape {
  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  area(): number {
    return this.width * this.height;
  }

  private isSquare(): boolean {
    return this.width === this.height;
  }

  describe(): string {
    const kind = this.isSquare() ? 'square' : 'rect';
    return `${kind} ${this.width}x${this.height} area=${round(this.area())}`;
  }
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
