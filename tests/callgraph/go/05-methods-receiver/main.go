package main

import (
	"fmt"

	"example.com/methods-receiver/internal/inventory"
)

func main() {
	inv := inventory.New()
	if err := inv.Restock("apple", 10); err != nil {
		panic(err)
	}
	fmt.Println(inv.Reserve("apple", 4), inv.UnitsOf("apple"), inv.ActionLog())
}
