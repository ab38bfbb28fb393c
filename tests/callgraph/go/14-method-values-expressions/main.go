package main

import (
	"fmt"

	"example.com/method-values-expressions/internal/counter"
)

func main() {
	c := counter.NewCounter()

	hit := c.Hit
	hit("open")

	counter.Apply(c.Hit, "save", "save")

	(*counter.Counter).Hit(c, "close")

	fmt.Println((*counter.Counter).HitTotal(c))
}
