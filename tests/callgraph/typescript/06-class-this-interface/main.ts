import { Circle, Rect, Shape } from './shapes';

function report(shapes: Shape[]): string {
  return shapes.map((shape) => shape.describe()).join('\n');
}

console.log(report([new Circle(1), new Rect(2, 2), new Rect(2, 3)]));
