class Inventory:
    def __init__(self):
        self.stock = {}
        self.history = []

    def _check(self, sku, units):
        if units <= 0:
            raise ValueError(f"{sku}: units must be positive")

    def _record(self, action, sku, units):
        self.history.append((action, sku, units))

    def restock_sku(self, sku, units):
        self._check(sku, units)
        self.stock[sku] = self.count(sku) + units
        self._record("restock", sku, units)

    def reserve_units(self, sku, units):
        self._check(sku, units)
        if self.count(sku) < units:
            return False
        self.stock[sku] -= units
        self._record("reserve", sku, units)
        return True

    def count(self, sku):
        return self.stock.get(sku, 0)
