package main

import (
	"fmt"

	"example.com/method-collision-in-file/internal/shapes"
)

func main() {
	all := []shapes.Shape{shapes.Circle{R: 1}, shapes.Rect{W: 2, H: 3}}
	if err := shapes.Validate(all); err != nil {
		fmt.Println("invalid:", err)
		return
	}
	fmt.Println(all)
}
