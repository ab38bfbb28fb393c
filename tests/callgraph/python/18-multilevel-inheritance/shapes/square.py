from .polygon import Polygon


class Square(Polygon):
    def __init__(self, side):
        super().__init__([side] * 4)
        self.side = side

    def area(self):
        return self.side ** 2

    def summary_line(self):
        return self.describe() + f", perimeter {self.perimeter()}"
