package inventory

import "fmt"

// Inventory tracks units per SKU.
type Inventory struct {
	stock   map[string]int
	history []string
}

// New returns an empty inventory.
func New() *Inventory {
	return &Inventory{stock: map[string]int{}}
}

func (inv *Inventory) check(sku string, units int) error {
	if units <= 0 {
		return fmt.Errorf("%s: units must be positive", sku)
	}
	return nil
}

func (inv *Inventory) record(action, sku string, units int) {
	inv.history = append(inv.history, fmt.Sprintf("%s %s %d", action, sku, units))
}

// UnitsOf returns the units of sku in stock.
func (inv *Inventory) UnitsOf(sku string) int {
	return inv.stock[sku]
}

// Restock adds units of sku.
func (inv *Inventory) Restock(sku string, units int) error {
	if err := inv.check(sku, units); err != nil {
		return err
	}
	inv.stock[sku] = inv.UnitsOf(sku) + units
	inv.record("restock", sku, units)
	return nil
}

// Reserve takes units of sku if there are enough.
func (inv *Inventory) Reserve(sku string, units int) bool {
	if inv.check(sku, units) != nil || inv.UnitsOf(sku) < units {
		return false
	}
	inv.stock[sku] -= units
	inv.record("reserve", sku, units)
	return true
}

// ActionLog returns the recorded actions.
func (inv Inventory) ActionLog() []string {
	return inv.history
}
