class Bag:
    def __init__(self):
        self.items = []

    def append(self, item):
        if item not in self.items:
            self.items.append(item)
        return self

    def extend_all(self, items):
        for item in items:
            self.append(item)
        return self
