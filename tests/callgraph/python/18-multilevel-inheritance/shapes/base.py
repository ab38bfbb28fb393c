class Shape:
    def name(self):
        return type(self).__name__.lower()

    def area(self):
        raise NotImplementedError

    def describe(self):
        return f"{self.name()} with area {self.area():.2f}"
