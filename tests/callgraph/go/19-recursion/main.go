package main

import (
	"fmt"
	"strings"

	"example.com/recursion/internal/tree"
)

func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

func main() {
	root := &tree.Node{Name: "root", Children: []*tree.Node{{Name: "a"}, {Name: "b", Children: []*tree.Node{{Name: "c"}}}}}
	root.WalkDepthFirst(func(n *tree.Node, depth int) {
		fmt.Println(strings.Repeat("  ", depth) + n.Name)
	}, 0)
	fmt.Println(tree.CountNodes(root), isEven(10), isOdd(7))
}
