package main

import (
	"fmt"
	"strconv"

	"example.com/generics/internal/slicesx"
)

func isEven(n int) bool { return n%2 == 0 }

func main() {
	nums := []int{1, 2, 3, 4, 5, 6}
	even := slicesx.Filter(nums, isEven)
	labels := slicesx.Map(even, strconv.Itoa)
	fmt.Println(labels, slicesx.Sum(even), slicesx.Sum([]float64{0.5, 0.25}))

	stack := slicesx.NewStack[string]()
	for _, l := range labels {
		stack.PushItem(l)
	}
	top, _ := stack.PopItem()
	fmt.Println(top, stack.StackDepth())
}
